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

// `x-partnero-lookup: {operationId, by: [field, ...]}` on a create: how the client's createOnce
// finds what a create made when its answer was lost. Each `by` field of the create's body is a
// path or query parameter of the same name of the read operation `operationId`. Checked once the
// whole document is seen, since the read operation may come after the create.
function Lookup() {
  const reads = new Map();
  const lookups = [];
  return {
    Operation: {
      enter(operation, ctx) {
        const where = operation.operationId ?? ctx.location.pointer;
        const names = (operation.parameters ?? [])
          .map((parameter) => (parameter?.$ref ? ctx.resolve(parameter).node : parameter))
          .filter((parameter) => parameter && ['path', 'query'].includes(parameter.in))
          .map((parameter) => parameter.name);
        if (operation.operationId)
          reads.set(operation.operationId, { method: methodOf(ctx), operation, names });
        if (!('x-partnero-lookup' in operation)) return;
        const location = ctx.location.child('x-partnero-lookup');
        const lookup = operation['x-partnero-lookup'];
        const report = (message) =>
          ctx.report({ message: `${where}: x-partnero-lookup ${message}`, location });
        if (methodOf(ctx) !== 'post' || operation['x-partnero-idempotent'] !== false) {
          return report('belongs on a create (a POST with x-partnero-idempotent: false).');
        }
        const by = lookup?.by;
        if (
          typeof lookup?.operationId !== 'string' ||
          !Array.isArray(by) ||
          by.length === 0 ||
          !by.every((field) => typeof field === 'string') ||
          Object.keys(lookup).some((name) => name !== 'operationId' && name !== 'by')
        ) {
          return report(
            'must be {operationId: <a read operation>, by: [<body field>, ...]} (see spec/README.md).',
          );
        }
        lookups.push({ where, lookup, location, report });
      },
    },
    Root: {
      leave() {
        for (const { lookup, report } of lookups) {
          const read = reads.get(lookup.operationId);
          if (read?.method !== 'get' || read.operation['x-partnero-idempotent'] !== true) {
            report(`names ${lookup.operationId}, which is not an idempotent GET operation of this spec.`);
            continue;
          }
          const missing = lookup.by.filter((field) => !read.names.includes(field));
          if (missing.length)
            report(`field ${missing.join(', ')} is not a path or query parameter of ${lookup.operationId}.`);
        }
      },
    },
  };
}

export default function partneroPlugin() {
  return {
    id: 'partnero',
    rules: { oas3: { 'operation-semantics': OperationSemantics, lookup: Lookup } },
    decorators: { oas3: { 'semantics-badges': SemanticsBadges } },
  };
}
