import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigurationError,
  ConnectionError,
  createPartneroClient,
  TimeoutError,
  unwrap,
} from '../../src/index.js';
import { createRedactor } from '../../src/internal/redact.js';
import { createRetryingFetch, requestMeta, type TransportOptions } from '../../src/internal/transport.js';
import { hangingFetch, json, networkError, type Step, scriptedFetch, stallingBody } from '../stub.js';

const BASE = 'https://api.partnero.com/v1';
const KEY = 'pk_test_transport';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function transport(steps: Step[], options: Partial<TransportOptions> = {}) {
  // No jitter: backoff delays become exact.
  vi.spyOn(Math, 'random').mockReturnValue(0);
  const { fetch, seen } = scriptedFetch(steps);
  const delays: number[] = [];
  const send = createRetryingFetch({
    fetch,
    apiKey: KEY,
    baseUrl: BASE,
    maxRetries: 2,
    timeout: 60_000,
    totalTimeout: 120_000,
    redact: createRedactor(KEY),
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...options,
  });
  return { send, seen, delays };
}

const request = (method: string, path: string, body?: unknown, signal?: AbortSignal) =>
  new Request(`${BASE}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
const get = (path = '/partners') => request('GET', path);
const post = (body: unknown, path = '/transactions') => request('POST', path, body);

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

  it('honours retry-after-ms before Retry-After, and Retry-After when retry-after-ms is malformed', async () => {
    const first = transport([json({}, 503, { 'retry-after-ms': '120', 'retry-after': '9' }), json({})]);
    await first.send(get());
    expect(first.delays).toEqual([120]);
    const second = transport([json({}, 503, { 'retry-after-ms': 'soon', 'retry-after': '5' }), json({})]);
    await second.send(get());
    expect(second.delays).toEqual([5000]);
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
    const error = await send(post({ key: 'k' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ outcome: 'unknown' });
    expect(seen).toHaveLength(1);
  });

  it("says 'not-sent' when every attempt was refused, and 'unknown' after a reset or a timeout", async () => {
    const refused = await transport([networkError('ECONNREFUSED')])
      .send(post({ key: 'k' }))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConnectionError);
    expect(refused).toMatchObject({ outcome: 'not-sent' });
    expect(JSON.parse(JSON.stringify(refused))).toMatchObject({ outcome: 'not-sent' });
    // Refused first, then reset: the reset may have reached the server, and it is the last word.
    const reset = await transport([networkError('ECONNREFUSED'), networkError('ECONNRESET')])
      .send(post({ key: 'k' }))
      .catch((e: unknown) => e);
    expect(reset).toMatchObject({ name: 'ConnectionError', outcome: 'unknown' });
    const timedOut = await transport([], { fetch: hangingFetch({ count: 0 }), timeout: 20 })
      .send(post({}))
      .catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect(timedOut).toMatchObject({ outcome: 'unknown' });
  });

  it('raises TimeoutError per attempt and retries it: maxRetries + 1 attempts', async () => {
    const calls = { count: 0 };
    const { send } = transport([], { fetch: hangingFetch(calls), timeout: 20 });
    const error = await send(get()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(String(error)).toContain('timeout 20 ms');
    expect(calls.count).toBe(3);
  });

  it('does not retry a POST that timed out', async () => {
    const calls = { count: 0 };
    const { send } = transport([], { fetch: hangingFetch(calls), timeout: 20 });
    await expect(send(post({}))).rejects.toBeInstanceOf(TimeoutError);
    expect(calls.count).toBe(1);
  });

  it("surfaces the caller's abort as the platform AbortError, without retrying", async () => {
    const controller = new AbortController();
    const calls = { count: 0 };
    const hang = hangingFetch(calls);
    const { send } = transport([], {
      // Abort once the attempt is in flight: an event, not a wall-clock delay.
      fetch: (req, init) => {
        const pending = hang(req, init);
        controller.abort();
        return pending;
      },
    });
    const error = await send(request('GET', '/partners', undefined, controller.signal)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(calls.count).toBe(1);
  });

  it('stops waiting between attempts when the caller aborts', async () => {
    const controller = new AbortController();
    const { send, seen } = transport([json({}, 503, { 'retry-after': '30' })], {
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason));
          controller.abort();
        }),
    });
    const error = await send(request('GET', '/partners', undefined, controller.signal)).catch(
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

  it('validates per-request options, naming the one at fault', async () => {
    for (const partnero of [{ timeout: 0 }, { totalTimeout: Number.NaN }, { maxRetries: 1.5 }]) {
      const { send, seen } = transport([json({})]);
      const req = Object.assign(get(), { partnero });
      const error = await send(req).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(String(error)).toContain(Object.keys(partnero)[0]);
      expect(seen).toHaveLength(0);
    }
  });
});

describe('retry safety from the spec', () => {
  // Operations the spec marks x-partnero-idempotent: false although their method would allow a resend.
  const unsafe = [
    ['GET', '/leads/convert?id=42'],
    ['PUT', '/coupons'],
    ['PUT', '/promotion-codes'],
    ['DELETE', '/transactions/t1'],
  ] as const;

  it.each(unsafe)('%s %s answered 500 is sent once', async (method, path) => {
    const { send, seen } = transport([json({ status: 0 }, 500), json({})]);
    expect((await send(request(method, path, method === 'PUT' ? { redeem: true } : undefined))).status).toBe(
      500,
    );
    expect(seen).toHaveLength(1);
  });

  it.each(unsafe)('%s %s that timed out, or whose connection reset, is sent once', async (method, path) => {
    const calls = { count: 0 };
    const timedOut = transport([], { fetch: hangingFetch(calls), timeout: 20 });
    await expect(timedOut.send(request(method, path))).rejects.toBeInstanceOf(TimeoutError);
    expect(calls.count).toBe(1);
    const reset = transport([networkError('ECONNRESET'), json({})]);
    await expect(reset.send(request(method, path))).rejects.toBeInstanceOf(ConnectionError);
    expect(reset.seen).toHaveLength(1);
  });

  it.each(unsafe)('%s %s is still resent after a 429 or a refused connection', async (method, path) => {
    const limited = transport([json({}, 429, { 'retry-after': '0' }), json({})]);
    expect((await limited.send(request(method, path))).status).toBe(200);
    expect(limited.seen).toHaveLength(2);
    const refused = transport([networkError('ECONNREFUSED'), json({})]);
    expect((await refused.send(request(method, path))).status).toBe(200);
    expect(refused.seen).toHaveLength(2);
  });

  it('consults the list it is given', async () => {
    const { send, seen } = transport([json({}, 500), json({})], { notIdempotent: ['GET /partners'] });
    expect((await send(get())).status).toBe(500);
    expect(seen).toHaveLength(1);
  });

  it('falls back to the method rule for a path outside the base URL', async () => {
    const elsewhere = (method: string) => new Request('https://proxy.example/leads/convert', { method });
    const getting = transport([json({}, 500), json({})]);
    expect((await getting.send(elsewhere('GET'))).status).toBe(200);
    const posting = transport([json({}, 500), json({})]);
    expect((await posting.send(elsewhere('POST'))).status).toBe(500);
  });
});

describe('totalTimeout', () => {
  /** A clock that only moves when the transport sleeps: the budget is tested without waiting. */
  function clocked(steps: Step[], options: Partial<TransportOptions>) {
    vi.useFakeTimers({ toFake: ['Date'] });
    return transport(steps, {
      sleep: async (ms) => {
        vi.setSystemTime(Date.now() + ms);
      },
      ...options,
    });
  }

  it('stops retrying when the next attempt could not start within the budget', async () => {
    const { send, seen } = clocked([json({}, 503, { 'retry-after': '30' })], {
      totalTimeout: 45_000,
      maxRetries: 5,
    });
    expect((await send(get())).status).toBe(503);
    // 0 s: first attempt; 30 s: second; 60 s would be past the 45 s budget.
    expect(seen).toHaveLength(2);
  });

  it('applies a per-request totalTimeout', async () => {
    const { send, seen } = clocked([json({}, 503, { 'retry-after': '30' })], { maxRetries: 5 });
    const req = Object.assign(get(), { partnero: { totalTimeout: 10_000 } });
    expect((await send(req)).status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it('cuts an attempt at the end of the budget with a TimeoutError that names totalTimeout, not retried', async () => {
    const calls = { count: 0 };
    const { send } = transport([], { fetch: hangingFetch(calls), timeout: 60_000, totalTimeout: 20 });
    const error = await send(get()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(String(error)).toContain('totalTimeout 20 ms');
    expect(calls.count).toBe(1);
  });

  it('is spent once an attempt is cut at its end, even when the wall clock went back meanwhile', async () => {
    // An NTP step back during the attempt: Date.now() says most of the budget is left, but it is not.
    vi.useFakeTimers({ toFake: ['Date'] });
    const calls = { count: 0 };
    const hanging = hangingFetch(calls);
    const { send } = transport([], {
      fetch: (request, init) => {
        vi.setSystemTime(new Date(2000, 0, 1)); // years back: any step back must not refill the budget
        return hanging(request, init);
      },
      timeout: 60_000,
      totalTimeout: 20,
    });
    await expect(send(get())).rejects.toThrow('totalTimeout 20 ms');
    expect(calls.count).toBe(1);
  });
});

describe('the body is part of the attempt', () => {
  it('times out a body that stops arriving after the headers', async () => {
    const { send } = transport([(_request, init) => new Response(stallingBody(init?.signal))], {
      timeout: 20,
    });
    const response = await send(get());
    await expect(response.text()).rejects.toBeInstanceOf(TimeoutError);
  });

  it('rejects with the caller’s own reason when the caller aborts mid-body', async () => {
    const controller = new AbortController();
    const { send } = transport([
      (_request, init) => new Response(stallingBody(init?.signal, () => controller.abort('stop'))),
    ]);
    const response = await send(request('GET', '/partners', undefined, controller.signal));
    await expect(response.text()).rejects.toBe('stop');
  });

  it('turns a body that fails mid-way into a ConnectionError with the cause', async () => {
    const terminated = new TypeError('terminated', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    const { send } = transport([
      (_request, init) => new Response(stallingBody(init?.signal, (c) => c.error(terminated))),
    ]);
    const response = await send(get());
    const error = await response.json().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).cause).toMatchObject({ name: 'TypeError', message: 'terminated' });
  });

  it('lets a complete body that is not JSON fail as the SyntaxError it is', async () => {
    const { send } = transport([new Response('<html>', { headers: { 'content-length': '6' } })]);
    await expect((await send(get())).json()).rejects.toBeInstanceOf(SyntaxError);
  });

  it('leaves no timer behind once the body is read, or when there is none to read', async () => {
    vi.useFakeTimers();
    const { send } = transport([json({ data: [] }), new Response(null, { status: 204 }), json({ data: [] })]);
    const withBody = await send(get());
    expect(vi.getTimerCount()).toBe(1);
    expect(await withBody.json()).toEqual({ data: [] });
    expect(vi.getTimerCount()).toBe(0);
    await send(request('DELETE', '/partners/p1'));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets a second read of a used body fail as the TypeError it is', async () => {
    const { send } = transport([json({ a: 1 })]);
    const response = await send(get());
    await response.json();
    const error = await response.text().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(ConnectionError);
  });

  it('is still a Response, with every reader working', async () => {
    const { send } = transport([json({ a: 1 })]);
    const response = await send(get());
    expect(response).toBeInstanceOf(Response);
    expect(new TextDecoder().decode(await response.clone().arrayBuffer())).toBe('{"a":1}');
    expect(await (await response.clone().blob()).text()).toBe('{"a":1}');
    expect(await response.json()).toEqual({ a: 1 });
  });
});

describe('redaction of answers', () => {
  it('removes the key from an error body the server echoes, as text and therefore as `error`', async () => {
    const { send } = transport([json({ status: 0, message: `Invalid token Bearer ${KEY}` }, 401)]);
    const response = await send(get());
    expect(await response.text()).toBe('{"status":0,"message":"Invalid token Bearer [redacted]"}');
  });

  it('records the method and redacted URL of an error answer for unwrap', async () => {
    const { send } = transport([json({}, 404)]);
    const response = await send(request('DELETE', `/partners/${KEY}`));
    expect(requestMeta(response)).toEqual({
      method: 'DELETE',
      url: `${BASE}/partners/[redacted]`,
      attempts: 1,
    });
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

  it('sends GET /leads/convert answered 500 exactly once', async () => {
    const { fetch, seen } = scriptedFetch([json({ status: 0 }, 500, { 'retry-after-ms': '0' })]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch });
    const result = await client.GET('/leads/convert', { params: { query: { id: 42 } } } as never);
    expect(result.response.status).toBe(500);
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

  it('covers the body read with the timeout: a stalled body is a TimeoutError, not a hang', async () => {
    const client = createPartneroClient({
      apiKey: 'pk_test',
      fetch: async (_request, init) =>
        new Response(stallingBody(init?.signal), { headers: { 'content-type': 'application/json' } }),
      timeout: 20,
      maxRetries: 0,
    });
    await expect(client.GET('/partners')).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe('a rotating key (apiKey as a function)', () => {
  // A key function that returns a new key on every read, as one rotating faster than requests do.
  const everReadNew = () => {
    let reads = 0;
    return () => `pk_rotating_${reads++}`;
  };
  const keysSent = (seen: { headers: Headers }[]) => seen.map((r) => r.headers.get('authorization'));

  it('resends a 401 once with the new key, never twice, however often the key changes', async () => {
    // A server that would accept the third send: only a second resend could reach it.
    const { send, seen, delays } = transport(
      [json({ status: 0 }, 401), json({ status: 0 }, 401), json({ data: [] })],
      { apiKey: everReadNew() },
    );
    expect((await send(get())).status).toBe(401);
    expect(keysSent(seen)).toEqual(['Bearer pk_rotating_0', 'Bearer pk_rotating_2']);
    expect(delays).toEqual([0]);
  });

  it('does not count the resend against maxRetries', async () => {
    const { send, seen, delays } = transport([json({ status: 0 }, 401), json({}, 503), json({ data: [] })], {
      apiKey: everReadNew(),
      maxRetries: 1,
    });
    expect((await send(get())).status).toBe(200);
    expect(seen).toHaveLength(3);
    expect(delays).toEqual([0, 1000]);
  });

  it('treats any other failure by the retry rules, even when the key has changed since', async () => {
    const { send, delays } = transport([json({}, 503), json({ data: [] })], { apiKey: everReadNew() });
    expect((await send(get())).status).toBe(200);
    // Backed off (500 ms without jitter), not resent at once as a 401 to an old key would be.
    expect(delays).toEqual([500]);
    const post = transport([json({}, 500), json({})], { apiKey: everReadNew() });
    expect((await post.send(request('POST', '/transactions', {}))).status).toBe(500);
    expect(post.seen).toHaveLength(1);
  });
});

describe('attempt events', () => {
  it("time each attempt on the client's clock, from its request to its answer", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const events: { ms?: number; status?: number }[] = [];
    const lines: string[] = [];
    const { send } = transport(
      [
        () => {
          vi.setSystemTime(Date.now() + 250);
          return json({ data: [] });
        },
      ],
      { hooks: { onResponse: (event) => events.push(event) }, logger: { debug: (line) => lines.push(line) } },
    );
    await send(get());
    expect(events).toMatchObject([{ ms: 250, status: 200 }]);
    expect(lines).toEqual([`partnero: GET ${BASE}/partners 200 250 ms (attempt 1)`]);
  });
});
