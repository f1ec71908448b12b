// Partnero's semantics as lint rules and a docs decorator (Redocly plugin, `partnero/...`).
// The client's retry table and the mock's state read `x-partnero-*`, so a missing or
// misspelled value must fail the build rather than silently fall back to the HTTP method.

/** How sure the spec is that Partnero has this operation, and in this shape. */
export const EVIDENCE = {
  documented: { color: '#2e7d32', label: 'documented', means: 'the current or legacy Partnero docs show it' },
  'official-client': {
    color: '#ef6c00',
    label: 'official client only',
    means: 'only an official client (PHP SDK or n8n node) uses it; the docs do not show it',
  },
  unverified: {
    color: '#c62828',
    label: 'unverified',
    means: 'no documentation and no released official client shows it',
  },
};

// What the HTTP method alone suggests: RFC 9110 idempotent methods. POST is not.
const IDEMPOTENT_METHODS = new Set(['get', 'head', 'options', 'put', 'delete', 'trace']);

function methodOf(ctx) {
  const key = ctx.key;
  return typeof key === 'string' ? key.toLowerCase() : undefined;
}

function reportUnknownEvidence(node, ctx, where) {
  const evidence = node['x-partnero-evidence'];
  if (evidence in EVIDENCE) return;
  ctx.report({
    message: `${where}: x-partnero-evidence must be one of ${Object.keys(EVIDENCE).join(' | ')} (got ${JSON.stringify(evidence)}). Pick it from the sources in spec/README.md.`,
    location: ctx.location.child('x-partnero-evidence').key(),
  });
}

function OperationSemantics() {
  return {
    // A schema may carry the level of its own shape (an unverified answer of a documented call).
    Schema: {
      enter(schema, ctx) {
        if (schema && 'x-partnero-evidence' in schema)
          reportUnknownEvidence(schema, ctx, ctx.location.pointer);
      },
    },
    Operation: {
      enter(operation, ctx) {
        const where = operation.operationId ?? ctx.location.pointer;
        reportUnknownEvidence(operation, ctx, where);
        const idempotent = operation['x-partnero-idempotent'];
        if (typeof idempotent !== 'boolean') {
          ctx.report({
            message: `${where}: x-partnero-idempotent must be true or false (got ${JSON.stringify(idempotent)}): may the request be sent twice without doing something twice?`,
            location: ctx.location.child('x-partnero-idempotent').key(),
          });
          return;
        }
        const method = methodOf(ctx);
        if (!method || IDEMPOTENT_METHODS.has(method) === idempotent) return;
        const marker = idempotent ? 'Idempotent:' : 'Not idempotent:';
        if (!String(operation.description ?? '').includes(marker)) {
          ctx.report({
            message: `${where}: x-partnero-idempotent: ${idempotent} is not what ${method.toUpperCase()} suggests; say why in the description, in a sentence starting "${marker}".`,
            location: ctx.location.child('description'),
          });
        }
      },
    },
  };
}

// Redoc renders `x-badges` next to the operation title: the reader sees the evidence level
// (and a warning for non-idempotent operations) without opening the description.
function SemanticsBadges() {
  return {
    Operation: {
      leave(operation) {
        const badges = [...(operation['x-badges'] ?? [])];
        const evidence = EVIDENCE[operation['x-partnero-evidence']];
        if (evidence) badges.push({ name: evidence.label, color: evidence.color });
        if (operation['x-partnero-idempotent'] === false)
          badges.push({ name: 'not idempotent', color: '#6a1b9a' });
        if (badges.length) operation['x-badges'] = badges;
      },
    },
  };
}

export default function partneroPlugin() {
  return {
    id: 'partnero',
    rules: { oas3: { 'operation-semantics': OperationSemantics } },
    decorators: { oas3: { 'semantics-badges': SemanticsBadges } },
  };
}
