import { describe, expect, it } from 'vitest';
import { fakeClock } from './fake-clock.js';
import { createRateLimiter } from './rate-limit.js';

async function startTimes(perSecond: number, count: number, workMs = 0): Promise<number[]> {
  const clock = fakeClock();
  const nextSlot = createRateLimiter(perSecond, clock);
  const starts: number[] = [];
  for (let i = 0; i < count; i += 1) {
    await nextSlot();
    starts.push(clock.now());
    await clock.sleep(workMs); // the request itself
  }
  return starts;
}

describe('createRateLimiter', () => {
  it('spaces starts 1000/N ms apart (default 2 per second: 500 ms)', async () => {
    expect(await startTimes(2, 5)).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it('follows the configured rate', async () => {
    expect(await startTimes(10, 4)).toEqual([0, 100, 200, 300]);
    expect(await startTimes(0.5, 3)).toEqual([0, 2000, 4000]);
  });

  it('adds no wait when the requests themselves take longer than the interval', async () => {
    expect(await startTimes(2, 3, 800)).toEqual([0, 800, 1600]);
  });

  it('waits only the rest of the interval after a short request', async () => {
    expect(await startTimes(2, 3, 200)).toEqual([0, 500, 1000]);
  });
});
