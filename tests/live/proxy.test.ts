import { type ConformanceReport, type RunningMock, startMock } from '@partnero-ts/mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fakeClock } from './fake-clock.js';
import { MUTATION } from './mutated-spec.js';
import type { LiveReport } from './report.js';
import { runLive } from './run.js';

// The validating proxy (`partnero-mock --proxy`) between the live run and the two stand-ins for
// production: the live run plays "your app or test suite", so the proxy sees ~40 real exchanges.
// Both tools check answers with the same code (@partnero-ts/mock/conformance), so what the live
// run reports, the proxy reports too, under /response.

const API_KEY = 'test_live_through_proxy';

interface Proxied {
  proxy: RunningMock;
  lines: string[];
  live: LiveReport;
  conformance: ConformanceReport;
}

async function runThroughProxy(upstream: string): Promise<Proxied> {
  const lines: string[] = [];
  const proxy = await startMock({ port: 0, proxy: `${upstream}/v1`, log: (line) => lines.push(line) });
  const live = await runLive({
    apiKey: API_KEY,
    baseUrl: `${proxy.url}/v1`,
    ratePerSecond: 2,
    clock: fakeClock(),
  });
  const conformance = (await (await fetch(`${proxy.url}/__mock/conformance`)).json()) as ConformanceReport;
  return { proxy, lines, live, conformance };
}

describe('the proxy in front of the mock standing in for production', () => {
  let run: Proxied;
  beforeAll(async () => {
    run = await runThroughProxy(inject('mockUrl'));
  });
  afterAll(() => run.proxy.close());

  it('counts every exchange as conforming and logs nothing', () => {
    const { conformance, live, lines } = run;
    expect(conformance.exchanges).toBeGreaterThan(20);
    expect(conformance).toMatchObject({ conforming: conformance.exchanges, differing: 0, unmatched: [] });
    expect(conformance.operations.length).toBe(live.summary.conforms);
    expect(lines).toEqual([]);
  });
});

describe('the proxy in front of the mock serving a mutated spec', () => {
  let run: Proxied;
  beforeAll(async () => {
    run = await runThroughProxy(inject('mutatedMockUrl'));
  });
  afterAll(() => run.proxy.close());

  it('reports the mismatch injected into the answers, with its pointer and value, in the log and the report', () => {
    const getPartner = run.conformance.operations.find((operation) => operation.operationId === 'getPartner');
    expect(getPartner).toMatchObject({
      evidence: 'documented',
      differing: 1,
      differences: [
        expect.objectContaining({ pointer: `/response/body/data/${MUTATION.field}`, value: MUTATION.value }),
      ],
    });
    expect(run.lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^conformance: GET /partners/\\S+ -> 200 getPartner \\[documented\\] /response/body/data/${MUTATION.field}: .* \\(found ${MUTATION.value}\\)$`,
        ),
      ),
    );
  });

  it('passes the differing answers back unchanged: the live run behind it sees the same differences', () => {
    const { live, conformance } = run;
    const differing = live.operations.filter((operation) => operation.outcome === 'differs');
    expect(differing.length).toBeGreaterThan(0);
    for (const operation of differing) {
      const proxied = conformance.operations.find(
        (candidate) => candidate.operationId === operation.operationId,
      );
      for (const difference of operation.differences ?? []) {
        expect(proxied?.differences).toContainEqual(
          expect.objectContaining({ pointer: `/response${difference.pointer}`, value: difference.value }),
        );
      }
    }
    expect(conformance.differing).toBe(differing.length);
  });

  it('never shows the key in its log or report', () => {
    expect(`${run.lines.join('\n')}${JSON.stringify(run.conformance)}`).not.toContain(API_KEY);
  });
});
