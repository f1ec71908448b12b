import { describe, expect, it } from 'vitest';
import { type CheckedExchange, createConformanceLog, differenceLines } from '../../src/proxy/report.js';

const listPartners = {
  operationId: 'listPartners',
  method: 'GET',
  path: '/partners',
  evidence: 'documented',
  order: 2,
};
const getTest = {
  operationId: 'getTest',
  method: 'GET',
  path: '/test',
  evidence: 'official-client',
  order: 0,
};

function exchange(overrides: Partial<CheckedExchange>): CheckedExchange {
  return { operation: listPartners, request: 'GET /partners', status: 200, differences: [], ...overrides };
}

describe('the conformance log', () => {
  it('counts exchanges per operation, in the spec’s order, and each distinct difference once with its count', () => {
    const log = createConformanceLog('https://api.example/v1');
    const surname = { pointer: '/response/body/data/0/surname', message: 'must be string,null', value: 42 };
    log.record(exchange({ differences: [surname], request: 'GET /partners', status: 200 }));
    log.record(
      exchange({ differences: [{ ...surname, value: 43 }], request: 'GET /partners?', status: 200 }),
    );
    log.record(exchange({}));
    log.record(exchange({ operation: getTest, request: 'GET /test' }));
    expect(log.snapshot()).toEqual({
      upstream: 'https://api.example/v1',
      exchanges: 4,
      conforming: 2,
      differing: 2,
      operations: [
        {
          operationId: 'getTest',
          method: 'GET',
          path: '/test',
          evidence: 'official-client',
          conforming: 1,
          differing: 0,
          differences: [],
          unlisted: 0,
        },
        {
          operationId: 'listPartners',
          method: 'GET',
          path: '/partners',
          evidence: 'documented',
          conforming: 1,
          differing: 2,
          // The first exchange that showed it: its value, request and status.
          differences: [{ ...surname, count: 2, request: 'GET /partners', status: 200 }],
          unlisted: 0,
        },
      ],
      unmatched: [],
      unlistedUnmatched: 0,
    });
  });

  it('lists at most 100 distinct differences per operation and 100 unmatched requests, and counts the rest', () => {
    const log = createConformanceLog('https://api.example/v1');
    const differences = Array.from({ length: 250 }, (_, index) => ({
      pointer: `/response/body/data/${index}/surname`,
      message: 'must be string,null',
      value: 42,
    }));
    log.record(exchange({ differences }));
    for (let index = 0; index < 105; index++) {
      log.record(exchange({ operation: undefined, request: `GET /nope/${index}`, status: 404 }));
    }
    log.record(exchange({ operation: undefined, request: 'GET /nope/0', status: 404 }));
    const snapshot = log.snapshot();
    expect(snapshot.operations[0]?.differences).toHaveLength(100);
    expect(snapshot.operations[0]?.unlisted).toBe(150);
    expect(snapshot.unmatched).toHaveLength(100);
    expect(snapshot.unmatched[0]).toEqual({ request: 'GET /nope/0', status: 404, count: 2 });
    expect(snapshot.unlistedUnmatched).toBe(5);
    expect(snapshot).toMatchObject({ exchanges: 107, conforming: 0, differing: 107 });
  });

  it('hands out copies, and starts over on reset', () => {
    const log = createConformanceLog('https://api.example/v1');
    log.record(exchange({ differences: [{ pointer: '/response/status', message: 'x', value: 418 }] }));
    const snapshot = log.snapshot();
    snapshot.operations.length = 0;
    expect(log.snapshot().operations).toHaveLength(1);
    log.reset();
    expect(log.snapshot()).toMatchObject({ exchanges: 0, operations: [], unmatched: [] });
  });
});

describe('differenceLines', () => {
  it('is one line per difference, none for a conforming exchange, one for an unmatched request', () => {
    expect(differenceLines(exchange({}))).toEqual([]);
    expect(
      differenceLines(
        exchange({
          differences: [
            { pointer: '/request/query/limit', message: 'must be integer', value: 'lots' },
            { pointer: '/response/body/status', message: 'missing, but the spec requires it' },
          ],
        }),
      ),
    ).toEqual([
      'conformance: GET /partners -> 200 listPartners [documented] /request/query/limit: must be integer (found "lots")',
      'conformance: GET /partners -> 200 listPartners [documented] /response/body/status: missing, but the spec requires it',
    ]);
    expect(differenceLines(exchange({ operation: undefined, request: 'GET /nope', status: 404 }))).toEqual([
      'conformance: GET /nope -> 404: no operation in the spec matches GET /nope',
    ]);
  });
});
