import {
  examplesOf,
  follow,
  type Json,
  parametersOf,
  pointerOf,
  successStatus,
} from '@partnero-ts/spec/read';

/**
 * Which resources the mock stores and what each operation does to them, derived from the spec:
 *
 * - a collection is a path without parameters or a colon whose POST answers one `data` object
 *   (`/partners`), and is not itself under another collection (`/leads/convert` is under `/leads`);
 * - `C/{p}` reads, updates and deletes one record (`p` names the field that identifies it);
 *   `GET C` lists, `POST C` creates, `PUT C` / `DELETE C` update or delete the record the body
 *   names, `GET C:search` filters; an `update` property in a body wraps the changed fields;
 * - every other operation under `C/{p}/` needs that record to exist (else 404).
 *
 * What paths cannot say comes from two vendor extensions (lint-checked in spec/redocly.yaml):
 * `x-partnero-filter` on a list's query parameter names the field of the items it filters by
 * (`partner.key` keeps customers whose `partner` is the value);
 * `x-partnero-resource` names the collection of a lookup that lives elsewhere (`GET /partner`)
 * and, on a webhook event, the collection whose records it carries (`partner.created`:
 * `/partners`); `x-partnero-action` says what an operation sets on its record
 * (`{status: archived}`) and which event it sends when that is not the resource's
 * `*.created`, `*.updated` or `*.deleted`.
 * Deprecated operations keep Prism's example answers.
 */
export interface Resource {
  /** `/partners` */
  collection: string;
  /** Fields a path parameter identifies a record by, in the order they are tried: `['key', 'id']`. */
  lookupFields: string[];
  /** Every field a request may identify a record by (path, query or body): adds `email`, ... */
  identifierFields: Set<string>;
  /** Pointer of the record schema: the `data` the create operation answers. */
  recordPointer: string;
  /** Webhook events that carry a record of this resource (`x-partnero-resource`), e.g. `partner.created`. */
  events: string[];
}

export type Lookup = 'path' | 'query' | 'body';

export type Role =
  | { kind: 'list' | 'search' }
  | { kind: 'create'; event?: string }
  | { kind: 'read'; by: Lookup }
  | { kind: 'update'; by: Lookup; wrapped: boolean; bodyIdentifiers: string[] }
  | { kind: 'delete'; by: Lookup; bodyIdentifiers: string[] }
  | { kind: 'action'; by: Lookup; set?: Record<string, unknown>; event?: string }
  /** Under `C/{p}/` with no action: the record must exist; Prism answers. */
  | { kind: 'nested' };

export interface OperationModel {
  operationId: string;
  method: string;
  /** Spec path template, e.g. `/partners/{id}`. */
  path: string;
  resource: Resource;
  role: Role;
  /** Name of the path parameter that identifies the record, for path lookups. */
  pathParameter?: string;
  /** The documented success status and its named examples (`{name: value}`). */
  successStatus: number;
  examples: [string, Json][];
  /** Pointer of the schema of the answer's `data` (of one item, for lists), when it has one. */
  dataPointer?: string;
  /** Named request body examples, for seeding. */
  requestExamples: [string, unknown][];
  /** The `limit` parameter's default, for lists. */
  defaultLimit?: number;
  /**
   * Query parameters that filter a list by a field of another name (`x-partnero-filter`):
   * `partner.key` -> `partner`. A parameter named as the field filters without one.
   */
  filters?: Record<string, string>;
}

