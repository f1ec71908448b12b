import { randomUUID } from 'node:crypto';
import type { Json } from '@partnero-ts/spec/read';
import type { Schemas } from './schemas.js';

/** A stored resource: a frozen `data` object that fits the resource's schema. */
export type StoredRecord = Readonly<Json>;

/**
 * `fields` laid over `base`, one by one, each kept only when the schema declares it and the
 * result still fits: what a create or update body says lands in the record wherever request and
 * response agree on a field's shape, and never makes an answer break its schema (a request's
 * `tags: ['vip']` does not overwrite the answer's `tags: [{value: 'vip'}]`). Returns the record
 * and how many fields landed.
 */
export function mergeFields(
  schemas: Schemas,
  pointer: string,
  base: Json,
  fields: Record<string, unknown>,
): { record: Json; landed: number } {
  let record = base;
  let landed = 0;
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const next = { ...record, [name]: value };
    if (schemas.declared(pointer, next).has(name) && schemas.fits(pointer, next)) {
      record = next;
      landed += 1;
    }
  }
  return { record, landed };
}

/**
 * A record as one operation answers it: the record, cut to what the operation's schema declares
 * (a list item carries the list's fields), when that fits. Only where the operation's schema
 * requires what the record lacks (a field only that operation documents) is the missing field
 * taken from its example, then as a last resort the record laid over the whole example. Each
 * example is tried in turn: mixing a refer-a-friend customer into an affiliate example would fit
 * neither variant.
 */
export function composeAnswer(
  schemas: Schemas,
  pointer: string,
  record: StoredRecord,
  examples: unknown[],
): Json {
  const bases = examples.filter(isObject);
  const withRequired = bases.map((base) => {
    const filled: Json = { ...record };
    for (const name of schemas.required(pointer, { ...base, ...record })) {
      if (!(name in filled) && name in base) filled[name] = base[name];
    }
    return filled;
  });
  const candidates = [{ ...record }, ...withRequired, ...bases.map((base) => ({ ...base, ...record }))];
  for (const candidate of candidates) {
    const declared = schemas.declared(pointer, candidate);
    const projected = Object.fromEntries(Object.entries(candidate).filter(([name]) => declared.has(name)));
    if (schemas.fits(pointer, projected)) return projected;
    if (schemas.fits(pointer, candidate)) return candidate;
  }
  return { ...record };
}

/** Memoizes `composeAnswer` per (frozen) record: lists answer the same records again and again. */
export function composeCache(schemas: Schemas) {
  const cache = new WeakMap<StoredRecord, Map<string, Json>>();
  /** `key` names the answer (operation and pointer): the examples come with it. */
  return (key: string, pointer: string, record: StoredRecord, examples: unknown[]): Json => {
    let byKey = cache.get(record);
    if (byKey === undefined) {
      byKey = new Map();
      cache.set(record, byKey);
    }
    let answer = byKey.get(key);
    if (answer === undefined) {
      answer = deepFreeze(composeAnswer(schemas, pointer, record, examples));
      byKey.set(key, answer);
    }
    return answer;
  };
}

/**
 * A fresh value for an identifier the request did not set, shaped like the example's value:
 * the next integer, a new UUID, or the example's prefix with a new number (`partner_123` ->
 * `partner_1001`), never one a record already has.
 */
export function newIdentifier(
  example: unknown,
  format: string | undefined,
  taken: Set<string>,
  next: () => number,
) {
  if (format === 'uuid') return randomUUID();
  if (typeof example === 'number') {
    let value = next();
    while (taken.has(String(value))) value = next();
    return value;
  }
  const prefix = typeof example === 'string' ? example.replace(/\d+$/, '') : 'id_';
  let value = `${prefix}${next()}`;
  while (taken.has(value)) value = `${prefix}${next()}`;
  return value;
}

/** Partnero's timestamps: `2025-04-30T16:44:13.000000Z` (microseconds), or a date for `format: date`. */
export function timestamp(now: Date, format: string | undefined): string {
  const iso = now.toISOString();
  return format === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 23)}000Z`;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
