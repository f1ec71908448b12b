/**
 * A bounded least-recently-used map: the mock's memory never grows with the number of distinct
 * requests or API keys it has seen, only up to `maxEntries`.
 */
export interface Lru<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  delete(key: string): void;
  clear(): void;
  values(): IterableIterator<V>;
  /** Least recently used first. */
  keys(): IterableIterator<string>;
  readonly size: number;
}

export function createLru<V>(maxEntries: number, onEvict?: (key: string, value: V) => void): Lru<V> {
  const entries = new Map<string, V>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        // Map keeps insertion order: re-inserting marks the entry most recently used.
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > maxEntries) {
        const [oldest, evicted] = entries.entries().next().value as [string, V];
        entries.delete(oldest);
        onEvict?.(oldest, evicted);
      }
    },
    delete: (key) => {
      entries.delete(key);
    },
    clear: () => entries.clear(),
    values: () => entries.values(),
    keys: () => entries.keys(),
    get size() {
      return entries.size;
    },
  };
}
