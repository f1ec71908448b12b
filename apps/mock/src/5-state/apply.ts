import { type Json, pathParameters } from '@partnero-ts/spec/read';
import { problem, type Reply, reply } from '../answer.js';
import type { OperationModel, Resource, Role, StateModel } from './model.js';
import { paginationOf, selectPage } from './paging.js';
import {
  composeCache,
  deepFreeze,
  isObject,
  mergeFields,
  newIdentifier,
  type StoredRecord,
  timestamp,
} from './records.js';
import type { Schemas } from './schemas.js';
import type { Seeds } from './seed.js';
import type { KeyState, Store } from './store.js';
import { newSecret, SUBSCRIPTIONS } from './subscriptions.js';

/** One successful API answer, about to be applied to the caller's state. */
export interface StateInput {
  token: string;
  /** `METHOD /path/{template}`, as the router resolved it. */
  operationKey: string;
  /** The request URL (links of list pages point back at it). */
  url: URL;
  /** The API path, without the `/v1` prefix. */
  path: string;
  body: unknown;
  /** Prism's answer: the status and headers the state answer keeps. */
  answer: Reply;
  /** The operation's own answer for a status the state decides (404). */
  answerStatus(status: number, message: string): Promise<Reply>;
}

/** What a write committed: the record it named or made, and the event it sends. */
export interface Commit {
  id?: string;
  event?: { name: string; data: unknown };
}

export interface StateOutcome {
  answer: Reply;
  commit?: Commit;
}

/**
 * Applies a successful answer to the caller's stored records (per API key): answers from them and
 * takes the writes; 5-state/commit.ts is the stage that calls it. Everything it knows about an operation comes from `model.ts`; answers are the stored
 * record laid over the operation's example, and always fit the operation's schema.
 */
/** The 507 for a write past a cap of the store (records or bytes, per key or in total). */
function storageFull(): Reply {
  return problem(
    507,
    'Insufficient Storage',
    'This write would take the mock past what it keeps (records or bytes per API key, or bytes for all keys): reset the mock (POST /__mock/reset, with your key to clear only its state) or use another key.',
  );
}

