import { deref, type Json, type SpecOperation, specOperations } from '@partnero-ts/spec-tools';

export type Evidence = 'documented' | 'official-client' | 'unverified';

/** A path parameter filled from a field of the items of an earlier list answer. */
export interface Feed {
  param: string;
  list: SpecOperation;
  /** Top-level property of the list's answer that holds its items (`data` throughout Partnero). */
  itemsProperty: string;
  field: string;
}

export type Step =
  | { kind: 'call'; op: SpecOperation; feeds: Feed[] }
  | { kind: 'skip'; op: SpecOperation; reason: string };

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}

interface ListShape {
  itemsProperty: string;
  /** The items' schema node as written (a `$ref` when the items are a named schema). */
  items: Json;
}

export function evidenceOf(op: SpecOperation): Evidence {
  return op.operation['x-partnero-evidence'] as Evidence;
}

function successSchema(op: SpecOperation): Json | undefined {
  const responses = op.operation.responses as Json;
  const code = Object.keys(responses).find((status) => /^2\d\d$/.test(status));
  if (code === undefined) return undefined;
  const response = deref<{ content?: Record<string, { schema?: Json }> }>(responses[code]);
  const schema = response.content?.['application/json']?.schema;
  return schema ? deref(schema) : undefined;
}

/** Where a list operation's answer keeps its items: its first top-level array property. */
export function listShape(op: SpecOperation): ListShape | undefined {
  const properties = (successSchema(op)?.properties ?? {}) as Record<string, Json>;
  for (const [name, node] of Object.entries(properties)) {
    const schema = deref(node);
    if (schema.type === 'array' && schema.items) return { itemsProperty: name, items: schema.items as Json };
  }
  return undefined;
}

/** Whether a schema, or every-or-any of its variants, names a property (the value may still be absent). */
function declaresProperty(node: unknown, name: string): boolean {
  const schema = deref(node);
  if (name in ((schema.properties as Json | undefined) ?? {})) return true;
  const parts = [
    ...((schema.allOf as Json[]) ?? []),
    ...((schema.oneOf as Json[]) ?? []),
    ...((schema.anyOf as Json[]) ?? []),
  ];
  return parts.some((part) => declaresProperty(part, name));
}

function pathParams(path: string): { name: string; collection: string }[] {
  const segments = path.split('/');
  return segments.flatMap((segment, index) => {
    const match = /^\{(.+)\}$/.exec(segment);
    return match?.[1] ? [{ name: match[1], collection: segments.slice(0, index).join('/') }] : [];
  });
}

function requiredQuery(op: SpecOperation): string | undefined {
  for (const ref of (op.operation.parameters as unknown[] | undefined) ?? []) {
    const param = deref<Parameter>(ref);
    if (param.in === 'query' && param.required) return param.name;
  }
  return undefined;
}

/** Why an operation is never sent by a read-only run, or undefined when it may be. */
function readOnlyRefusal(op: SpecOperation): string | undefined {
  if (op.method !== 'get') return `a ${op.method.toUpperCase()} may write: the live run sends only GET`;
  if (op.operation['x-partnero-idempotent'] !== true)
    return 'x-partnero-idempotent: false: this GET acts, so a read-only run never sends it';
  const query = requiredQuery(op);
  // A required query parameter is an input (the lead to reject, the key to look up), not an
  // address a list answer gives: filling it could act on real data (GET /leads/convert, which is
  // also marked not idempotent) or look up what no list shows (GET /customer?key=).
  if (query !== undefined)
    return `required query parameter \`${query}\`: only path parameters are filled, from list answers`;
  return undefined;
}

/**
 * The list that feeds `{param}`: a callable GET list of the parameter's collection (the path
 * before it, e.g. `/partners` for `/partners/{id}`), else a colon action on it
 * (`/partner_referral_links:search`), whose items declare a property of that name. A list whose
 * items are the operation's own schema wins over one of another schema (`:domains`).
 */
function feedFor(
  op: SpecOperation,
  param: { name: string; collection: string },
  lists: SpecOperation[],
): Feed | undefined {
  const ownSchema = (successSchema(op)?.properties as Record<string, Json> | undefined) ?? {};
  const ranked = lists
    .filter((list) => list.path === param.collection || list.path.startsWith(`${param.collection}:`))
    .map((list) => ({ list, shape: listShape(list) as ListShape }))
    .filter(({ shape }) => declaresProperty(shape.items, param.name))
    .map((candidate) => {
      const sameSchema =
        typeof candidate.shape.items.$ref === 'string' &&
        ownSchema[candidate.shape.itemsProperty]?.$ref === candidate.shape.items.$ref;
      const rank = (candidate.list.path === param.collection ? 0 : 2) + (sameSchema ? 0 : 1);
      return { ...candidate, rank };
    })
    .sort((a, b) => a.rank - b.rank);
  const best = ranked[0];
  return best
    ? { param: param.name, list: best.list, itemsProperty: best.shape.itemsProperty, field: param.name }
    : undefined;
}

/**
 * The live run's plan, derived from the spec alone: every operation, either called (in an order
 * where each list runs before the operations it feeds) or skipped with the reason.
 */
export function planLiveRun(operations: SpecOperation[] = specOperations()): Step[] {
  const steps: Step[] = [];
  const readable: SpecOperation[] = [];
  for (const op of operations) {
    const refusal = readOnlyRefusal(op);
    if (refusal === undefined) readable.push(op);
    else steps.push({ kind: 'skip', op, reason: refusal });
  }
  // A feeding list sits at a shorter path, with fewer path parameters, so it is planned first.
  const byDepth = readable
    .map((op, index) => ({ op, index, depth: pathParams(op.path).length }))
    .sort((a, b) => a.depth - b.depth || a.index - b.index);
  const callableLists: SpecOperation[] = [];
  const calls: Step[] = [];
  for (const { op } of byDepth) {
    const feeds: Feed[] = [];
    let missing: { name: string; collection: string } | undefined;
    for (const param of pathParams(op.path)) {
      const feed = feedFor(op, param, callableLists);
      if (feed) feeds.push(feed);
      else missing ??= param;
    }
    if (missing) {
      steps.push({
        kind: 'skip',
        op,
        reason: `path parameter \`{${missing.name}}\`: no GET list of ${missing.collection} has items declaring \`${missing.name}\``,
      });
      continue;
    }
    calls.push({ kind: 'call', op, feeds });
    if (listShape(op)) callableLists.push(op);
  }
  return [...calls, ...steps];
}
