import { type SpecOperation, specOperations } from '@partnero-ts/spec-tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFaults } from '../../src/2-contract/faults.js';
import { type RunningMock, startMock } from '../../src/index.js';
import { AUTH, callOperation, expectAlive, recordingSleep } from '../support.js';

// Delays go through an injected sleep that records what it was asked: the tests check what the
// mock decided, never how long the machine took.
const { slept, sleep } = recordingSleep();
let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0, sleep });
});
afterAll(() => mock.close());

const op = specOperations().find((candidate) => candidate.method === 'get') as SpecOperation;

describe('x-mock-delay-ms', () => {
  it('waits the given milliseconds before answering', async () => {
    slept.length = 0;
    const res = await callOperation(mock.url, op, { ...AUTH, 'x-mock-delay-ms': '300' });
    expect(res.status).toBe(200);
    expect(slept).toEqual([300]);
  });

  it.each(['abc', '-1', '1.5', '30001', ''])('refuses %j with a 400 problem', async (value) => {
    const res = await callOperation(mock.url, op, { ...AUTH, 'x-mock-delay-ms': value });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).detail).toContain('x-mock-delay-ms');
  });

  it('prints no MaxListenersExceededWarning with many delayed requests in flight', async () => {
    const real = await startMock({ port: 0 });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const answers = await Promise.all(
        Array.from({ length: 25 }, () => callOperation(real.url, op, { ...AUTH, 'x-mock-delay-ms': '20' })),
      );
      expect(answers.map((res) => res.status)).toEqual(answers.map(() => 200));
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
      await real.close();
    }
  });

  it('drops a request still waiting when the mock closes, instead of holding the process', async () => {
    const real = await startMock({ port: 0 });
    const pending = callOperation(real.url, op, { ...AUTH, 'x-mock-delay-ms': '30000' });
    // The request must have reached the mock before it closes: wait until the stats count it.
    for (;;) {
      const stats = await (await fetch(`${real.url}/__mock/stats`)).json();
      if (stats.total === 1) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await real.close();
    await expect(pending).rejects.toThrow(TypeError);
  });
});

describe('x-mock-fault', () => {
  it.each(['drop', 'reset'])('%s destroys the connection without a response', async (fault) => {
    await expect(callOperation(mock.url, op, { ...AUTH, 'x-mock-fault': fault })).rejects.toThrow(TypeError);
    await expectAlive(mock.url);
  });

  it('drop-after-commit answers nothing either', async () => {
    await expect(
      callOperation(mock.url, op, { ...AUTH, 'x-mock-fault': 'drop-after-commit' }),
    ).rejects.toThrow(TypeError);
    await expectAlive(mock.url);
  });

  it('refuses an unknown fault with a 400 problem naming the choices', async () => {
    const res = await callOperation(mock.url, op, { ...AUTH, 'x-mock-fault': 'explode' });
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toContain('drop-after-commit');
  });

  it('applies after the token contract', async () => {
    const res = await callOperation(mock.url, op, { 'x-mock-fault': 'drop' });
    expect(res.status).toBe(401);
  });
});

describe('global faults (CLI --delay-ms, --drop-rate)', () => {
  it('drops every API request at --drop-rate 1 but still answers /health', async () => {
    const chaos = await startMock({ port: 0, faults: { dropRate: 1 } });
    try {
      await expect(callOperation(chaos.url, op, AUTH)).rejects.toThrow(TypeError);
      await expectAlive(chaos.url);
    } finally {
      await chaos.close();
    }
  });

  it('drops by the injected randomness', async () => {
    const draws = [0.4, 0.6];
    const chaos = await startMock({ port: 0, faults: { dropRate: 0.5 }, random: () => draws.shift() ?? 1 });
    try {
      await expect(callOperation(chaos.url, op, AUTH)).rejects.toThrow(TypeError);
      expect((await callOperation(chaos.url, op, AUTH)).status).toBe(200);
    } finally {
      await chaos.close();
    }
  });

  it('adds --delay-ms to every API request, on top of the header', async () => {
    const { slept: delays, sleep: record } = recordingSleep();
    const slow = await startMock({ port: 0, faults: { delayMs: 200 }, sleep: record });
    try {
      expect((await callOperation(slow.url, op, AUTH)).status).toBe(200);
      expect((await callOperation(slow.url, op, { ...AUTH, 'x-mock-delay-ms': '5' })).status).toBe(200);
      await expectAlive(slow.url);
      expect(delays).toEqual([200, 205]);
    } finally {
      await slow.close();
    }
  });
});

describe('planFaults', () => {
  const none = { delay: null, fault: null };
  const turn = { delayMs: 0 };
  it('is a no-op by default', () => {
    expect(planFaults(none, turn, {})).toEqual({ delayMs: 0 });
  });
  it('adds header and global delays and drops by rate', () => {
    expect(planFaults({ delay: '10', fault: null }, turn, { delayMs: 5, dropRate: 0.5 }, () => 0.4)).toEqual({
      delayMs: 15,
      drop: 'before-commit',
    });
    expect(planFaults(none, turn, { dropRate: 0.5 }, () => 0.6)).toEqual({ delayMs: 0 });
  });
  it('takes a scenario turn: its delay adds up, its fault applies', () => {
    const scripted = { delayMs: 7, fault: { kind: 'drop', when: 'after-commit' } } as const;
    expect(planFaults({ delay: '1', fault: null }, scripted, {})).toEqual({
      delayMs: 8,
      drop: 'after-commit',
    });
    expect(planFaults(none, { delayMs: 0, fault: { kind: 'status', status: 503 } }, {})).toEqual({
      delayMs: 0,
      status: 503,
    });
  });
  it.each([{ delay: 'x' }, { delay: '30001' }, { fault: 'boom' }])('refuses %o', (headers) => {
    expect(planFaults({ ...none, ...headers }, turn, {})).toMatchObject({ status: 400 });
  });
});