export function createStateApplier(
  model: StateModel,
  schemas: Schemas,
  store: Store,
  seeds: Seeds,
  now: () => Date,
) {
  const compose = composeCache(schemas);
  /** `startingRecord` per create example (each example belongs to one operation, so one pointer). */
  const starts = new WeakMap<Json, Json>();

  async function apply(input: StateInput): Promise<StateOutcome> {
    const op = model.operations.get(input.operationKey);
    if (op === undefined) return { answer: input.answer };
    const key = store.key(input.token);
    const { role } = op;
    switch (role.kind) {
      case 'list':
      case 'search':
        return { answer: list(op, key, input) };
      case 'create':
        return create(op, role, key, input);
      default: {
        const named = identifiersOf(op, role, input);
        // A lookup that names no record (`GET /partner` without key, email or id) has no state to
        // apply: it keeps the spec's example, as stateless mode answers it.
        if (named.length === 0) return { answer: input.answer };
        const found = lookup(op, key, named);
        if (found === undefined) return { answer: await notFound(op, input) };
        return applyToFound(op, role, key, input, found);
      }
    }
  }

  // Which query parameters can filter a list: the item schema's fields, any variant's.
  const filterable = new Map<string, Set<string>>();

  function list(op: OperationModel, key: KeyState, input: StateInput): Reply {
    const pointer = op.dataPointer ?? op.resource.recordPointer;
    let fields = filterable.get(pointer);
    if (fields === undefined) {
      fields = schemas.declared(pointer, {});
      filterable.set(pointer, fields);
    }
    const page = selectPage(key.records(op.resource.collection), filterQuery(op, input.url), fields, {
      defaultLimit: op.defaultLimit,
      partial: op.role.kind === 'search',
    });
    const examples = op.examples.map(([, example]) =>
      Array.isArray(example?.data) ? example.data[0] : undefined,
    );
    const data = page.items.map((record) => compose(`${op.operationId} item`, pointer, record, examples));
    const envelope = op.examples[0]?.[1] ?? {};
    return json(input.answer, { ...envelope, data, ...paginationOf(envelope, input.url, page) });
  }

  function create(
    op: OperationModel,
    role: Extract<Role, { kind: 'create' }>,
    key: KeyState,
    input: StateInput,
  ) {
    const { resource } = op;
    const fields = isObject(input.body) ? input.body : {};
    // The example that takes most of the body: for a refer-a-friend body, the refer-a-friend one.
    // It only says which variant of the schema the record is and how identifiers look; what the
    // record holds is the body's (startingRecord says what else).
    let best: { envelope: Json; record: Json; landed: number } | undefined;
    for (const [, example] of op.examples) {
      if (!isObject(example?.data)) continue;
      const start = startingRecord(resource.recordPointer, example.data);
      const merged = mergeFields(schemas, resource.recordPointer, start, fields);
      if (best === undefined || merged.landed > best.landed) best = { envelope: example, ...merged };
    }
    if (best === undefined) return { answer: input.answer };
    let record = best.record;
    const exampleData = best.envelope.data as Json;
    const collection = key.records(resource.collection);
    const identifiers: Record<string, unknown> = {};
    for (const field of resource.identifierFields) {
      const example = exampleData[field];
      if (field in fields || example === undefined || example === null) continue;
      const format = schemas.formatOf(resource.recordPointer, record, field);
      if (format === 'email') continue;
      const taken = new Set(collection.map((existing) => String(existing[field])));
      identifiers[field] = newIdentifier(example, format, taken, () => key.nextNumber(resource.collection));
    }
    record = mergeFields(schemas, resource.recordPointer, record, identifiers).record;
    record = stamp(resource, record, ['created_at', 'updated_at']);
    if (resource.collection === SUBSCRIPTIONS && !('signature' in fields)) {
      record = { ...record, signature: newSecret(exampleData.signature) };
    }
    const stored = deepFreeze(record);
    if (!key.add(resource.collection, stored)) return { answer: storageFull() };
    const data = compose(op.operationId, op.dataPointer ?? resource.recordPointer, stored, [
      best.envelope.data,
    ]);
    const name = role.event ?? eventFor(resource, 'created');
    return {
      answer: json(input.answer, { ...best.envelope, data }),
      commit: { id: idOf(op, stored), ...(name && { event: { name, data: stored } }) },
    };
  }

  /**
   * What a created record holds before the body lands on it: each declared `default`, and each
   * required field (the body sets it if it sends it): null where the schema allows null, else
   * the example's value. That last resort keeps the answer valid where a schema requires a field
   * a create need not send (a partner's `status`, ...; the mock README lists them); nothing else of
   * the example is copied, so a field the body did not send is absent (a new "Ada" has no
   * surname). The example itself, when that would not fit (required fields that constrain each
   * other), so the answer still fits its schema.
   */
  function startingRecord(pointer: string, example: Json): Json {
    // The same for every create from this example: computed once (it was a third of a create's CPU).
    let start = starts.get(example);
    if (start === undefined) {
      start = computeStartingRecord(pointer, example);
      starts.set(example, start);
    }
    // A copy: a record the body adds nothing to is stored as is, and records are kept by identity.
    return { ...start };
  }

  function computeStartingRecord(pointer: string, example: Json): Json {
    const record: Json = {};
    for (const name of schemas.declared(pointer, example)) {
      const declaredDefault = schemas.defaultOf(pointer, example, name);
      if (declaredDefault !== undefined) record[name] = declaredDefault.value;
    }
    for (const name of schemas.required(pointer, example)) {
      if (name in record) continue;
      record[name] = schemas.allowsNull(pointer, example, name) ? null : example[name];
    }
    return schemas.fits(pointer, record) ? record : { ...example };
  }

  /** A request that names existing records: read them, update them, delete them, or run an action on them. */
  function applyToFound(
    op: OperationModel,
    role: Role,
    key: KeyState,
    input: StateInput,
    found: StoredRecord[],
  ) {
    const { resource } = op;
    const record = found[0] as StoredRecord;
    const commit: Commit = { id: idOf(op, record) };
    let current = record;
    let event: string | undefined;
    if (role.kind === 'delete') {
      key.remove(resource.collection, found);
      event = eventFor(resource, 'deleted');
    } else if (role.kind === 'update' || (role.kind === 'action' && role.set)) {
      const fields =
        role.kind === 'update' ? updateFields(role, input.body) : resolveSet(resource, record, role.set);
      current = deepFreeze(
        stamp(resource, mergeFields(schemas, resource.recordPointer, record, fields).record, ['updated_at']),
      );
      if (!key.replace(resource.collection, record, current)) return { answer: storageFull() };
      event = (role.kind === 'action' ? role.event : undefined) ?? eventFor(resource, 'updated');
    } else if (role.kind === 'action') {
      event = role.event;
    }
    const answer =
      role.kind === 'delete' || op.dataPointer === undefined || !answersRecord(op)
        ? input.answer
        : json(input.answer, {
            ...(op.examples[0]?.[1] ?? {}),
            data: compose(
              op.operationId,
              op.dataPointer,
              current,
              op.examples.map(([, example]) => example?.data),
            ),
          });
    if (event !== undefined) commit.event = { name: event, data: eventData(op, event, current, answer) };
    const write = role.kind !== 'read' && !(role.kind === 'nested' && op.method === 'get');
    return write ? { answer, commit } : { answer };
  }

  /** The records a request names, newest first (all of them with that identifier, for deletes). */
  function lookup(op: OperationModel, key: KeyState, named: [string, string][]): StoredRecord[] | undefined {
    const records = key.records(op.resource.collection);
    for (const [field, value] of named) {
      const found = records.filter(
        (record) => record[field] !== undefined && String(record[field]) === value,
      );
      if (found.length > 0) return found.reverse();
    }
    return undefined;
  }

  function identifiersOf(op: OperationModel, role: Role, input: StateInput): [string, string][] {
    const by = 'by' in role ? role.by : 'path';
    if (by === 'path') {
      const value = pathValue(op.path, input.path, op.pathParameter);
      if (value === undefined) return [];
      const others = op.resource.lookupFields.filter((field) => field !== op.pathParameter);
      return [op.pathParameter as string, ...others].map((field) => [field, value]);
    }
    const fields =
      'bodyIdentifiers' in role && by === 'body' ? role.bodyIdentifiers : [...op.resource.identifierFields];
    const source: Record<string, unknown> =
      by === 'query' ? Object.fromEntries(input.url.searchParams) : isObject(input.body) ? input.body : {};
    return fields
      .filter(
        (field) => source[field] !== undefined && source[field] !== null && typeof source[field] !== 'object',
      )
      .map((field) => [field, String(source[field])]);
  }

  function notFound(op: OperationModel, input: StateInput): Promise<Reply> {
    return input.answerStatus(404, `No ${op.resource.collection.slice(1)} record matches this request.`);
  }

  /** Sets the timestamps the record's schema declares, in the format it declares. */
  function stamp(resource: Resource, record: Json, fields: string[]): Json {
    const at = now();
    const values: Record<string, string> = {};
    for (const field of fields) {
      if (!schemas.declared(resource.recordPointer, record).has(field)) continue;
      values[field] = timestamp(at, schemas.formatOf(resource.recordPointer, record, field));
    }
    return mergeFields(schemas, resource.recordPointer, record, values).record;
  }

  function resolveSet(resource: Resource, record: StoredRecord, set: Record<string, unknown> | undefined) {
    return Object.fromEntries(
      Object.entries(set ?? {}).map(([field, value]) => [
        field,
        value === '$now' ? timestamp(now(), schemas.formatOf(resource.recordPointer, record, field)) : value,
      ]),
    );
  }

  /**
   * An event carries the record, or, when the operation answers something else that fits the
   * event (a partner's new reward), that answer's `data`.
   */
  function eventData(op: OperationModel, event: string, record: StoredRecord, answer: Reply): unknown {
    const pointer = model.eventData.get(event);
    if (pointer === undefined || answersRecord(op) || op.dataPointer === undefined) return record;
    const data = (JSON.parse(answer.body) as Json).data;
    return data !== undefined && schemas.fits(pointer, data) ? data : record;
  }

  return {
    apply,
    /**
     * The key's webhook subscriptions, for deliveries. Seeded ones point at the spec's example
     * URLs: only those registered (or changed) through the API receive deliveries, so a fresh
     * mock never calls out to hooks.example.com.
     */
    subscriptions: (token: string) =>
      (store.peek(token)?.records(SUBSCRIPTIONS) ?? []).filter(
        (subscription) => !seeds(SUBSCRIPTIONS).includes(subscription),
      ),
  };
}

