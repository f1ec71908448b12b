import { createLru } from '../lru.js';
import type { StoredRecord } from './records.js';
import type { Seeds } from './seed.js';

/** Caps, so a long-running mock's memory stays bounded (documented in the README). */
export interface StateLimits {
  /** API keys whose state is held; the least recently used key's state is dropped beyond. Default 1000. */
  maxKeys?: number;
  /** Records one key may create and hold across all resources (the seed is shared, not counted); creates beyond are refused. Default 1000. */
  maxRecordsPerKey?: number;
}

const DEFAULT_LIMITS = { maxKeys: 1000, maxRecordsPerKey: 1000 } as const;

/** What one API key (one program) has stored. */
export interface KeyState {
  /** Oldest first. */
  records(collection: string): readonly StoredRecord[];
  add(collection: string, record: StoredRecord): boolean;
  replace(collection: string, old: StoredRecord, record: StoredRecord): void;
  remove(collection: string, records: readonly StoredRecord[]): void;
  /** A number never handed out before for this collection under this key (1001, 1002, ...), for new identifiers. */
  nextNumber(collection: string): number;
}

export interface Store {
  key(token: string): KeyState;
  /** The key's state if it has any, without creating it. */
  peek(token: string): KeyState | undefined;
  reset(): void;
  readonly size: number;
}

/**
 * State per API key, in memory. Each key starts with the seed records, shared (records are
 * frozen) until the key changes a collection, which then gets its own copy of the list.
 */
export function createStore(seeds: Seeds, limits: StateLimits = {}): Store {
  const maxKeys = limits.maxKeys ?? DEFAULT_LIMITS.maxKeys;
  const maxRecords = limits.maxRecordsPerKey ?? DEFAULT_LIMITS.maxRecordsPerKey;
  const keys = createLru<KeyState>(maxKeys);

  function createKeyState(): KeyState {
    // Only the collections this key has written; the others are read from the shared seed.
    const owned = new Map<string, StoredRecord[]>();
    let count = 0;
    const sequences = new Map<string, number>();
    const own = (collection: string): StoredRecord[] => {
      let list = owned.get(collection);
      if (list === undefined) {
        list = [...seeds(collection)];
        owned.set(collection, list);
      }
      return list;
    };
    return {
      records: (collection) => owned.get(collection) ?? seeds(collection),
      add(collection, record) {
        if (count >= maxRecords) return false;
        own(collection).push(record);
        count += 1;
        return true;
      },
      replace(collection, old, record) {
        const list = own(collection);
        const at = list.indexOf(old);
        if (at !== -1) list[at] = record;
      },
      remove(collection, records) {
        const gone = new Set(records);
        const list = own(collection);
        const kept = list.filter((record) => !gone.has(record));
        count = Math.max(0, count - (list.length - kept.length));
        owned.set(collection, kept);
      },
      nextNumber(collection) {
        const next = (sequences.get(collection) ?? 1000) + 1;
        sequences.set(collection, next);
        return next;
      },
    };
  }

  return {
    key(token) {
      let state = keys.get(token);
      if (state === undefined) {
        state = createKeyState();
        keys.set(token, state);
      }
      return state;
    },
    peek: (token) => keys.get(token),
    reset: () => keys.clear(),
    get size() {
      return keys.size;
    },
  };
}
