import type { StateModel } from './model.js';
import { deepFreeze, isObject, type StoredRecord } from './records.js';
import type { Schemas } from './schemas.js';
import type { Seeds } from './seed.js';

/**
 * A whole state in the shape users write and `GET /__mock/state` answers (the generated `Seed`
 * type): `{ partners: [...], 'promotion-codes': [...] }`, each collection's path without its
 * slash. The store keys collections by path (`/partners`); this is the one place that converts.
 */
export type SeedShape = Record<string, readonly StoredRecord[]>;

/** A record that does not fit its schema, or a seed that is no seed. */
export interface FixtureError {
  /** `customers`; absent when the seed as a whole is wrong. */
  collection?: string;
  index?: number;
  /** JSON pointer into the record (`/email`), `''` for the record itself. */
  pointer?: string;
  message: string;
}

/** `customers[1]/email: must match format "email"`. */
function describeFixtureError(error: FixtureError): string {
  if (error.collection === undefined) return error.message;
  const where = error.index === undefined ? error.collection : `${error.collection}[${error.index}]`;
  return `${where}${error.pointer ?? ''}: ${error.message}`;
}

/**
 * All of a seed's errors on one line (a start-up failure is one line), the first few named;
 * `whereTheRest` says where the others are listed, when somewhere.
 */
export function fixtureErrorsLine(errors: readonly FixtureError[], whereTheRest = ''): string {
  const shown = errors.slice(0, 3).map(describeFixtureError).join('; ');
  return errors.length > 3 ? `${shown}; and ${errors.length - 3} more${whereTheRest}` : shown;
}

/** A start-up seed with records that do not fit their schemas; `records` says which, on one line. */
export class SeedError extends Error {
  override name = 'SeedError';
  constructor(readonly records: string) {
    super(`seed: ${records}`);
  }
}

/** Top-level fields a `GET /__mock/state` answer may carry besides the collections. */
const NOTES = new Set(['evicted']);

export function createFixtures(model: StateModel, schemas: Schemas) {
  const byName = new Map(model.resources.map((resource) => [resource.collection.slice(1), resource]));
  const names = [...byName.keys()];

  /**
   * A seed checked against the record schemas: the records per collection (path-keyed, copied
   * and frozen, for the store) or every error. A collection it leaves out holds nothing: a seed
   * is a whole state.
   */
  function read(value: unknown): { records: Record<string, StoredRecord[]> } | { errors: FixtureError[] } {
    if (!isObject(value)) {
      return {
        errors: [
          { message: `must be an object of collections (${names.join(', ')}), each a list of records` },
        ],
      };
    }
    const errors: FixtureError[] = [];
    const records: Record<string, StoredRecord[]> = {};
    for (const [name, list] of Object.entries(value)) {
      if (NOTES.has(name)) continue;
      const resource = byName.get(name);
      if (resource === undefined) {
        errors.push({
          message: `no collection "${name.slice(0, 100)}": the collections are ${names.join(', ')}`,
        });
        continue;
      }
      if (!Array.isArray(list)) {
        errors.push({ collection: name, message: 'must be a list of records' });
        continue;
      }
      // Checked and kept as the JSON the API would send (a Date a program passes becomes its
      // ISO string), so what is stored never shares objects with the caller.
      const copies = asJson(list);
      if (copies === undefined) {
        errors.push({ collection: name, message: 'is not JSON (a cycle, or a BigInt)' });
        continue;
      }
      copies.forEach((record, index) => {
        for (const problem of schemas.problems(resource.recordPointer, record)) {
          errors.push({ collection: name, index, pointer: problem.at, message: problem.message });
        }
      });
      records[resource.collection] = copies.map((record) => deepFreeze(record) as StoredRecord);
    }
    return errors.length > 0 ? { errors } : { records };
  }

  return {
    read,
    /** A start-up seed as the store's shared starting records: what it names, nothing else. */
    seeds(records: Record<string, readonly StoredRecord[]>): Seeds {
      const frozen = new Map(
        Object.entries(records).map(([collection, list]) => [collection, Object.freeze(list)]),
      );
      const none: readonly StoredRecord[] = Object.freeze([]);
      return (collection) => frozen.get(collection) ?? none;
    },
    /** A store snapshot (path-keyed) in the seed's shape, every collection named. */
    toSeed(snapshot: Record<string, readonly StoredRecord[]>): SeedShape {
      return Object.fromEntries(
        model.resources.map(({ collection }) => [collection.slice(1), snapshot[collection] ?? []]),
      );
    },
  };
}

export type Fixtures = ReturnType<typeof createFixtures>;

function asJson(list: unknown[]): unknown[] | undefined {
  try {
    return JSON.parse(JSON.stringify(list)) as unknown[];
  } catch {
    return undefined;
  }
}
