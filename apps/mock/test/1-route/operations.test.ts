import { type SpecOperation, specOperations } from '@partnero-ts/spec-tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/index.js';
import { AUTH, validRequest } from '../support.js';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());

describe('routing', () => {
  it('serves the API only under /v1', async () => {
    const res = await fetch(`${mock.url}/partners`, { headers: AUTH });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).detail).toContain('/v1');
  });

  it('answers an unknown API path with a 404 problem', async () => {
    const res = await fetch(`${mock.url}/v1/no-such-resource`, { headers: AUTH });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      status: 404,
      detail: expect.stringContaining('/no-such-resource'),
    });
  });

  it('answers a method the path does not define with a 405 problem and Allow', async () => {
    const op = specOperations()[0] as SpecOperation;
    const defined = specOperations()
      .filter((candidate) => candidate.path === op.path)
      .map((candidate): string => candidate.method);
    const method = ['patch', 'put', 'delete', 'post', 'get'].find(
      (candidate) => !defined.includes(candidate),
    ) as string;
    const res = await fetch(`${mock.url}${validRequest(op).path}`, {
      method: method.toUpperCase(),
      headers: AUTH,
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain(op.method.toUpperCase());
    expect(await res.json()).toMatchObject({
      status: 405,
      detail: expect.stringContaining(method.toUpperCase()),
    });
  });

  it('answers a method HTTP has but the mock does not serve with a 405 problem', async () => {
    const res = await fetch(`${mock.url}/v1/partners`, { method: 'PROPFIND', headers: AUTH });
    expect(res.status).toBe(405);
  });
});
