import { beforeAll, describe, expect, inject, it } from 'vitest';
import { fakeClock } from './fake-clock.js';
import { MUTATION } from './mutated-spec.js';
import { planLiveRun } from './plan.js';
import { exitCode } from './report.js';
import { runLive } from './run.js';

const baseUrl = `${inject('mockUrl')}/v1`;
const mutatedBaseUrl = `${inject('mutatedMockUrl')}/v1`;

interface Sent {
  method: string;
  path: string;
  at: number;
  authorization: string | null;
}

/** The real fetch, recording what the run sends (and when, on the run's clock). */
function recordingFetch(
  clock: { now(): number },
  sent: Sent[],
  rewrite?: (request: Request) => Request,
): typeof fetch {
  return (input, init) => {
    const original = new Request(input, init);
    sent.push({
      method: original.method,
      path: new URL(original.url).pathname,
      at: clock.now(),
      authorization: original.headers.get('authorization'),
    });
    return fetch(rewrite ? rewrite(original) : original);
  };
}

async function run(url: string, rewrite?: (request: Request) => Request) {
  const clock = fakeClock();
  const sent: Sent[] = [];
  const report = await runLive({
    apiKey: 'test_live',
    baseUrl: url,
    ratePerSecond: 2,
    clock,
    fetch: recordingFetch(clock, sent, rewrite),
  });
  return { report, sent, clock };
}

const result = (report: Awaited<ReturnType<typeof runLive>>, operationId: string) =>
  report.operations.find((operation) => operation.operationId === operationId);

type Run = Awaited<ReturnType<typeof run>>;

// One run per mock, shared by the tests that read it: a run is ~40 requests, and the first one in
// a worker also compiles every validator, so it belongs in a hook, not in each test.
describe('live run against the mock standing in for production', () => {
  let production: Run;
  beforeAll(async () => {
    production = await run(baseUrl);
  });

  it('reports every GET it reaches as conforming, and the auth contract', () => {
    const { report } = production;
    const called = report.operations.filter((operation) => operation.outcome !== 'skipped');
    expect(called.length).toBeGreaterThan(0);
    expect(called.filter((operation) => operation.outcome !== 'conforms')).toEqual([]);
    expect(report.auth.map((check) => [check.check, check.status, check.outcome])).toEqual([
      ['no key', 401, 'conforms'],
      ['wrong key', 401, 'conforms'],
    ]);
    // Fed from GET /partners: a call only a list answer makes possible.
    expect(result(report, 'getPartner')).toMatchObject({
      outcome: 'conforms',
      request: expect.stringMatching(/^GET \/partners\/[^{]+$/),
    });
    expect(exitCode(report)).toBe(0);
  });

  it('calls every operation the plan calls, unless its list answer had nothing to feed it', () => {
    for (const step of planLiveRun().filter((candidate) => candidate.kind === 'call')) {
      const operation = result(production.report, step.op.operationId);
      if (operation?.outcome === 'skipped')
        expect(operation.reason).toMatch(/the answer of GET .* has no item with/);
      else expect(operation?.outcome).toBe('conforms');
    }
  });

  it('never sends anything but GET', () => {
    const { report, sent } = production;
    expect(sent.length).toBe(report.summary.conforms + report.summary.differs + report.auth.length);
    expect(new Set(sent.map((request) => request.method))).toEqual(new Set(['GET']));
  });

  it('sends the key only as a bearer token, and nothing for the no-key check', () => {
    const { sent } = production;
    expect(sent.filter((request) => request.authorization === null)).toHaveLength(1);
    expect(sent.filter((request) => request.authorization === 'Bearer test_live').length).toBe(
      sent.length - 2,
    );
  });

  it('starts requests no closer than the rate allows, on the injected clock', () => {
    const { sent, clock } = production;
    const gaps = sent.slice(1).map((request, index) => request.at - (sent[index] as Sent).at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    expect(clock.slept.length).toBeGreaterThan(0);
  });

  it('waits out a 429 (Retry-After) and asks again instead of reporting it', async () => {
    let forced = 0;
    const { report, sent, clock } = await run(baseUrl, (request) => {
      if (!request.url.endsWith('/v1/program') || forced > 0) return request;
      forced += 1;
      const headers = new Headers(request.headers);
      headers.set('prefer', 'code=429');
      return new Request(request, { headers });
    });
    expect(sent.filter((request) => request.path === '/v1/program')).toHaveLength(2);
    expect(result(report, 'getProgram')?.outcome).toBe('conforms');
    expect(clock.slept).toContain(1000);
  });
});

describe('live run against the mock serving a mutated spec', () => {
  let mutated: Run;
  beforeAll(async () => {
    mutated = await run(mutatedBaseUrl);
  });

  it('reports the mutation with its JSON pointer and the value found, and exits non-zero', () => {
    const { report } = mutated;
    expect(result(report, 'getPartner')).toMatchObject({
      outcome: 'differs',
      differences: expect.arrayContaining([
        expect.objectContaining({ pointer: `/body/data/${MUTATION.field}`, value: MUTATION.value }),
      ]),
    });
    expect(result(report, 'listPartners')?.differences).toContainEqual(
      expect.objectContaining({ pointer: `/body/data/0/${MUTATION.field}`, value: MUTATION.value }),
    );
    expect(exitCode(report)).toBe(1);
  });

  it('blames only the mutation: every difference is the mutated field, and the rest still conforms', () => {
    const { report } = mutated;
    const differing = report.operations.filter((operation) => operation.outcome === 'differs');
    expect(differing.length).toBe(report.summary.differs);
    for (const operation of differing) {
      expect(operation.differences).toContainEqual(
        expect.objectContaining({
          pointer: expect.stringMatching(new RegExp(`/${MUTATION.field}$`)),
          value: MUTATION.value,
        }),
      );
    }
    expect(result(report, 'getProgram')?.outcome).toBe('conforms');
    expect(report.auth.every((check) => check.outcome === 'conforms')).toBe(true);
  });
});
