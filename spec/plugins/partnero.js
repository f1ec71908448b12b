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

// Prism answers the lowest documented 2xx; where the sources list several, the spec names the
// one the current docs show, and the mock, the contract suite and the docs read it from there.
function reportSuccessStatus(operation, ctx, where) {
  const successes = Object.keys(operation.responses ?? {}).filter((code) => /^2\d\d$/.test(code));
  const named = operation['x-partnero-success'];
  if (named === undefined) {
    if (successes.length > 1)
      ctx.report({
        message: `${where}: documents ${successes.join(' and ')}; say which one Partnero answers with x-partnero-success (the current docs' status).`,
        location: ctx.location.child('responses').key(),
      });
    return;
  }
  if (!Number.isInteger(named) || !successes.includes(String(named)))
    ctx.report({
      message: `${where}: x-partnero-success must be one of the operation's documented 2xx statuses (${successes.join(', ') || 'none'}), got ${JSON.stringify(named)}.`,
      location: ctx.location.child('x-partnero-success').key(),
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
        reportSuccessStatus(operation, ctx, where);
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

// Every status the API answers, documented: a client (and a foreign generator's types) must
// know the answer to a malformed body (400), to a parameter that fails its schema (422; Prism
// and Partnero validate `limit`, typed ids, enums) and to an action on a record that is not there.
const STATUS_REASONS = {
  400: 'it takes a request body, and a malformed one (not JSON) is answered 400',
  422: 'a parameter has a schema a value can fail (type, enum, pattern, length or format), answered 422',
  404: 'its x-partnero-action changes a record, and a record that does not exist is answered 404',
};

/** A parameter whose schema a sent value can fail (a path segment is never empty, so minLength alone does not count there). */
function isValidated(parameter, resolve) {
  const schema = parameter?.schema ? resolve(parameter.schema) : undefined;
  if (!schema) return false;
  if (['integer', 'number', 'boolean'].includes(schema.type)) return true;
  if (['enum', 'pattern', 'maxLength', 'format'].some((keyword) => keyword in schema)) return true;
  return parameter.in === 'query' && (schema.minLength ?? 0) >= 1;
}

function DocumentsClientErrors() {
  return {
    Paths: {
      Operation: {
        enter(operation, ctx) {
          const resolve = (node) => ctx.resolve(node).node;
          const where = operation.operationId ?? ctx.location.pointer;
          const parameters = (operation.parameters ?? []).map(resolve);
          const needed = [];
          if (operation.requestBody) needed.push(400);
          if (parameters.some((parameter) => isValidated(parameter, resolve))) needed.push(422);
          if (operation['x-partnero-action']?.set) needed.push(404);
          for (const status of needed) {
            if (operation.responses?.[String(status)]) continue;
            ctx.report({
              message: `${where}: document the ${status} (use components.responses): ${STATUS_REASONS[status]}.`,
              location: ctx.location.child('responses').key(),
            });
          }
        },
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
    rules: {
      oas3: {
        'operation-semantics': OperationSemantics,
        lookup: Lookup,
        'documents-client-errors': DocumentsClientErrors,
      },
    },
    decorators: { oas3: { 'semantics-badges': SemanticsBadges } },
  };
}