export interface StateModel {
  resources: Resource[];
  /** Keyed `METHOD /path/{template}`, as the Prism router resolves it. */
  operations: Map<string, OperationModel>;
  /** Webhook event name to the pointer of its `data` schema. */
  eventData: Map<string, string>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface RawOperation {
  path: string;
  method: string;
  op: Json;
}

export function deriveModel(root: Json): StateModel {
  const raw = rawOperations(root);
  const webhooks = webhookEvents(root);
  const eventData = new Map(webhooks.map((event) => [event.name, event.dataPointer]));
  const resources = new Map<string, Resource>();
  for (const collection of collectionsOf(raw, root)) {
    resources.set(collection, resourceOf(collection, raw, root));
  }
  for (const event of webhooks) {
    if (event.resource === undefined) continue;
    const resource = resources.get(event.resource);
    if (resource === undefined) {
      throw new Error(`webhook ${event.name}: x-partnero-resource "${event.resource}" is not a collection`);
    }
    resource.events.push(event.name);
  }
  const operations = new Map<string, OperationModel>();
  for (const entry of raw) {
    const modelled = modelOperation(entry, resources, root, eventData);
    if (modelled) operations.set(`${entry.method.toUpperCase()} ${entry.path}`, modelled);
  }
  return { resources: [...resources.values()], operations, eventData };
}

function rawOperations(root: Json): RawOperation[] {
  const out: RawOperation[] = [];
  for (const [path, item] of Object.entries((root.paths as Record<string, Json> | undefined) ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (op && op.deprecated !== true) out.push({ path, method, op });
    }
  }
  return out;
}

function collectionsOf(raw: RawOperation[], root: Json): string[] {
  const candidates = [
    ...new Set(
      raw
        .filter(
          ({ path, method, op }) =>
            method === 'post' && !/[{:]/.test(path) && dataOf(root, op, path, method)?.list === false,
        )
        .map(({ path }) => path),
    ),
  ].sort((a, b) => a.length - b.length);
  const collections: string[] = [];
  for (const path of candidates) {
    if (!collections.some((outer) => path.startsWith(`${outer}/`))) collections.push(path);
  }
  return collections;
}

function resourceOf(collection: string, raw: RawOperation[], root: Json): Resource {
  const lookupFields: string[] = [];
  for (const { path } of raw) {
    const parameter = new RegExp(`^${escapeRegExp(collection)}/\\{([^}]+)\\}(?:/|$)`).exec(path)?.[1];
    if (parameter && !lookupFields.includes(parameter)) lookupFields.push(parameter);
  }
  const identifierFields = new Set(lookupFields);
  for (const { path, method, op } of raw) {
    if (path === collection && (method === 'put' || method === 'delete')) {
      for (const field of bodyIdentifiers(root, op, method, lookupFields)) identifierFields.add(field);
    }
  }
  const create = raw.find(({ path, method }) => path === collection && method === 'post') as RawOperation;
  const recordPointer = (dataOf(root, create.op, create.path, create.method) as { pointer: string }).pointer;
  return { collection, lookupFields, identifierFields, recordPointer, events: [] };
}

function modelOperation(
  { path, method, op }: RawOperation,
  resources: Map<string, Resource>,
  root: Json,
  eventData: Map<string, string>,
): OperationModel | undefined {
  const operationId = String(op.operationId);
  const action = op['x-partnero-action'] as { set?: Record<string, unknown>; event?: string } | undefined;
  const named = op['x-partnero-resource'];
  if (action?.event !== undefined && !eventData.has(action.event)) {
    throw new Error(`${operationId}: x-partnero-action.event "${action.event}" names no webhook in the spec`);
  }
  const owner =
    typeof named === 'string'
      ? resources.get(named)
      : [...resources.values()].find(
          ({ collection }) =>
            path === collection || path.startsWith(`${collection}/`) || path.startsWith(`${collection}:`),
        );
  if (owner === undefined) {
    if (named !== undefined || action !== undefined) {
      throw new Error(
        `${operationId}: ${named !== undefined ? `x-partnero-resource "${String(named)}" is not a collection` : 'x-partnero-action on an operation under no collection'}`,
      );
    }
    return undefined;
  }
  const rest = typeof named === 'string' ? '' : path.slice(owner.collection.length);
  const pathParameter = /^\/\{([^}]+)\}/.exec(rest)?.[1];
  const role = roleOf(method, rest, op, root, owner, action, typeof named === 'string');
  if (role === undefined) return undefined;
  const success = successOf(root, op, path, method);
  if (success === undefined) return undefined;
  const data = dataOf(root, op, path, method);
  const query = parametersOf(root, op).filter((parameter) => parameter.in === 'query');
  const limit = query.find((parameter) => parameter.name === 'limit');
  const filters = Object.fromEntries(
    query.flatMap((parameter) => {
      const field = (parameter as unknown as Json)['x-partnero-filter'];
      return typeof field === 'string' ? [[parameter.name, field]] : [];
    }),
  );
  const defaultLimit = (limit?.schema as Json | undefined)?.default;
  return {
    operationId,
    method,
    path,
    resource: owner,
    role,
    ...(pathParameter !== undefined && { pathParameter }),
    successStatus: success.status,
    // JSON answers: their examples are objects (lint checks every example against its schema).
    examples: examplesOf(root, success.media) as [string, Json][],
    ...(data !== undefined && { dataPointer: data.pointer }),
    requestExamples: examplesOf(root, requestMedia(root, op)),
    ...(typeof defaultLimit === 'number' && { defaultLimit }),
    ...(Object.keys(filters).length > 0 && { filters }),
  };
}

function roleOf(
  method: string,
  rest: string,
  op: Json,
  root: Json,
  resource: Resource,
  action: { set?: Record<string, unknown>; event?: string } | undefined,
  named: boolean,
): Role | undefined {
  const item = /^\/\{[^}]+\}$/.test(rest);
  const under = /^\/\{[^}]+\}\//.test(rest);
  const by: Lookup = item || under ? 'path' : method === 'get' ? 'query' : 'body';
  if (action !== undefined && (action.set !== undefined || method !== 'post' || rest !== '')) {
    return {
      kind: 'action',
      by,
      ...(action.set && { set: action.set }),
      ...(action.event && { event: action.event }),
    };
  }
  if (named) return method === 'get' ? { kind: 'read', by: 'query' } : undefined;
  if (rest === '') {
    if (method === 'get') return { kind: 'list' };
    if (method === 'post') return { kind: 'create', ...(action?.event && { event: action.event }) };
    const bodyFields = bodyIdentifiers(root, op, method, resource.lookupFields);
    if (method === 'put')
      return { kind: 'update', by: 'body', wrapped: hasUpdateWrapper(root, op), bodyIdentifiers: bodyFields };
    if (method === 'delete') return { kind: 'delete', by: 'body', bodyIdentifiers: bodyFields };
    return undefined;
  }
  if (rest === ':search' && method === 'get') return { kind: 'search' };
  if (item) {
    if (method === 'get') return { kind: 'read', by: 'path' };
    if (method === 'put')
      return { kind: 'update', by: 'path', wrapped: hasUpdateWrapper(root, op), bodyIdentifiers: [] };
    if (method === 'delete') return { kind: 'delete', by: 'path', bodyIdentifiers: [] };
  }
  if (under) return { kind: 'nested' };
  return undefined;
}

