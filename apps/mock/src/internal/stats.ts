/** Counts what reached the mock, so a test can prove a request was sent (exactly N times). */
export interface StatsSnapshot {
  /** Every request under the API prefix, matched to an operation or not. */
  total: number;
  /** Keyed `METHOD /path/{template}` as the spec writes it. */
  byOperation: Record<string, number>;
}

export interface Stats {
  record(operationKey: string | undefined): void;
  snapshot(): StatsSnapshot;
  reset(): void;
}

export function createStats(): Stats {
  let total = 0;
  let byOperation = new Map<string, number>();
  return {
    record(operationKey) {
      total += 1;
      if (operationKey !== undefined) byOperation.set(operationKey, (byOperation.get(operationKey) ?? 0) + 1);
    },
    snapshot: () => ({ total, byOperation: Object.fromEntries(byOperation) }),
    reset() {
      total = 0;
      byOperation = new Map();
    },
  };
}
