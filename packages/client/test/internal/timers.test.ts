// Every timer the client arms ends with its attempt, however the body is consumed, and none holds
// a process open (issue 24, item 5: a CLI exited a whole `timeout` late).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionError, createPartneroClient } from '../../src/index.js';
import { sleep, startAttempt } from '../../src/internal/attempt.js';
import { createRedactor } from '../../src/internal/redact.js';
import { createRetryingFetch } from '../../src/internal/transport.js';
import { json, type Step, scriptedFetch, stallingBody } from '../stub.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const BASE = 'https://api.partnero.com/v1';

function transport(steps: Step[]) {
  const { fetch } = scriptedFetch(steps);
  return createRetryingFetch({
    fetch,
    apiKey: 'pk_test',
    baseUrl: BASE,
    maxRetries: 0,
    timeout: 60_000,
    totalTimeout: 120_000,
    redact: createRedactor('pk_test'),
  });
}
const request = (method = 'GET') => new Request(`${BASE}/partners`, { method });

describe('the attempt timer is cleared', () => {
  it('when a streamed body (parseAs: stream) is read to the end', async () => {
    vi.useFakeTimers();
    const response = await transport([json({ data: [1] })])(request());
    expect(vi.getTimerCount()).toBe(1);
    const stream = response.body;
    // Looking at the body twice gives the same stream, and locks nothing until it is read.
    expect(response.body).toBe(stream);
    expect(vi.getTimerCount()).toBe(1);
    expect(await new Response(stream).text()).toBe('{"data":[1]}');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('when a streamed body is cancelled', async () => {
    vi.useFakeTimers();
    const response = await transport([json({ data: [1] })])(request());
    await response.body?.cancel();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('when a streamed body fails mid-way, with a ConnectionError', async () => {
    vi.useFakeTimers();
    const response = await transport([
      (_request, init) =>
        new Response(stallingBody(init?.signal, (c) => c.error(new TypeError('terminated')))),
    ])(request());
    const reader = response.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);
    const error = await reader?.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('when the body is read through a reader after `body` was looked at', async () => {
    vi.useFakeTimers();
    const response = await transport([json({ a: 1 })])(request());
    expect(response.body).not.toBeNull();
    expect(await response.json()).toEqual({ a: 1 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('when a middleware builds a new Response from the body', async () => {
    vi.useFakeTimers();
    const { fetch } = scriptedFetch([json({ data: [], status: 1 })]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch });
    client.use({ onResponse: ({ response }) => new Response(response.body, response) });
    const { data } = await client.GET('/partners');
    expect(data).toEqual({ data: [], status: 1 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('at once for an answer nothing will read: HEAD, 204, content-length 0, and a failed answer', async () => {
    vi.useFakeTimers();
    await transport([new Response('ignored')])(request('HEAD'));
    expect(vi.getTimerCount()).toBe(0);
    await transport([new Response(null, { status: 204 })])(request('DELETE'));
    expect(vi.getTimerCount()).toBe(0);
    await transport([new Response('', { headers: { 'content-length': '0' } })])(request());
    expect(vi.getTimerCount()).toBe(0);
    // A bare 502 from a load balancer: no body at all.
    const bare = await transport([new Response(null, { status: 502 })])(request());
    expect(vi.getTimerCount()).toBe(0);
    expect(bare.status).toBe(502);
    expect(await bare.text()).toBe('');
  });
});

describe('timers never hold the process open', () => {
  function armed() {
    const timers: { hasRef(): boolean }[] = [];
    const real = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((...args: Parameters<typeof real>) => {
      const timer = real(...args);
      timers.push(timer as unknown as { hasRef(): boolean });
      return timer;
    }) as typeof real);
    return timers;
  }

  it("an attempt's timer is unref'd: a body nobody reads (a middleware's own Response) cannot keep a CLI alive", async () => {
    const timers = armed();
    const { fetch } = scriptedFetch([json({ data: [], status: 1 })]);
    const client = createPartneroClient({ apiKey: 'pk_test', fetch });
    client.use({ onResponse: () => Response.json({ replaced: true }) });
    expect((await client.GET('/partners')).data).toEqual({ replaced: true });
    expect(timers).toHaveLength(1);
    expect(timers[0]?.hasRef()).toBe(false);
    const attempt = startAttempt(new AbortController().signal, 60_000);
    expect(timers[1]?.hasRef()).toBe(false);
    attempt.dispose();
  });

  it('the backoff sleep keeps its timer: nothing else keeps the process alive while it waits', async () => {
    const timers = armed();
    const waiting = sleep(1, new AbortController().signal);
    expect(timers[0]?.hasRef()).toBe(true);
    await waiting;
  });
});
