import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../src/index.js';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${mock.url}${path}`, { headers });

describe('token contract', () => {
  it('answers 401 with a bearer challenge when Authorization is missing or not a bearer token', async () => {
    const variants: Record<string, string>[] = [
      {},
      { authorization: 'Basic abc' },
      { authorization: 'Bearer ' },
    ];
    for (const headers of variants) {
      const res = await get('/v1/partners', headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="partnero"');
      expect(await res.json()).toMatchObject({ status: 0 });
    }
  });

  it.each(['invalid_abc', 'expired_abc'])('answers 401 invalid_token for %s', async (token) => {
    const res = await get('/v1/partners', { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="partnero", error="invalid_token"');
  });

  it('answers 403 for forbidden_ tokens', async () => {
    const res = await get('/v1/partners', { authorization: 'Bearer forbidden_abc' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ status: 0, message: expect.any(String) });
  });

  it('serves the spec example for any other token', async () => {
    const res = await get('/v1/partners', { authorization: 'Bearer test_key' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe(1);
    expect(Array.isArray(body.data)).toBe(true);
  });
});

describe('routes', () => {
  it('serves the API only under /v1', async () => {
    const res = await get('/partners', { authorization: 'Bearer test_key' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('serves /health and /openapi.json without a key', async () => {
    expect(await (await get('/health')).json()).toEqual({ status: 'ok' });
    const spec = await (await get('/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
  });

  it('passes Prefer: code through to Prism', async () => {
    const res = await get('/v1/partners/p1', { authorization: 'Bearer test_key', prefer: 'code=404' });
    expect(res.status).toBe(404);
  });
});
