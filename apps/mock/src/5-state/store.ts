import { createLru } from '../lru.js';
import { deepFreeze, type StoredRecord } from './records.js';
import type { Seeds } from './seed.js';

/** Caps, so a long-running mock's memory stays bounded (documented in the README). */
export interface StateLimits {
  /** API keys whose state is held; the least recently used key's state is dropped beyond. Default 1000. */
  maxKeys?: number;
  /** Records one key may create and hold across all resources (the seed is shared, not counted); creates beyond are refused. Default 1000. */
  maxRecordsPerKey?: number;
  /** Bytes (as JSON) of the records one key holds; creates and updates beyond are refused. Default 8 MiB. */
  maxBytesPerKey?: number;
  /** Bytes (as JSON) of the records all keys hold together; creates and updates beyond are refused. Default 64 MiB. */
  maxTotalBytes?: number;
}

// A record cap alone lets one key hold 1000 records of a 1 MB name each (heap out of memory at 242
// with a 256 MB heap): what is held is capped in bytes too.
export const DEFAULT_MAX_BYTES_PER_KEY = 8 * 1024 * 1024;
const DEFAULT_LIMITS = {
  maxKeys: 1000,
  maxRecordsPerKey: 1000,
  maxBytesPerKey: DEFAULT_MAX_BYTES_PER_KEY,
  maxTotalBytes: 64 * 1024 * 1024,
} as const;

/** What one API key (one program) has stored. */
export interface KeyState {
  /** Oldest first. */
  records(collection: string): readonly StoredRecord[];
  /** False when the record would take the key past a cap: nothing is stored. */
  add(collection: string, record: StoredRecord): boolean;
  /** False when the new record would take the key past a byte cap: the old one stays. */
  replace(collection: string, old: StoredRecord, record: StoredRecord): boolean;
  remove(collection: string, records: readonly StoredRecord[]): void;
  /** A number never handed out before for this collection under this key (1001, 1002, ...), for new identifiers. */
  nextNumber(collection: string): number;
}

export interface Store {
  /** The key's state; a key that only reads is held nowhere, so it never evicts another's. */
  key(token: string): KeyState;
  /** The key's state if it has any, without creating it. */
  peek(token: string): KeyState | undefined;
  /**
   * Replaces the key's whole state with `records` (per collection; a collection not named is
   * empty), held and counted against the caps like created records, except a record equal to a
   * seed record of its collection, which becomes that shared record again. False, and nothing
   * changes, when the records would take the key past a cap. Records must fit their schemas:
   * the caller validates (`fixtures.ts`), the store only counts.
   */
  load(token: string, records: Readonly<Record<string, readonly StoredRecord[]>>): boolean;
  /** Every collection's records as the key sees them (the seed's, for a key that holds nothing). */
  snapshot(token: string): Record<string, readonly StoredRecord[]>;
  /** The keys whose state is held (they wrote or were loaded), least recently used first. */
  tokens(): Iterable<string>;
  /** Whether the key's state was evicted (other keys' writes) since the last reset. */
  evicted(token: string): boolean;
  /** Drops one key's state (it starts from the seed again), or every key's. */
  reset(token?: string): void;
  readonly size: number;
}

export interface StoreOptions {
  /** Every collection of the state model: what `snapshot` names and `load` accepts. */
  collections: readonly string[];
  limits?: StateLimits;
  /**
   * Called after any change of what a key holds: a record added, replaced or removed, a load, a
   * reset or an eviction (with that key); `undefined` when every key was reset. For persistence:
   * it runs in the request's tick, so it should only schedule work.
   */
  onChange?: (token: string | undefined) => void;
}

/** A key's state as the store sees it: what it costs, and how a load replaces it. */
interface KeyEntry extends KeyState {
  bytes(): number;
  /** `Store.load` for this key. */
  replaceAll(records: Readonly<Record<string, readonly StoredRecord[]>>): boolean;
}

/**
 * State per API key, in memory. Each key starts with the seed records, shared (records are
 * frozen) until the key changes a collection, which then gets its own copy of the list.
 */
