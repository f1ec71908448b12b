import { type Difference, describeDifference } from '../conformance/differences.js';

/** The operation an exchange was routed to, as the report names it. */
export interface ReportedOperation {
  operationId: string;
  method: string;
  path: string;
  /** `x-partnero-evidence`: how sure the spec is, so a difference can be weighed. */
  evidence: string;
  /** Position in the spec, so the report lists operations in document order. */
  order: number;
}

/** One request and its answer, checked. Pointers start `/request` or `/response`. */
export interface CheckedExchange {
  /** Undefined when no operation in the spec matches the request. */
  operation: ReportedOperation | undefined;
  /** `GET /partners/partner_1`: method and path as sent, never the query (it may carry a key). */
  request: string;
  status: number;
  differences: Difference[];
}

export interface RecordedDifference extends Difference {
  /** How many exchanges showed it; `value`, `request` and `status` are from the first. */
  count: number;
  request: string;
  status: number;
}

export interface OperationConformance extends Omit<ReportedOperation, 'order'> {
  conforming: number;
  differing: number;
  differences: RecordedDifference[];
  /** Distinct differences beyond the cap, counted but not listed. */
  unlisted: number;
}

export interface UnmatchedRequest {
  request: string;
  status: number;
  count: number;
}

/** What `GET /__mock/conformance` answers. */
export interface ConformanceReport {
  upstream: string;
  exchanges: number;
  conforming: number;
  differing: number;
  /** Operations that saw traffic, in the spec's order. */
  operations: OperationConformance[];
  /** Requests no operation of the spec matches: every one is a difference. */
  unmatched: UnmatchedRequest[];
  unlistedUnmatched: number;
}

export interface ConformanceLog {
  record(exchange: CheckedExchange): void;
  snapshot(): ConformanceReport;
  reset(): void;
}

/** A list answer can differ once per item; past this many distinct differences an operation only counts them. */
const MAX_DIFFERENCES_PER_OPERATION = 100;
/** Unmatched paths carry ids, so they are unbounded; past this many only the count grows. */
const MAX_UNMATCHED = 100;

/** The lines a log shows for one exchange: one per difference, none when it conforms. */
export function differenceLines(exchange: CheckedExchange): string[] {
  const where = `${exchange.request} -> ${exchange.status}`;
  if (exchange.operation === undefined) {
    return [`conformance: ${where}: no operation in the spec matches ${exchange.request}`];
  }
  const { operationId, evidence } = exchange.operation;
  return exchange.differences.map(
    (difference) => `conformance: ${where} ${operationId} [${evidence}] ${describeDifference(difference)}`,
  );
}

/** Per operation, how much real traffic conformed, and each distinct difference with where it was first seen. */
export function createConformanceLog(upstream: string): ConformanceLog {
  type Seen = {
    operation: ReportedOperation;
    entry: OperationConformance;
    byKey: Map<string, RecordedDifference>;
  };
  let operations = new Map<string, Seen>();
  let unmatched = new Map<string, UnmatchedRequest>();
  let unlistedUnmatched = 0;
  let totals = { exchanges: 0, conforming: 0, differing: 0 };

  function recordUnmatched(exchange: CheckedExchange) {
    const known = unmatched.get(exchange.request);
    if (known) known.count += 1;
    else if (unmatched.size < MAX_UNMATCHED)
      unmatched.set(exchange.request, { request: exchange.request, status: exchange.status, count: 1 });
    else unlistedUnmatched += 1;
  }

  function recordOperation(operation: ReportedOperation, exchange: CheckedExchange) {
    const operationKey = `${operation.method} ${operation.path}`;
    let seen = operations.get(operationKey);
    if (seen === undefined) {
      const { order: _order, ...named } = operation;
      const entry = { ...named, conforming: 0, differing: 0, differences: [], unlisted: 0 };
      seen = { operation, entry, byKey: new Map() };
      operations.set(operationKey, seen);
    }
    const { entry, byKey } = seen;
    if (exchange.differences.length === 0) {
      entry.conforming += 1;
      return;
    }
    entry.differing += 1;
    for (const difference of exchange.differences) {
      const key = `${difference.pointer} ${difference.message}`;
      const known = byKey.get(key);
      if (known) known.count += 1;
      else if (entry.differences.length < MAX_DIFFERENCES_PER_OPERATION) {
        const recorded = { ...difference, count: 1, request: exchange.request, status: exchange.status };
        byKey.set(key, recorded);
        entry.differences.push(recorded);
      } else entry.unlisted += 1;
    }
  }

  return {
    record(exchange) {
      totals.exchanges += 1;
      const conforms = exchange.operation !== undefined && exchange.differences.length === 0;
      if (conforms) totals.conforming += 1;
      else totals.differing += 1;
      if (exchange.operation === undefined) recordUnmatched(exchange);
      else recordOperation(exchange.operation, exchange);
    },
    snapshot: () =>
      structuredClone({
        upstream,
        ...totals,
        operations: [...operations.values()]
          .sort((a, b) => a.operation.order - b.operation.order)
          .map(({ entry }) => entry),
        unmatched: [...unmatched.values()],
        unlistedUnmatched,
      }),
    reset() {
      operations = new Map();
      unmatched = new Map();
      unlistedUnmatched = 0;
      totals = { exchanges: 0, conforming: 0, differing: 0 };
    },
  };
}