export type StateApplier = ReturnType<typeof createStateApplier>;

/** Whether the operation answers the record itself (its `data` is the resource's schema). */
function answersRecord(op: OperationModel): boolean {
  return op.dataPointer === op.resource.recordPointer;
}

/** The request's query with each `x-partnero-filter` parameter renamed to the field it filters. */
function filterQuery(op: OperationModel, url: URL): URLSearchParams {
  if (op.filters === undefined) return url.searchParams;
  const query = new URLSearchParams();
  for (const [name, value] of url.searchParams) query.append(op.filters[name] ?? name, value);
  return query;
}

function updateFields(role: Extract<Role, { kind: 'update' }>, body: unknown): Record<string, unknown> {
  if (!isObject(body)) return {};
  // A body with the `update` wrapper changes what it wraps; where the spec also accepts the
  // fields flat (partners: the n8n node's form), a body without it changes its own fields.
  if (role.wrapped && isObject(body.update)) return body.update;
  return Object.fromEntries(Object.entries(body).filter(([name]) => !role.bodyIdentifiers.includes(name)));
}

function eventFor(resource: Resource, suffix: string): string | undefined {
  return resource.events.find((event) => event.endsWith(`.${suffix}`));
}

function idOf(op: OperationModel, record: StoredRecord): string | undefined {
  const field = op.pathParameter ?? op.resource.lookupFields[0];
  const value = field === undefined ? undefined : record[field];
  return value === undefined || value === null ? undefined : String(value);
}

/** The decoded value of `parameter` in `path`, matched against the template. */
function pathValue(template: string, path: string, parameter: string | undefined): string | undefined {
  if (parameter === undefined) return undefined;
  return pathParameters(template, path)[parameter];
}

function json(answer: Reply, body: Json): Reply {
  return reply(answer.status, answer.headers, JSON.stringify(body));
}
