import { type SpecOperation, spec, specOperations } from '@partnero-ts/spec-tools';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningMock, type StatsSnapshot, startMock } from '../../src/index.js';
import { localizeBundle } from '../../src/internal/docs.js';
import { createStats } from '../../src/internal/stats.js';
import { AUTH, callOperation, JSON_AUTH, validRequest } from '../support.js';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());

const stats = async (): Promise<StatsSnapshot> => (await fetch(`${mock.url}/__mock/stats`)).json();

describe('health, spec and docs', () => {
  it('serves /health and /openapi.json without a key', async () => {
    expect(await (await fetch(`${mock.url}/health`)).json()).toEqual({ status: 'ok' });
    const served = await (await fetch(`${mock.url}/openapi.json`)).json();
    expect(served.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(served.paths)).toEqual(Object.keys(spec.paths as object));
  });

  it('serves /docs as HTML that loads Redoc from the mock itself', async () => {
    const html = await (await fetch(`${mock.url}/docs`)).text();
    expect(html).toContain('<script src="/docs/redoc.standalone.js">');
    expect(html).not.toMatch(/https?:\/\//);
    const bundle = await fetch(`${mock.url}/docs/redoc.standalone.js`);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });

  it('answers a method a route does not take with 405 and Allow', async () => {
    const res = await fetch(`${mock.url}/health`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('request stats', () => {
  beforeEach(async () => {
    expect((await fetch(`${mock.url}/__mock/stats`, { method: 'DELETE' })).status).toBe(204);
  });

  it('counts requests per operation, keyed by the spec method and path template', async () => {
    for (const op of specOperations()) {
      const { path } = validRequest(op);
      await (await fetch(`${mock.url}${path}`, { method: op.method.toUpperCase(), headers: AUTH })).text();
    }
    await (await fetch(`${mock.url}/v1/no-such-resource`, { headers: AUTH })).text();
    await (await fetch(`${mock.url}/health`)).text();
    const expected = Object.fromEntries(
      specOperations().map((o) => [`${o.method.toUpperCase()} ${o.path}`, 1]),
    );
    expect(await stats()).toEqual({ total: specOperations().length + 1, byOperation: expected });
  });

  it('proves a POST reached the server exactly once, even when its connection dropped', async () => {
    const post = specOperations().find((o) => o.method === 'post') as SpecOperation;
    await expect(callOperation(mock.url, post, { ...JSON_AUTH, 'x-mock-fault': 'drop' })).rejects.toThrow();
    expect((await stats()).byOperation).toEqual({ [`POST ${post.path}`]: 1 });
  });

  it('resets with DELETE /__mock/stats or POST /__mock/reset', async () => {
    const op = specOperations()[0] as SpecOperation;
    await (await callOperation(mock.url, op, AUTH)).text();
    expect((await stats()).total).toBe(1);
    expect((await fetch(`${mock.url}/__mock/reset`, { method: 'POST' })).status).toBe(204);
    expect(await stats()).toEqual({ total: 0, byOperation: {} });
    await (await callOperation(mock.url, op, AUTH)).text();
    expect((await fetch(`${mock.url}/__mock/stats`, { method: 'DELETE' })).status).toBe(204);
    expect(await stats()).toEqual({ total: 0, byOperation: {} });
  });
});

describe('guard: a web page cannot reach the run routes', () => {
  it.each([
    ['POST', '/__mock/reset'],
    ['GET', '/__mock/stats'],
    ['GET', '/__mock/ledger'],
    ['DELETE', '/__mock/stats'],
  ])('refuses %s %s from a foreign Origin with 403', async (method, path) => {
    const res = await fetch(`${mock.url}${path}`, { method, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toContain('other origins');
  });

  it('accepts its own Origin', async () => {
    const res = await fetch(`${mock.url}/__mock/stats`, { headers: { origin: new URL(mock.url).origin } });
    expect(res.status).toBe(200);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a reset with a %s body (what a page can send without preflight) with 415',
    async (type) => {
      const res = await fetch(`${mock.url}/__mock/reset`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: 'reset=1',
      });
      expect(res.status).toBe(415);
    },
  );

  it('accepts an empty body or a JSON one', async () => {
    expect((await fetch(`${mock.url}/__mock/reset`, { method: 'POST' })).status).toBe(204);
    const json = await fetch(`${mock.url}/__mock/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(204);
  });
});

describe('small pieces', () => {
  it('stats count per operation and reset', () => {
    const stats = createStats();
    stats.record('GET /partners');
    stats.record('GET /partners');
    stats.record(undefined);
    expect(stats.snapshot()).toEqual({ total: 3, byOperation: { 'GET /partners': 2 } });
    stats.reset();
    expect(stats.snapshot()).toEqual({ total: 0, byOperation: {} });
  });

  it('points the Redoc logo away from the CDN', () => {
    expect(localizeBundle('src:"https://cdn.redoc.ly/redoc/logo-mini.svg"')).not.toContain('https://');
  });
});