/** The fields a body-identified PUT or DELETE names its record by. */
function bodyIdentifiers(root: Json, op: Json, method: string, lookupFields: string[]): string[] {
  const properties = bodyProperties(root, op);
  const names = Object.keys(properties);
  // With an `update` wrapper every other property identifies; a flat PUT is identified by the
  // fields a path parameter would use (`uuid_code`, `code`); a DELETE by its scalar properties.
  if (names.includes('update')) return names.filter((name) => name !== 'update');
  if (method === 'put') return names.filter((name) => lookupFields.includes(name));
  return names.filter((name) => follow(root, properties[name], '').node?.type !== 'object');
}

function hasUpdateWrapper(root: Json, op: Json): boolean {
  return 'update' in bodyProperties(root, op);
}

function bodyProperties(root: Json, op: Json): Record<string, unknown> {
  const schema = follow(root, requestMedia(root, op)?.schema, '').node;
  const properties: Record<string, unknown> = {};
  const collect = (node: Json | undefined) => {
    if (!node) return;
    Object.assign(properties, node.properties ?? {});
    for (const part of (node.allOf as unknown[] | undefined) ?? []) collect(follow(root, part, '').node);
  };
  collect(schema);
  return properties;
}

function requestMedia(root: Json, op: Json): Json | undefined {
  const body = follow(root, op.requestBody, '').node;
  return (body?.content as Record<string, Json> | undefined)?.['application/json'];
}

