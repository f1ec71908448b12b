import { describe, expect, it } from 'vitest';
import { MAX_DELAY_MS } from '../../src/2-contract/faults.js';
import { startMock } from '../../src/index.js';
import { recordingSleep } from '../support.js';

describe('delays together', () => {
  it(`a scenario delay, x-mock-delay-ms and --delay-ms add up to at most ${MAX_DELAY_MS} ms`, async () => {
    const { slept, sleep } = recordingSleep();
    const mock = await startMock({ port: 0, sleep, faults: { delayMs: 10_000 } });
    try {
      const res = await fetch(`${mock.url}/v1/partners`, {
        headers: { authorization: 'Bearer scenario_delay20000.cap', 'x-mock-delay-ms': '20000' },
      });
      expect(res.status).toBe(200);
      expect(slept).toEqual([MAX_DELAY_MS]);
      const short = await fetch(`${mock.url}/v1/partners`, {
        headers: { authorization: 'Bearer plain_key', 'x-mock-delay-ms': '5' },
      });
      expect(short.status).toBe(200);
      expect(slept).toEqual([MAX_DELAY_MS, 10_005]);
    } finally {
      await mock.close();
    }
  });
});
