import { isAnswer, problem, type Reply } from '../answer.js';
import type { ScenarioTurn } from './scenario.js';

/** Caps `x-mock-delay-ms`, `--delay-ms` and scenario delays: a longer stall only hides a forgotten header. */
export const MAX_DELAY_MS = 30_000;

/** Chaos settings for every request (CLI `--delay-ms`, `--drop-rate`). Off by default. */
export interface GlobalFaults {
  delayMs?: number;
  /** Probability from 0 to 1 that a request's connection is dropped without an answer. */
  dropRate?: number;
}

/** What to do to one request: wait, drop it (before or after committing), or force a status. */
export interface FaultPlan {
  delayMs: number;
  drop?: 'before-commit' | 'after-commit';
  status?: number;
}

const HEADER_FAULTS: Record<string, FaultPlan['drop']> = {
  drop: 'before-commit',
  reset: 'before-commit',
  'drop-after-commit': 'after-commit',
};

function parseDelay(value: string | null): number | Reply {
  if (value === null) return 0;
  const trimmed = value.trim();
  const ms = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || ms > MAX_DELAY_MS) {
    return problem(400, 'Bad Request', `x-mock-delay-ms must be an integer from 0 to ${MAX_DELAY_MS}.`);
  }
  return ms;
}

function parseFaultHeader(value: string | null): FaultPlan['drop'] | Reply {
  if (value === null) return undefined;
  const fault = value.trim().toLowerCase();
  if (fault in HEADER_FAULTS) return HEADER_FAULTS[fault];
  return problem(
    400,
    'Bad Request',
    `Unknown x-mock-fault "${value}"; use "drop" (or "reset"), or "drop-after-commit".`,
  );
}

/**
 * Combines the request's headers, its scenario key's turn and the global chaos settings;
 * `random` is injectable for tests.
 */
export function planFaults(
  headers: { delay: string | null; fault: string | null },
  turn: ScenarioTurn,
  global: GlobalFaults,
  random: () => number = Math.random,
): FaultPlan | Reply {
  const delay = parseDelay(headers.delay);
  if (isAnswer(delay)) return delay;
  const drop = parseFaultHeader(headers.fault);
  if (isAnswer(drop)) return drop;
  const dropRate = global.dropRate ?? 0;
  const scripted = turn.fault;
  // Each source is capped alone; together they are capped too, or a scenario delay plus the header would stall 60 s.
  const plan: FaultPlan = {
    delayMs: Math.min(MAX_DELAY_MS, delay + turn.delayMs + (global.delayMs ?? 0)),
  };
  const dropped =
    drop ??
    (scripted?.kind === 'drop' ? scripted.when : undefined) ??
    (dropRate > 0 && random() < dropRate ? 'before-commit' : undefined);
  if (dropped !== undefined) plan.drop = dropped;
  if (scripted?.kind === 'status') plan.status = scripted.status;
  return plan;
}
