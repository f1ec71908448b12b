import {
  firstExample,
  responseExamples,
  responseOf,
  type SpecOperation,
  specOperations,
  successStatus,
} from '@partnero-ts/spec-tools';
import { responseBodyErrors } from '@partnero-ts/spec-tools/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrefer } from '../../src/4-prism/prefer.js';
import { type RunningMock, startMock } from '../../src/index.js';
import { AUTH, callOperation } from '../support.js';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());

const withExamples = specOperations().filter(
  (op) => Object.keys(responseExamples(op, successStatus(op))).length > 0,
);

describe('Prefer', () => {
  it('code=NNN forces a status the spec defines, with its example', async () => {
    const op = specOperations().find((candidate) => responseOf(candidate, 404)) as SpecOperation;
    const res = await callOperation(mock.url, op, { ...AUTH, prefer: 'code=404' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(firstExample(op, 404));
  });

  it('code=429 answers the spec 429 with a Retry-After header, for every operation that documents one', async () => {
    const limited = specOperations().filter((op) => responseOf(op, 429));
    expect(limited.length).toBeGreaterThan(0);
    for (const op of limited) {
      const res = await callOperation(mock.url, op, { ...AUTH, prefer: 'code=429' });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await res.json()).toEqual(firstExample(op, 429));
    }
  });

  it('code=503 answers a Partnero-shaped 503 even where the spec defines none', async () => {
    const op = specOperations().find((candidate) => !responseOf(candidate, 503)) as SpecOperation;
    const res = await callOperation(mock.url, op, { ...AUTH, prefer: 'code=503' });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 0, message: 'Service Unavailable' });
  });

  it('the token contract comes first', async () => {
    const res = await callOperation(mock.url, specOperations()[0] as SpecOperation, { prefer: 'code=503' });
    expect(res.status).toBe(401);
  });

  it('example=NAME picks a named example', async () => {
    expect(withExamples.length).toBeGreaterThan(0);
    for (const op of withExamples) {
      const examples = responseExamples(op, successStatus(op));
      const name = Object.keys(examples).at(-1) as string;
      const res = await callOperation(mock.url, op, { ...AUTH, prefer: `example=${name}` });
      expect(await res.json()).toEqual(examples[name]);
    }
  });

  it('dynamic=true generates a fresh body from the schema instead of an example', async () => {
    // An operation whose answer carries generated strings: two generations differ, an example never does.
    const op = specOperations().find((candidate) => candidate.operationId === 'getPartner') as SpecOperation;
    const bodies: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await callOperation(mock.url, op, { ...AUTH, prefer: 'dynamic=true' });
      expect(res.status).toBe(successStatus(op));
      bodies.push(await res.json());
    }
    for (const body of bodies) {
      expect(responseBodyErrors(op, successStatus(op), body)).toBe('');
      for (const example of Object.values(responseExamples(op, successStatus(op)))) {
        expect(body).not.toEqual(example);
      }
    }
    expect(bodies[0]).not.toEqual(bodies[1]);
  });
});

describe('parsePrefer', () => {
  it('reads code, example and dynamic', () => {
    expect(parsePrefer('code=404, example="missing"; dynamic=true')).toEqual({
      code: 404,
      exampleKey: 'missing',
      dynamic: true,
    });
  });
});
