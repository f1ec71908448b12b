// Behaviours the first `pnpm test:mutation` run found unprotected: each test here kills at least one
// mutant that every other test let live (see README.md, "Contributing").
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorForStatus } from '../src/errors.js';
import {
  ConfigurationError,
  ConnectionError,
  createPartneroClient,
  PartneroError,
  TimeoutError,
  unwrap,
  ValidationError,
  WebhookVerificationError,
} from '../src/index.js';
import { startAttempt } from '../src/internal/attempt.js';
import { createRedactor } from '../src/internal/redact.js';
import { errorCode, isIdempotent } from '../src/internal/retry.js';
import { createRetryingFetch, type TransportOptions } from '../src/internal/transport.js';
import { isLastPage } from '../src/paginate.js';
import { hangingFetch, json, type Step, scriptedFetch } from './stub.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const BASE = 'https://api.partnero.com/v1';
const get = (path = '/partners') => new Request(`${BASE}${path}`);

function transport(steps: Step[], options: Partial<TransportOptions> = {}) {
  const { fetch, seen } = scriptedFetch(steps);
  const send = createRetryingFetch({
    fetch,
    apiKey: 'pk_test',
    baseUrl: BASE,
    maxRetries: 2,
    timeout: 60_000,
    totalTimeout: 120_000,
    redact: createRedactor('pk_test'),
    sleep: async (ms) => {
      vi.setSystemTime(Date.now() + ms);
    },
    ...options,
  });
  return { send, seen };
}