/** The documented success answer: its status, JSON media object, and where that lives. */
function successOf(root: Json, op: Json, path: string, method: string) {
  const responses = (op.responses as Record<string, Json> | undefined) ?? {};
  // The status the engine answers: `x-partnero-success` where named, else the lowest 2xx.
  const status = successStatus(op);
  const code = status === undefined ? undefined : String(status);
  if (code === undefined || responses[code] === undefined) return undefined;
  const response = follow(root, responses[code], pointerOf('paths', path, method, 'responses', code));
  const media = (response.node?.content as Record<string, Json> | undefined)?.['application/json'];
  return { status: Number(code), media, mediaPointer: `${response.pointer}/content/application~1json` };
}

/** The `data` schema of an operation's success answer (of one item, for a list): where it lives. */
function dataOf(
  root: Json,
  op: Json,
  path: string,
  method: string,
): { pointer: string; list: boolean } | undefined {
  const success = successOf(root, op, path, method);
  if (success?.media === undefined) return undefined;
  const schema = follow(root, success.media.schema, `${success.mediaPointer}/schema`);
  const data = (schema.node?.properties as Json | undefined)?.data;
  if (data === undefined) return undefined;
  const dataAt = follow(root, data, `${schema.pointer}/properties/data`);
  if (dataAt.node?.type !== 'array') return { pointer: dataAt.pointer, list: false };
  return { pointer: follow(root, dataAt.node.items, `${dataAt.pointer}/items`).pointer, list: true };
}

export interface WebhookEventModel {
  name: string;
  /** Where the whole payload's schema (envelope and data) lives. */
  payloadPointer: string;
  dataPointer: string;
  /** The collection whose records it carries (`x-partnero-resource`). */
  resource?: string;
  /** The payload of the spec's first example of it, if any. */
  example?: unknown;
}

/** The spec's webhook events: name, where their schemas live, the collection they carry, their example. */
export function webhookEvents(root: Json): WebhookEventModel[] {
  const events: WebhookEventModel[] = [];
  for (const [name, item] of Object.entries((root.webhooks as Record<string, Json> | undefined) ?? {})) {
    const post = (follow(root, item, '').node?.post as Json | undefined) ?? {};
    const media = requestMedia(root, post);
    const payload = follow(root, media?.schema, '');
    const dataPointer = dataPointerIn(root, payload.node, payload.pointer);
    if (dataPointer === undefined) continue;
    const resource = post['x-partnero-resource'];
    const example = firstExample(root, media);
    events.push({
      name,
      payloadPointer: payload.pointer,
      dataPointer,
      ...(typeof resource === 'string' && { resource }),
      ...(example !== undefined && { example }),
    });
  }
  return events;
}

function firstExample(root: Json, media: Json | undefined): unknown {
  if (media?.example !== undefined) return media.example;
  const first = Object.values((media?.examples as Record<string, unknown> | undefined) ?? {})[0];
  return follow(root, first, '').node?.value;
}

function dataPointerIn(root: Json, node: Json | undefined, at: string): string | undefined {
  if (!node) return undefined;
  const data = (node.properties as Json | undefined)?.data as Json | undefined;
  if (data?.$ref !== undefined) return follow(root, data, `${at}/properties/data`).pointer;
  for (const [i, part] of ((node.allOf as unknown[] | undefined) ?? []).entries()) {
    const inner = follow(root, part, `${at}/allOf/${i}`);
    const found = dataPointerIn(root, inner.node, inner.pointer);
    if (found !== undefined) return found;
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
