import type { Clock } from './rate-limit.js';

/** A clock whose sleep returns at once and moves time forward: rate tests without waiting. */
export function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}
