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
  reset(): void;
}

const MAX_LEDGER_ENTRIES = 10_000;

export function createLedger(now: () => Date = () => new Date(), max = MAX_LEDGER_ENTRIES): Ledger {
  let entries: { token: string; entry: LedgerEntry }[] = [];
  let seq = 0;
  return {
    record(token, entry) {
      seq += 1;
      entries.push({ token, entry: { seq, at: now().toISOString(), ...entry } });
      // Oldest first out, in batches, so recording stays O(1) on average.
      if (entries.length > max * 1.1) entries = entries.slice(entries.length - max);
    },
    list: (token) =>
      entries
        .filter((item) => token === undefined || item.token === token)
        .map((item) => item.entry)
        .slice(-max),
    reset() {
      entries = [];
    },
  };
}
