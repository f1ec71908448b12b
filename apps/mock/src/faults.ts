import { type MockResponse, problem } from './problem.js';

/** Caps `x-mock-delay-ms` and `--delay-ms`: a longer stall only hides a forgotten header. */
export const MAX_DELAY_MS = 30_000;

/** Chaos settings for every request (CLI `--delay-ms`, `--drop-rate`). Off by default. */
export interface GlobalFaults {
  delayMs?: number;
  /** Probability from 0 to 1 that a request's connection is dropped without an answer. */
  dropRate?: number;
}

/** What to do to one request before answering it. */
export interface FaultPlan {
  delayMs: number;
  drop: boolean;
}

export function parseDelay(value: string | undefined): number | MockResponse {
  if (value === undefined) return 0;
  const trimmed = value.trim();
  const ms = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || ms > MAX_DELAY_MS) {
    return problem(400, 'Bad Request', `x-mock-delay-ms must be an integer from 0 to ${MAX_DELAY_MS}.`);
  }
  return ms;
}

export function parseFaultHeader(value: string | undefined): boolean | MockResponse {
  if (value === undefined) return false;
  const fault = value.trim().toLowerCase();
  if (fault === 'drop' || fault === 'reset') return true;
  return problem(400, 'Bad Request', `Unknown x-mock-fault "${value}"; use "drop" or "reset".`);
}

/** Combines the per-request headers with the global chaos settings; `random` is injectable for tests. */
export function planFaults(
  headers: { delay: string | undefined; fault: string | undefined },
  global: GlobalFaults,
  random: () => number = Math.random,
): FaultPlan | MockResponse {
  const delay = parseDelay(headers.delay);
  if (typeof delay !== 'number') return delay;
  const drop = parseFaultHeader(headers.fault);
  if (typeof drop !== 'boolean') return drop;
  const dropRate = global.dropRate ?? 0;
  return {
    delayMs: delay + (global.delayMs ?? 0),
    drop: drop || (dropRate > 0 && random() < dropRate),
  };
}

export function isFaultPlan(value: FaultPlan | MockResponse): value is FaultPlan {
  return 'drop' in value;
}
