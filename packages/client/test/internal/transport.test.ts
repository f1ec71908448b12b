import { describe, expect, it } from 'vitest';
import { ConnectionError, createPartneroClient, TimeoutError, unwrap } from '../src/index.js';
import { createRedactor } from '../src/redact.js';
import { createRetryingFetch, type TransportOptions } from '../src/transport.js';
import { hangingFetch, json, networkError, type Step, scriptedFetch } from './stub.js';

const BASE = 'https://api.partnero.com/v1';

function transport(steps: Step[], options: Partial<TransportOptions> = {}) {
  const { fetch, seen } = scriptedFetch(steps);
  const delays: number[] = [];
  const send = createRetryingFetch({
    fetch,
    maxRetries: 2,
    timeout: 60_000,
    redact: createRedactor('pk_test'),
    apiKey: 'pk_test',
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0,
    ...options,
  });
  return { send, seen, delays };
}

const get = (path = '/partners') => new Request(`${BASE}${path}`);
const post = (body: unknown, path = '/transactions') =>
  new Request(`${BASE}${path}`, { method: 'POST', body: JSON.stringify(body) });

describe('retrying fetch', () => {
  it('retries a 429 once, after the delay the server advertised', async () => {
    const { send, seen, delays } = transport([
      json({ status: 0 }, 429, { 'retry-after': '2' }),
      json({ data: [] }),
    ]);
    const response = await send(get());
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(delays).toEqual([2000]);
  });

  it('honours retry-after-ms before Retry-After', async () => {
    const { send, delays } = transport([
      json({}, 503, { 'retry-after-ms': '120', 'retry-after': '9' }),
      json({}),
    ]);
    await send(get());
    expect(delays).toEqual([120]);
  });

  it('backs off exponentially without advice and gives up after maxRetries', async () => {
    const { send, seen, delays } = transport([json({}, 503)]);
    const response = await send(get());
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(3);
    expect(delays).toEqual([500, 1000]);
  });

  it('sends a POST answered 500 exactly once', async () => {
    const { send, seen } = transport([json({ status: 0 }, 500), json({})]);
    expect((await send(post({ key: 'order-1' }))).status).toBe(500);
    expect(seen).toHaveLength(1);
  });

  it('retries a POST answered 429, replaying the identical body', async () => {
    const body = { key: 'order-1', amount: 99.5, customer: { key: 'c1' } };
    const { send, seen } = transport([json({}, 429, { 'retry-after': '0' }), json({}, 429), json({})]);
    expect((await send(post(body))).status).toBe(200);
    expect(seen.map((r) => r.body)).toEqual(Array(3).fill(JSON.stringify(body)));
  });

  it('turns a refused connection into ConnectionError after retrying a GET', async () => {
    const { send, seen } = transport([networkError('ECONNREFUSED')]);
    const error = await send(get()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).cause).toMatchObject({ message: 'fetch failed' });
    expect(seen).toHaveLength(3);
  });

  it('retries a POST when the connection was refused (the server never saw it)', async () => {
    const { send, seen } = transport([networkError('ECONNREFUSED'), json({ status: 1 })]);
    expect((await send(post({ key: 'k' }))).status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it('does not retry a POST after ECONNRESET (the server may have acted)', async () => {
    const { send, seen } = transport([networkError('ECONNRESET'), json({})]);
    await expect(send(post({ key: 'k' }))).rejects.toBeInstanceOf(ConnectionError);
    expect(seen).toHaveLength(1);
  });

  it('raises TimeoutError per attempt and retries it: maxRetries + 1 attempts', async () => {
    const calls = { count: 0 };
    const send = createRetryingFetch({
      fetch: hangingFetch(calls),
      maxRetries: 2,
      timeout: 50,
      redact: createRedactor('pk_test'),
      apiKey: 'pk_test',
      sleep: async () => undefined,
    });
    const started = Date.now();
    const error = await send(get()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(String(error)).toContain('50 ms');
    expect(calls.count).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('does not retry a POST that timed out', async () => {
    const calls = { count: 0 };
    const send = createRetryingFetch({
      fetch: hangingFetch(calls),
      maxRetries: 2,
      timeout: 20,
      redact: createRedactor('pk_test'),
      apiKey: 'pk_test',
      sleep: async () => undefined,
    });
    await expect(send(post({}))).rejects.toBeInstanceOf(TimeoutError);
    expect(calls.count).toBe(1);
  });

  it("surfaces the caller's abort as the platform AbortError, without retrying", async () => {
    const calls = { count: 0 };
    const send = createRetryingFetch({
      fetch: hangingFetch(calls),
      maxRetries: 2,
      timeout: 5_000,
      redact: createRedactor('pk_test'),
      apiKey: 'pk_test',
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await send(new Request(`${BASE}/partners`, { signal: controller.signal })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(calls.count).toBe(1);
  });

  it('stops waiting between attempts when the caller aborts', async () => {
    const { fetch, seen } = scriptedFetch([json({}, 503, { 'retry-after': '30' })]);
    const send = createRetryingFetch({
      fetch,
      maxRetries: 2,
      timeout: 1_000,
      redact: createRedactor('k'),
      apiKey: 'k',
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await send(new Request(`${BASE}/partners`, { signal: controller.signal })).catch(
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe('AbortError');
    expect(seen).toHaveLength(1);
  });

  it('logs each retry through the logger', async () => {
    const lines: string[] = [];
    const { send } = transport([json({}, 503), json({})], { logger: { warn: (line) => lines.push(line) } });
    await send(get());
    expect(lines).toEqual([`partnero: retrying GET ${BASE}/partners in 500 ms (503)`]);
  });
});

describe('retries through the client', () => {
  // retry-after-ms: 0 keeps the real client's backoff out of the test's wall time.
  const busy = () => json({ status: 0, message: 'Busy' }, 503, { 'retry-after-ms': '0' });

  it('runs user middleware once per logical call, however many attempts', async () => {
    const { fetch, seen } = scriptedFetch([busy(), busy(), json({ data: [], status: 1 })]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch });
    const onRequest: string[] = [];
    const onResponse: number[] = [];
    client.use({
      onRequest: ({ request }) => {
        onRequest.push(request.method);
      },
      onResponse: ({ response }) => {
        onResponse.push(response.status);
      },
    });
    const { response } = await client.GET('/partners');
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(onRequest).toEqual(['GET']);
    expect(onResponse).toEqual([200]);
  });

  it('authenticates beneath the middleware chain: no middleware ever sees the key', async () => {
    const { fetch, seen } = scriptedFetch([json({ data: [], status: 1 })]);
    const client = createPartneroClient({ apiKey: 'pk_secret', fetch });
    const seenByMiddleware: (string | null)[] = [];
    client.use({
      onRequest: ({ request }) => {
        seenByMiddleware.push(request.headers.get('authorization'));
      },
      onResponse: ({ request }) => {
        seenByMiddleware.push(request.headers.get('authorization'));
      },
    });
    await client.GET('/partners');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer pk_secret');
    expect(seenByMiddleware).toEqual([null, null]);
  });

  it('sends POST /transactions answered 500 exactly once and reports it', async () => {
    const { fetch, seen } = scriptedFetch([
      json({ status: 0, message: 'Oops' }, 500, { 'retry-after-ms': '0' }),
    ]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch });
    const result = await client.POST('/transactions', {
      body: { key: 'o1', amount: 10, customer: { key: 'c' } },
    });
    expect(result.response.status).toBe(500);
    expect(result.error).toEqual({ status: 0, message: 'Oops' });
    expect(seen).toHaveLength(1);
  });

  it('never retries 401 or 403', async () => {
    for (const status of [401, 403]) {
      const { fetch, seen } = scriptedFetch([json({ status: 0 }, status, { 'retry-after-ms': '0' })]);
      const client = createPartneroClient({ apiKey: 'pk_test', fetch });
      expect((await client.GET('/partners')).response.status).toBe(status);
      expect(seen).toHaveLength(1);
    }
  });

  it('takes per-request maxRetries and timeout overrides', async () => {
    const { fetch, seen } = scriptedFetch([busy()]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch, maxRetries: 5 });
    await client.GET('/partners', { partnero: { maxRetries: 1 } });
    expect(seen).toHaveLength(2);

    const calls = { count: 0 };
    const slow = createPartneroClient({ apiKey: 'pk_test', fetch: hangingFetch(calls), timeout: 60_000 });
    await expect(slow.GET('/test', { partnero: { timeout: 30, maxRetries: 0 } })).rejects.toBeInstanceOf(
      TimeoutError,
    );
    expect(calls.count).toBe(1);
  });

  it('honours the client-wide maxRetries: 0', async () => {
    const { fetch, seen } = scriptedFetch([busy()]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch, maxRetries: 0 });
    await expect(unwrap(client.GET('/partners'))).rejects.toMatchObject({ status: 503 });
    expect(seen).toHaveLength(1);
  });

  it('composes the caller signal with the timeout', async () => {
    const calls = { count: 0 };
    const client = createPartneroClient({ apiKey: 'pk_test', fetch: hangingFetch(calls) });
    const error = await client.GET('/partners', { signal: AbortSignal.timeout(20) }).catch((e: unknown) => e);
    // AbortSignal.timeout aborts with a TimeoutError DOMException: the caller's, not ours.
    expect(error).toBeInstanceOf(DOMException);
    expect(calls.count).toBe(1);
  });
});