describe('transport', () => {
  it('names an error answer whose Response a middleware replaced UNKNOWN, with its URL', async () => {
    const { fetch } = scriptedFetch([json({ data: [] })]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch });
    client.use({ onResponse: () => Response.json({ status: 0, message: 'Gone' }, { status: 410 }) });
    const error = await unwrap(client.GET('/partners')).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 410, method: 'UNKNOWN', url: '', attempts: 1 });
  });

  it('names the request in a ConnectionError', async () => {
    const { send } = transport([new TypeError('fetch failed')], { maxRetries: 0 });
    const error = await send(get()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(`Connection failed: GET ${BASE}/partners`);
  });

  it('locks nothing when `body` is only looked at, even after the event loop turns', async () => {
    const { send } = transport([json({ a: 1 })]);
    const response = await send(get());
    expect(response.body).not.toBeNull();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await response.json()).toEqual({ a: 1 });
  });

  it('ends the attempt at once for a 200 with no body, before anything reads it', async () => {
    vi.useFakeTimers();
    await transport([new Response(null)]).send(get());
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hands a Response of another realm or polyfill back untouched, its attempt ended', async () => {
    vi.useFakeTimers();
    const foreign = {
      ok: true,
      status: 200,
      headers: new Headers(),
      body: new Response('{"a":1}').body,
      json: async () => ({ a: 1 }),
    } as unknown as Response;
    const response = await transport([() => foreign]).send(get());
    expect(response).toBe(foreign);
    expect(Object.getPrototypeOf(response)).toBe(Object.prototype);
    expect(await response.json()).toEqual({ a: 1 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("reuses the signal of an attempt that ended at once (a 204) for the next attempt, not a foreign one's", async () => {
    const signals: (AbortSignal | null | undefined)[] = [];
    const recording = (answer: () => Response) => (_request: Request, init?: RequestInit) => {
      signals.push(init?.signal);
      return answer();
    };
    const { send } = transport([recording(() => new Response(null, { status: 204 }))]);
    await send(get());
    await send(get());
    expect(signals[1]).toBe(signals[0]);
    const foreign = { ok: true, status: 200, headers: new Headers(), body: null } as unknown as Response;
    const other = transport([recording(() => foreign)]);
    await other.send(get());
    await other.send(get());
    expect(signals[3]).not.toBe(signals[2]);
  });

  it('calls an attempt cut when timeout and the remaining budget are equal a totalTimeout, not retried', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const calls = { count: 0 };
    const { send } = transport([], { fetch: hangingFetch(calls), timeout: 20, totalTimeout: 20 });
    const error = await send(get()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(`Timed out (totalTimeout 20 ms): GET ${BASE}/partners`);
    expect(calls.count).toBe(1);
  });

  it('does not retry when the wait would end exactly at the deadline', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { send, seen } = transport([json({}, 503, { 'retry-after-ms': '1000' }), json({})], {
      totalTimeout: 1000,
    });
    expect((await send(get())).status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it('keeps the retry table for a base URL at the root of its origin', async () => {
    const { send, seen } = transport([json({}, 500), json({})], { baseUrl: 'http://localhost:4010' });
    expect((await send(new Request('http://localhost:4010/leads/convert?id=1'))).status).toBe(500);
    expect(seen).toHaveLength(1);
  });
});

describe('timers where the platform has no unref (browsers, Deno)', () => {
  it('arms a numeric timer without failing', () => {
    vi.spyOn(globalThis, 'setTimeout').mockReturnValue(7 as unknown as ReturnType<typeof setTimeout>);
    const attempt = startAttempt(new AbortController().signal, 1000);
    expect(attempt.signal.aborted).toBe(false);
    attempt.dispose();
  });
});

describe('retry policy', () => {
  it('applies the POST rule to the method only: a method merely ending in POST is not a POST', () => {
    expect(isIdempotent('XPOST', '/partners')).toBe(true);
  });

  it('reads error codes five causes deep, no deeper', () => {
    const chain = (depth: number): unknown =>
      depth === 0
        ? Object.assign(new Error('root'), { code: 'ECONNREFUSED' })
        : new Error('wrap', { cause: chain(depth - 1) });
    expect(errorCode(chain(4))).toBe('ECONNREFUSED');
    expect(errorCode(chain(5))).toBeUndefined();
  });
});

describe('configuration errors say what to fix', () => {
  const fetch = scriptedFetch([json({})]).fetch;

  it('for the key', () => {
    expect(() => createPartneroClient({ apiKey: 'with space', fetch })).toThrow(
      'Malformed API key: set PARTNERO_API_KEY or pass apiKey',
    );
    vi.stubEnv('PARTNERO_API_KEY', '');
    expect(() => createPartneroClient({ fetch })).toThrow(
      'Missing API key: set PARTNERO_API_KEY or pass apiKey',
    );
    vi.unstubAllEnvs();
  });

  it('for numbers', () => {
    expect(() => createPartneroClient({ apiKey: 'k', fetch, maxRetries: 1.5 })).toThrow(
      'Invalid maxRetries 1.5: expected an integer >= 0',
    );
    expect(() => createPartneroClient({ apiKey: 'k', fetch, timeout: 0 })).toThrow(
      'Invalid timeout 0: expected ms > 0, <= 2147483647',
    );
  });

  it('for the base URL, including a scheme that only ends in http', () => {
    expect(() => createPartneroClient({ apiKey: 'k', fetch, baseUrl: 'ftp://x/v1' })).toThrow(
      'Invalid baseUrl ftp://x/v1: expected an absolute http(s) URL',
    );
    expect(() => createPartneroClient({ apiKey: 'k', fetch, baseUrl: 'xhttp://x/v1' })).toThrow(
      ConfigurationError,
    );
  });

  it('strips every trailing slash of the base URL, and nothing else', async () => {
    const { fetch: recording, seen } = scriptedFetch([json({})]);
    await createPartneroClient({
      apiKey: 'k',
      fetch: recording,
      baseUrl: 'https://api.partnero.com/v1//',
    }).GET('/partners');
    expect(seen[0]?.url).toBe('https://api.partnero.com/v1/partners');
  });

  it('runs where there is no `process`, or no `process.env` (browsers, some edge runtimes)', () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'process') as PropertyDescriptor;
    try {
      for (const value of [undefined, {}]) {
        // Synchronous: nothing else runs while `process` is replaced.
        Object.defineProperty(globalThis, 'process', { value, configurable: true, writable: true });
        expect(() => createPartneroClient({ fetch })).toThrow('Missing API key');
      }
    } finally {
      Object.defineProperty(globalThis, 'process', descriptor);
    }
  });
});

describe('errors', () => {
  it('name every class', () => {
    expect(new PartneroError('x').name).toBe('PartneroError');
    expect(new ConfigurationError('x').name).toBe('ConfigurationError');
    expect(new ConnectionError('x').name).toBe('ConnectionError');
    expect(new TimeoutError('x').name).toBe('TimeoutError');
    expect(new WebhookVerificationError('x').name).toBe('WebhookVerificationError');
  });

  it('build a ValidationError from a 422 without a body', () => {
    const error = errorForStatus({
      status: 422,
      body: null,
      headers: new Headers(),
      method: 'POST',
      url: BASE,
    });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual({});
  });
});

describe('pagination', () => {
  it('treats a page without `data` as the last one', () => {
    expect(isLastPage({ links: { next: 'x' } } as never, undefined)).toBe(true);
  });
});
