import { createLru } from '../lru.js';
import type { StoredRecord } from './records.js';

/** Caps, so a long-running mock's memory stays bounded (documented in the README). */
export interface StateLimits {
  /** API keys whose state is held; the least recently used key's state is dropped beyond. Default 1000. */
  maxKeys?: number;
  /** Records one key may hold across all resources, seeds included; creates beyond are refused. Default 1000. */
  maxRecordsPerKey?: number;
}

export const DEFAULT_LIMITS = { maxKeys: 1000, maxRecordsPerKey: 1000 } as const;

/** What one API key (one program) has stored. */
export interface KeyState {
  /** Oldest first. */
  records(collection: string): readonly StoredRecord[];
  add(collection: string, record: StoredRecord): boolean;
  replace(collection: string, old: StoredRecord, record: StoredRecord): void;
  remove(collection: string, records: readonly StoredRecord[]): void;
  /** A number never handed out before under this key, for new identifiers. */
  nextNumber(): number;
  snapshot(): Record<string, readonly StoredRecord[]>;
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
export function createStore(seeds: Map<string, readonly StoredRecord[]>, limits: StateLimits = {}): Store {
  const maxKeys = limits.maxKeys ?? DEFAULT_LIMITS.maxKeys;
  const maxRecords = limits.maxRecordsPerKey ?? DEFAULT_LIMITS.maxRecordsPerKey;
  const seedCount = [...seeds.values()].reduce((sum, records) => sum + records.length, 0);
  const keys = createLru<KeyState>(maxKeys);

  function createKeyState(): KeyState {
    const collections = new Map(seeds);
    const owned = new Set<string>();
    let count = seedCount;
    let sequence = 1000;
    const own = (collection: string): StoredRecord[] => {
      if (!owned.has(collection)) {
        collections.set(collection, [...(collections.get(collection) ?? [])]);
        owned.add(collection);
      }
      return collections.get(collection) as StoredRecord[];
    };
    return {
      records: (collection) => collections.get(collection) ?? [],
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
        count -= list.length - kept.length;
        collections.set(collection, kept);
      },
      nextNumber: () => {
        sequence += 1;
        return sequence;
      },
      snapshot: () => Object.fromEntries(collections),
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
