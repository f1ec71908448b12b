/**
 * Every write the mock accepted, in order: the evidence a retry-safety test reads. A dropped
 * connection after the commit (`drop-after-commit`) still leaves its entry, so "the client
 * raised an error" and "the server recorded it exactly once" can both be checked.
 */
export interface LedgerEntry {
  seq: number;
  /** When the write was committed (ISO 8601). */
  at: string;
  operation: string;
  method: string;
  /** The spec's path template, e.g. `/partners/{id}`. */
  path: string;
  /** The record written, when the operation names or creates one. */
  id?: string;
}

export interface Ledger {
  record(token: string, entry: Omit<LedgerEntry, 'seq' | 'at'>): void;
  /** One key's entries (the caller's Authorization), or every key's when none is given. */
  list(token: string | undefined): LedgerEntry[];
  /** Whether entries of the key were dropped (its own oldest past the cap, or all of them for room) since its last reset. */
  evicted(token: string): boolean;
  /** Clears one key's entries, or every key's. */
  reset(token?: string): void;
}

/** Entries kept per key: its oldest go first. */
const MAX_LEDGER_ENTRIES = 10_000;
/** Entries kept for all keys together: beyond, the least recently written other key's ledger goes. */
const MAX_LEDGER_TOTAL = 100_000;

/**
 * Ledgers per key, so one key's writes never push out another's entries (a global cap let
 * 11,100 writes of one key empty a victim's ledger). Only the total bound evicts another key,
 * whole and least recently written first, and the victim's ledger then says so.
 */
export function createLedger(
  now: () => Date = () => new Date(),
  maxPerKey = MAX_LEDGER_ENTRIES,
  maxTotal = MAX_LEDGER_TOTAL,
): Ledger {
  // Map order is least recently written first: a write re-inserts its key.
  let ledgers = new Map<string, LedgerEntry[]>();
  let evicted = new Set<string>();
  let total = 0;
  let seq = 0;

  function markEvicted(token: string) {
    evicted.add(token);
    // Bounded like the entries: the marks of the longest-evicted keys go first.
    if (evicted.size > maxTotal) evicted.delete(evicted.values().next().value as string);
  }

  return {
    record(token, entry) {
      seq += 1;
      let entries = ledgers.get(token) ?? [];
      ledgers.delete(token);
      entries.push({ seq, at: now().toISOString(), ...entry });
      total += 1;
      // Oldest first out, in batches, so recording stays O(1) on average.
      if (entries.length > maxPerKey * 1.1) {
        total -= entries.length - maxPerKey;
        entries = entries.slice(entries.length - maxPerKey);
        markEvicted(token);
      }
      ledgers.set(token, entries);
      for (const [other, otherEntries] of ledgers) {
        if (total <= maxTotal || other === token) break;
        ledgers.delete(other);
        total -= otherEntries.length;
        markEvicted(other);
      }
    },
    list(token) {
      if (token !== undefined) return (ledgers.get(token) ?? []).slice(-maxPerKey);
      return [...ledgers.values()]
        .flat()
        .sort((a, b) => a.seq - b.seq)
        .slice(-maxPerKey);
    },
    evicted: (token) => evicted.has(token),
    reset(token) {
      if (token === undefined) {
        ledgers = new Map();
        evicted = new Set();
        total = 0;
        return;
      }
      total -= ledgers.get(token)?.length ?? 0;
      ledgers.delete(token);
      evicted.delete(token);
    },
  };
}
