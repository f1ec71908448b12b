import { setTimeout as sleep } from 'node:timers/promises';

/** Time as the live run sees it; tests pass a clock whose sleep only moves `now`. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => sleep(ms),
};

/**
 * Resolves when the next request may start: starts are at least 1000/perSecond ms apart,
 * however long each request takes. Meant for one caller at a time (the run is sequential).
 */
export function createRateLimiter(perSecond: number, clock: Clock): () => Promise<void> {
  const interval = 1000 / perSecond;
  let nextStart = Number.NEGATIVE_INFINITY;
  return async () => {
    const now = clock.now();
    if (now < nextStart) await clock.sleep(nextStart - now);
    nextStart = Math.max(now, nextStart) + interval;
  };
}
