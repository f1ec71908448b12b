import { firstExample, specOperations, successStatus } from '@partnero-ts/spec-tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/index.js';
import { AUTH, callOperation } from '../support.js';

// The token contract for every operation of the spec. Stateless, so the success answer is
// exactly the spec's example (with state, stored records are merged in: see test/state).
let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0, stateless: true });
});
afterAll(() => mock.close());

const operations = specOperations().map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const);

describe.each(operations)('token contract: %s', (_name, op) => {
  const call = (headers: Record<string, string>) => callOperation(mock.url, op, headers);

  it.each<Record<string, string>>([{}, { authorization: 'Basic abc' }, { authorization: 'Bearer ' }])(
    'answers the spec 401 with a bearer challenge for %o',
    async (headers) => {
      const res = await call(headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="partnero"');
      expect(await res.json()).toEqual(firstExample(op, 401) ?? expect.objectContaining({ status: 0 }));
    },
  );

  it.each(['invalid_abc', 'expired_abc'])('answers 401 invalid_token for %s', async (token) => {
    const res = await call({ authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="partnero", error="invalid_token"');
    expect(await res.json()).toEqual(firstExample(op, 401) ?? expect.objectContaining({ status: 0 }));
  });

  it("answers forbidden_ tokens with the spec's 403 example", async () => {
    const res = await call({ authorization: 'Bearer forbidden_abc' });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBeNull();
    expect(await res.json()).toEqual(firstExample(op, 403) ?? expect.objectContaining({ status: 0 }));
  });

  it("serves the spec's success example for any other token", async () => {
    const res = await call(AUTH);
    expect(res.status).toBe(successStatus(op));
    const example = firstExample(op, successStatus(op));
    if (example !== undefined) expect(await res.json()).toEqual(example);
  });
});
