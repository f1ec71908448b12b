import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultAt, parseScenario } from '../../src/2-contract/scenario.js';
import { isAnswer } from '../../src/answer.js';
import { type RunningMock, startMock } from '../../src/index.js';
import { apiAs, mockRoute, recordingSleep, uniqueKey } from '../support.js';

// Scenario keys script faults through the API key alone. Delays go through an injected sleep
// that records what it was asked, so no test depends on how long anything took.
const { slept, sleep } = recordingSleep();
let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0, sleep });
});
afterAll(() => mock.close());

/** A scenario key unique to this test, so its script starts at step one. */
const scenario = (steps: string) => `scenario_${steps}.${uniqueKey('t')}`;

describe('scenario keys over HTTP', () => {
  it('429xN answers 429 (with Retry-After) N times, then normally', async () => {
    const api = apiAs(mock.url, scenario('429x2'));
    const first = await api('GET', '/partners');
    expect(first.status).toBe(429);
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(first.body).toMatchObject({ status: 0 });
    expect((await api('GET', '/partners')).status).toBe(429);
    expect((await api('GET', '/partners')).status).toBe(200);
    expect((await api('GET', '/partners')).status).toBe(200);
  });

  it('5NNxN answers that status N times, even where the spec documents none', async () => {
    const api = apiAs(mock.url, scenario('503x1_500x2'));
    expect((await api('GET', '/partners')).status).toBe(503);
    const failed = await api('GET', '/partners');
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ status: 0 });
    expect((await api('GET', '/partners')).status).toBe(500);
    expect((await api('GET', '/partners')).status).toBe(200);
  });

  it('a scripted status commits nothing', async () => {
    const key = scenario('503');
    const api = apiAs(mock.url, key);
    expect((await api('POST', '/partners', { email: 'ada@example.com' })).status).toBe(503);
    expect(await mockRoute(mock.url, '/__mock/ledger', key)).toEqual([]);
  });

  it('drop drops the connection before the commit, once by default', async () => {
    const key = scenario('drop');
    const api = apiAs(mock.url, key);
    await expect(api('POST', '/partners', { email: 'ada@example.com' })).rejects.toThrow(TypeError);
    expect(await mockRoute(mock.url, '/__mock/ledger', key)).toEqual([]);
    expect((await api('POST', '/partners', { email: 'ada@example.com' })).status).toBe(200);
    expect(await mockRoute(mock.url, '/__mock/ledger', key)).toHaveLength(1);
  });

  it('drop-after-commitxN commits the write, then drops the connection, N times', async () => {
    const key = scenario('drop-after-commitx2');
    const api = apiAs(mock.url, key);
    await expect(api('POST', '/partners', { email: 'ada@example.com' })).rejects.toThrow(TypeError);
    await expect(api('POST', '/partners', { email: 'bob@example.com' })).rejects.toThrow(TypeError);
    const listed = await api('GET', '/partners');
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((partner: { email: string }) => partner.email)).toEqual(
      expect.arrayContaining(['ada@example.com', 'bob@example.com']),
    );
    expect(await mockRoute(mock.url, '/__mock/ledger', key)).toHaveLength(2);
  });

  it('delayMS waits before every answer', async () => {
    const api = apiAs(mock.url, scenario('delay250'));
    slept.length = 0;
    expect((await api('GET', '/partners')).status).toBe(200);
    expect((await api('GET', '/partners')).status).toBe(200);
    expect(slept).toEqual([250, 250]);
  });

  it('steps combine: a delay on every request, then the faults in order', async () => {
    const api = apiAs(mock.url, scenario('delay10_429_503'));
    slept.length = 0;
    expect((await api('GET', '/partners')).status).toBe(429);
    expect((await api('GET', '/partners')).status).toBe(503);
    expect((await api('GET', '/partners')).status).toBe(200);
    expect(slept).toEqual([10, 10, 10]);
  });

  it('keeps the token contract: the invalid_, expired_ and forbidden_ prefixes come first', async () => {
    expect((await apiAs(mock.url, 'invalid_scenario_429')('GET', '/partners')).status).toBe(401);
    expect((await apiAs(mock.url, 'forbidden_scenario_429')('GET', '/partners')).status).toBe(403);
  });

  it('answers a malformed scenario key with a 400 that shows the grammar', async () => {
    const answer = await apiAs(mock.url, scenario('429x2_explode'))('GET', '/partners');
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('unknown step "explode"');
    expect(answer.body.detail).toContain('drop-after-commitxN');
  });

  it('gives each scenario key its own state', async () => {
    const api = apiAs(mock.url, scenario('delay0'));
    const { id } = (await api('POST', '/partners', { email: 'ada@example.com' })).body.data;
    expect((await api('GET', `/partners/${id}`)).status).toBe(200);
    expect((await apiAs(mock.url, scenario('delay0'))('GET', `/partners/${id}`)).status).toBe(404);
  });
});

describe('parseScenario', () => {
  it('reads steps, counts, delays and ignores the label', () => {
    const parsed = parseScenario('scenario_429x3_drop_drop-after-commitx2_delay5_delay5.my_label.x', 30_000);
    expect(parsed).toEqual({
      steps: [
        { fault: { kind: 'status', status: 429 }, times: 3 },
        { fault: { kind: 'drop', when: 'before-commit' }, times: 1 },
        { fault: { kind: 'drop', when: 'after-commit' }, times: 2 },
      ],
      delayMs: 10,
    });
  });

  it.each(['scenario_404', 'scenario_', 'scenario_429x0', 'scenario_delay40000', 'scenario_dropx'])(
    'refuses %s',
    (token) => {
      expect(isAnswer(parseScenario(token, 30_000))).toBe(true);
    },
  );

  it('maps request numbers onto steps', () => {
    const parsed = parseScenario('scenario_429x2_500', 0);
    if (isAnswer(parsed)) throw new Error('refused');
    expect([0, 1, 2, 3].map((index) => faultAt(parsed, index))).toEqual([
      { kind: 'status', status: 429 },
      { kind: 'status', status: 429 },
      { kind: 'status', status: 500 },
      undefined,
    ]);
  });
});