export function createStore(seeds: Seeds, options: StoreOptions): Store {
  const { collections, limits = {}, onChange } = options;
  const maxKeys = limits.maxKeys ?? DEFAULT_LIMITS.maxKeys;
  const maxRecords = limits.maxRecordsPerKey ?? DEFAULT_LIMITS.maxRecordsPerKey;
  const maxKeyBytes = limits.maxBytesPerKey ?? DEFAULT_LIMITS.maxBytesPerKey;
  const maxTotalBytes = limits.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes;
  let totalBytes = 0;
  // Tokens whose state was evicted, so /__mock/state can say so instead of showing the seed as
  // if nothing had happened; bounded too (a token is small, state is not).
  const evictedKeys = createLru<true>(maxKeys * 10);
  const keys = createLru<KeyEntry>(maxKeys, (token, evicted) => {
    totalBytes -= evicted.bytes();
    evictedKeys.set(token, true);
    onChange?.(token);
  });
  const known = new Set(collections);
  const seed = seedLookup(seeds);

  /**
   * A key's state, held (and so counted against `maxKeys`) from its first write. The state
   * stage writes in the same tick it asked for the key, so two unheld copies never both write.
   */
  function createKeyState(token: string): KeyEntry {
    let held = false;
    const hold = () => {
      if (held) return;
      held = true;
      keys.set(token, state);
    };
    // Only the collections this key has written; the others are read from the shared seed.
    const owned = new Map<string, StoredRecord[]>();
    let count = 0;
    let bytes = 0;
    /** What a record adds to the key: nothing for a seed record, which every key shares. */
    const cost = (collection: string, record: StoredRecord) =>
      seed.has(collection, record) ? 0 : sizeOf(record);
    /** Whether `delta` more bytes fit under both caps. */
    const fits = (delta: number) =>
      delta <= 0 || (bytes + delta <= maxKeyBytes && totalBytes + delta <= maxTotalBytes);
    const grow = (delta: number) => {
      bytes += delta;
      totalBytes += delta;
    };
    const sequences = new Map<string, number>();
    const own = (collection: string): StoredRecord[] => {
      let list = owned.get(collection);
      if (list === undefined) {
        list = [...seeds(collection)];
        owned.set(collection, list);
      }
      return list;
    };
    const state: KeyEntry = {
      records: (collection) => owned.get(collection) ?? seeds(collection),
      add(collection, record) {
        const size = cost(collection, record);
        if (count >= maxRecords || !fits(size)) return false;
        hold();
        own(collection).push(record);
        count += 1;
        grow(size);
        onChange?.(token);
        return true;
      },
      replace(collection, old, record) {
        const delta = cost(collection, record) - cost(collection, old);
        if (!fits(delta)) return false;
        hold();
        const list = own(collection);
        const at = list.indexOf(old);
        if (at === -1) return true;
        list[at] = record;
        grow(delta);
        onChange?.(token);
        return true;
      },
      remove(collection, records) {
        hold();
        const gone = new Set(records);
        const list = own(collection);
        const kept = list.filter((record) => !gone.has(record));
        count = Math.max(0, count - (list.length - kept.length));
        for (const record of list) if (gone.has(record)) grow(-cost(collection, record));
        owned.set(collection, kept);
        onChange?.(token);
      },
      nextNumber(collection) {
        hold();
        const next = (sequences.get(collection) ?? 1000) + 1;
        sequences.set(collection, next);
        return next;
      },
      bytes: () => bytes,
      replaceAll(records) {
        const lists = collections.map((collection) => {
          const list = (records[collection] ?? []).map((record) =>
            seed.intern(collection, deepFreeze(record)),
          );
          return [collection, list] as const;
        });
        const counted = lists.flatMap(([collection, list]) => list.filter((r) => !seed.has(collection, r)));
        const newBytes = counted.reduce((sum, record) => sum + sizeOf(record), 0);
        const others = totalBytes - bytes;
        if (counted.length > maxRecords || newBytes > maxKeyBytes || others + newBytes > maxTotalBytes) {
          return false;
        }
        owned.clear();
        for (const [collection, list] of lists) owned.set(collection, list);
        sequences.clear();
        count = counted.length;
        grow(newBytes - bytes);
        hold();
        return true;
      },
    };
    return state;
  }

  const key = (token: string) => keys.get(token) ?? createKeyState(token);

  return {
    key,
    peek: (token) => keys.get(token),
    load(token, records) {
      const unknown = Object.keys(records).find((collection) => !known.has(collection));
      if (unknown !== undefined) throw new Error(`store.load: no collection ${unknown}`);
      if (!key(token).replaceAll(records)) return false;
      evictedKeys.delete(token);
      onChange?.(token);
      return true;
    },
    snapshot(token) {
      const state = keys.get(token);
      return Object.fromEntries(
        collections.map((collection) => [collection, state?.records(collection) ?? seeds(collection)]),
      );
    },
    // A copy: reading a key (`key()`) reorders the LRU, which would upset a live iterator.
    tokens: () => [...keys.keys()],
    evicted: (token) => evictedKeys.get(token) !== undefined,
    reset(token) {
      if (token === undefined) {
        keys.clear();
        evictedKeys.clear();
        totalBytes = 0;
        onChange?.(undefined);
        return;
      }
      const state = keys.get(token);
      if (state !== undefined) totalBytes -= state.bytes();
      keys.delete(token);
      evictedKeys.delete(token);
      onChange?.(token);
    },
    get size() {
      return keys.size;
    },
  };
}

/** A record's size as the JSON it answers as, computed once (records are frozen). */
const sizes = new WeakMap<StoredRecord, number>();
function sizeOf(record: StoredRecord): number {
  let size = sizes.get(record);
  if (size === undefined) {
    size = Buffer.byteLength(JSON.stringify(record));
    sizes.set(record, size);
  }
  return size;
}

/**
 * Whether a record is one of its collection's seed records (shared by every key, so it costs a
 * key nothing), and `intern`: the seed record itself for a record equal to one, so a state put
 * back as it was read (`PUT` of a `GET`, a state file) shares the seed again and a seeded webhook
 * stays a seeded one (never delivered to).
 */
function seedLookup(seeds: Seeds) {
  const members = new Map<string, Set<StoredRecord>>();
  const byJson = new Map<string, Map<string, StoredRecord>>();
  const seedSet = (collection: string) => {
    let set = members.get(collection);
    if (set === undefined) {
      set = new Set(seeds(collection));
      members.set(collection, set);
    }
    return set;
  };
  return {
    has: (collection: string, record: StoredRecord) => seedSet(collection).has(record),
    intern(collection: string, record: StoredRecord): StoredRecord {
      let json = byJson.get(collection);
      if (json === undefined) {
        json = new Map([...seedSet(collection)].map((seed) => [JSON.stringify(seed), seed]));
        byJson.set(collection, json);
      }
      return json.get(JSON.stringify(record)) ?? record;
    },
  };
}
