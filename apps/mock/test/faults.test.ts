import { firstExample, responseOf, type SpecOperation, specOperations } from '@partnero-ts/spec-tools';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningMock, type StatsSnapshot, startMock } from '../src/index.js';
import { AUTH, JSON_AUTH, validRequest } from './support.js';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());

const stats = async (): Promise<StatsSnapshot> => (await fetch(`${mock.url}/__mock/stats`)).json();
const op = specOperations()[0] as SpecOperation;
const opPath = () => `${mock.url}${validRequest(op).path}`;

describe('Prefer fault codes', () => {
  it('code=429 answers the spec 429 with a Retry-After header', async () => {
    for (const candidate of specOperations().filter((o) => responseOf(o, 429))) {
      const res = await fetch(`${mock.url}${validRequest(candidate).path}`, {
        method: candidate.method.toUpperCase(),
        headers: { ...JSON_AUTH, prefer: 'code=429' },
        ...(validRequest(candidate).body !== undefined && { body: validRequest(candidate).body }),
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await res.json()).toEqual(firstExample(candidate, 429));
    }
  });

  it('code=503 answers a Partnero-shaped 503 even where the spec defines none', async () => {
    const res = await fetch(opPath(), { headers: { ...AUTH, prefer: 'code=503' } });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(firstExample(op, 503) ?? { status: 0, message: 'Service Unavailable' });
  });

  it('the token contract still comes first', async () => {
    const res = await fetch(opPath(), { headers: { prefer: 'code=503' } });
    expect(res.status).toBe(401);
  });
});

describe('x-mock-delay-ms', () => {
  it('adds latency before answering', async () => {
    const started = performance.now();
    const res = await fetch(opPath(), { headers: { ...AUTH, 'x-mock-delay-ms': '300' } });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it.each(['abc', '-1', '1.5', '30001', ''])('refuses %j with a 400 problem', async (value) => {
    const res = await fetch(opPath(), { headers: { ...AUTH, 'x-mock-delay-ms': value } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).detail).toContain('x-mock-delay-ms');
  });
});

describe('x-mock-fault', () => {
  it.each(['drop', 'reset'])('%s destroys the connection without a response', async (fault) => {
    await expect(fetch(opPath(), { headers: { ...AUTH, 'x-mock-fault': fault } })).rejects.toThrow(TypeError);
    expect((await fetch(`${mock.url}/health`)).status).toBe(200);
  });

  it('refuses an unknown fault with a 400 problem', async () => {
    const res = await fetch(opPath(), { headers: { ...AUTH, 'x-mock-fault': 'explode' } });
    expect(res.status).toBe(400);
  });
});

describe('global faults (CLI --delay-ms, --drop-rate)', () => {
  it('drops every API request at --drop-rate 1 but still answers /health', async () => {
    const chaos = await startMock({ port: 0, faults: { dropRate: 1 } });
    try {
      await expect(fetch(`${chaos.url}${validRequest(op).path}`, { headers: AUTH })).rejects.toThrow(
        TypeError,
      );
      expect((await fetch(`${chaos.url}/health`)).status).toBe(200);
    } finally {
      await chaos.close();
    }
  });

  it('delays every API request by --delay-ms', async () => {
    const slow = await startMock({ port: 0, faults: { delayMs: 200 } });
    try {
      const started = performance.now();
      expect((await fetch(`${slow.url}${validRequest(op).path}`, { headers: AUTH })).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    } finally {
      await slow.close();
    }
  });
});

describe('request stats', () => {
  beforeEach(async () => {
    expect((await fetch(`${mock.url}/__mock/stats`, { method: 'DELETE' })).status).toBe(204);
  });

  it('counts requests per operation, keyed by the spec method and path template', async () => {
    for (const candidate of specOperations()) {
      const { path } = validRequest(candidate);
      await (
        await fetch(`${mock.url}${path}`, { method: candidate.method.toUpperCase(), headers: AUTH })
      ).text();
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
    const { path, body } = validRequest(post);
    await expect(
      fetch(`${mock.url}${path}`, {
        method: 'POST',
        headers: { ...JSON_AUTH, 'x-mock-fault': 'drop' },
        body,
      }),
    ).rejects.toThrow();
    expect((await stats()).byOperation).toEqual({ [`POST ${post.path}`]: 1 });
  });

  it('resets with DELETE /__mock/stats or POST /__mock/reset', async () => {
    await (await fetch(opPath(), { headers: AUTH })).text();
    expect((await stats()).total).toBe(1);
    expect((await fetch(`${mock.url}/__mock/reset`, { method: 'POST' })).status).toBe(204);
    expect(await stats()).toEqual({ total: 0, byOperation: {} });
  });
});
