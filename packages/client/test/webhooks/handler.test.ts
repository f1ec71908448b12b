import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/index.js';
import {
  createWebhookSignature,
  type SeenStore,
  webhookEventId,
  webhookHandler,
} from '../../src/webhooks/index.js';

const secret = 'whsec_test';
const event = {
  event: 'partner.created',
  url: 'http://127.0.0.1/hooks',
  webhook_key: 'wh_1',
  created_at: '2025-04-30T16:44:13.000000Z',
  data: { id: 'partner_123', email: 'jane@example.com' },
};

async function delivery(body: string, init: { signature?: string | null; method?: string } = {}) {
  const signature =
    init.signature === undefined ? await createWebhookSignature(body, secret) : init.signature;
  return new Request('http://127.0.0.1/hooks', {
    method: init.method ?? 'POST',
    body: init.method === 'GET' ? null : body,
    headers: { 'content-type': 'application/json', ...(signature !== null && { signature }) },
  });
}

async function outcome(response: Response) {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('webhookHandler', () => {
  it("calls the event's handler with its data and the whole event, then answers 200", async () => {
    const created = vi.fn();
    const handle = webhookHandler({ secret, on: { 'partner.created': created } });
    const answer = await outcome(await handle(await delivery(JSON.stringify(event))));
    expect(answer).toEqual({
      status: 200,
      body: { received: true, event: 'partner.created', outcome: 'handled' },
    });
    expect(created).toHaveBeenCalledWith(event.data, event);
  });

  it('answers 200 without calling anything for an event it has no handler for, or a new event', async () => {
    const created = vi.fn();
    const handle = webhookHandler({ secret, on: { 'partner.created': created } });
    for (const name of ['customer.created', 'partner.invented_later', 'constructor', '__proto__']) {
      const answer = await outcome(await handle(await delivery(JSON.stringify({ ...event, event: name }))));
      expect(answer.status, name).toBe(200);
      expect(answer.body.outcome, name).toBe('unhandled');
    }
    expect(created).not.toHaveBeenCalled();
  });

  it.each([
    ['missing', null],
    ['not hex', 'z'.repeat(64)],
    ['made with another secret', 'other'],
  ])('answers 401 to a %s signature, without calling the handler', async (_label, signature) => {
    const body = JSON.stringify(event);
    const header = signature === 'other' ? await createWebhookSignature(body, 'whsec_other') : signature;
    const created = vi.fn();
    const handle = webhookHandler({ secret, on: { 'partner.created': created } });
    expect((await handle(await delivery(body, { signature: header }))).status).toBe(401);
    expect(created).not.toHaveBeenCalled();
  });

  it('answers 401 to a tampered body carrying the original signature', async () => {
    const signature = await createWebhookSignature(JSON.stringify(event), secret);
    const tampered = JSON.stringify({ ...event, data: { ...event.data, email: 'mallory@example.com' } });
    const handle = webhookHandler({ secret, on: {} });
    expect((await handle(await delivery(tampered, { signature }))).status).toBe(401);
  });

  it.each([
    ['not JSON', 'not json'],
    ['JSON without an event', '{"data":{}}'],
    ['an array', '[]'],
  ])('answers 400 to a correctly signed body that is %s', async (_label, body) => {
    const handle = webhookHandler({ secret, on: {} });
    expect((await handle(await delivery(body))).status).toBe(400);
  });

  it('answers 500 when the handler throws, so Partnero retries, and tells onError', async () => {
    const onError = vi.fn();
    const failure = new Error('database down');
    const handle = webhookHandler({
      secret,
      on: {
        'partner.created': async () => {
          throw failure;
        },
      },
      onError,
    });
    const response = await handle(await delivery(JSON.stringify(event)));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('database down');
    expect(onError).toHaveBeenCalledWith(failure, event);
  });

  it('handles a delivery once with a seen store: the retry is answered 200 and skipped', async () => {
    const created = vi.fn();
    const seen = new Set<string>();
    const handle = webhookHandler({ secret, on: { 'partner.created': created }, seen });
    const body = JSON.stringify(event);
    expect((await outcome(await handle(await delivery(body)))).body.outcome).toBe('handled');
    const again = await outcome(await handle(await delivery(body)));
    expect(again).toEqual({
      status: 200,
      body: { received: true, event: 'partner.created', outcome: 'duplicate' },
    });
    expect(created).toHaveBeenCalledTimes(1);
    expect([...seen]).toEqual([webhookEventId(event)]);
  });

  it('does not remember a delivery whose handler failed, so its retry runs again', async () => {
    const seen = new Set<string>();
    let calls = 0;
    const handle = webhookHandler({
      secret,
      seen,
      onError: () => {},
      on: {
        'partner.created': () => {
          calls += 1;
          if (calls === 1) throw new Error('first attempt fails');
        },
      },
    });
    const body = JSON.stringify(event);
    expect((await handle(await delivery(body))).status).toBe(500);
    expect((await outcome(await handle(await delivery(body)))).body.outcome).toBe('handled');
    expect(calls).toBe(2);
  });

  it('awaits an asynchronous seen store', async () => {
    const ids = new Set<string>();
    const seen: SeenStore = { has: async (id) => ids.has(id), add: async (id) => void ids.add(id) };
    const created = vi.fn();
    const handle = webhookHandler({ secret, on: { 'partner.created': created }, seen });
    const body = JSON.stringify(event);
    await handle(await delivery(body));
    await handle(await delivery(body));
    expect(created).toHaveBeenCalledTimes(1);
  });

  it('answers 405 with Allow: POST to other methods', async () => {
    const handle = webhookHandler({ secret, on: {} });
    const response = await handle(await delivery('', { method: 'GET' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('answers 413 to a body over maxBodyBytes, declared or streamed', async () => {
    const handle = webhookHandler({ secret, on: {}, maxBodyBytes: 16 });
    const big = JSON.stringify(event);
    expect((await handle(await delivery(big))).status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const chunked = new Request('http://127.0.0.1/hooks', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect((await handle(chunked)).status).toBe(413);
  });

  it('refuses to be made without a secret or handlers, naming the fix', () => {
    expect(() => webhookHandler({ secret: '', on: {} })).toThrow(ConfigurationError);
    expect(() => webhookHandler({ secret: undefined as never, on: {} })).toThrow(/POST \/webhooks/);
    expect(() => webhookHandler({ secret, on: undefined as never })).toThrow(/needs `on`/);
    expect(() => webhookHandler({ secret, on: null as never })).toThrow(/needs `on`/);
  });

  it('tells console.error by default when a handler throws, naming the event', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failure = new Error('database down');
    try {
      const handle = webhookHandler({
        secret,
        on: {
          'partner.created': () => {
            throw failure;
          },
        },
      });
      expect((await handle(await delivery(JSON.stringify(event)))).status).toBe(500);
      expect(logged).toHaveBeenCalledWith('webhook partner.created failed:', failure);
    } finally {
      logged.mockRestore();
    }
  });

  it('answers a POST without a body as an empty body: 401 unsigned, 400 signed', async () => {
    const handle = webhookHandler({ secret, on: {} });
    const bare = (headers: Record<string, string> = {}) =>
      new Request('http://127.0.0.1/hooks', { method: 'POST', headers });
    expect((await handle(bare())).status).toBe(401);
    const signed = await handle(bare({ signature: await createWebhookSignature('', secret) }));
    expect(await outcome(signed)).toEqual({ status: 400, body: { error: 'Webhook body is not JSON' } });
  });
});

describe('webhookHandler answers', () => {
  const failing = { 'partner.created': () => Promise.reject(new Error('database down')) };
  const cases: [string, () => Promise<Request>, number, RegExp][] = [
    ['a GET', () => delivery('', { method: 'GET' }), 405, /POST/],
    [
      'a body over the limit',
      () => delivery(JSON.stringify({ ...event, pad: 'x'.repeat(256) })),
      413,
      /over 256 bytes/,
    ],
    ['a missing signature', () => delivery(JSON.stringify(event), { signature: null }), 401, /Signature/],
    ['a signed body that is not JSON', () => delivery('not json'), 400, /^Webhook body is not JSON$/],
    [
      'a signed array',
      () => delivery('[]'),
      400,
      /not a Partnero event: expected a JSON object with an `event` string/,
    ],
    [
      'a failing handler',
      () => delivery(JSON.stringify(event)),
      500,
      /partner\.created handler failed; Partnero will retry/,
    ],
  ];

  it.each(cases)('%s with JSON { error } saying why', async (_label, request, status, why) => {
    const handle = webhookHandler({ secret, on: failing, onError: () => {}, maxBodyBytes: 256 });
    const response = await handle(await request());
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await outcome(response);
    expect(body).toEqual({ status, body: { error: expect.stringMatching(why) } });
    expect(body.body.error).not.toContain('database down');
  });

  it('a delivery with JSON too', async () => {
    const response = await webhookHandler({ secret, on: {} })(await delivery(JSON.stringify(event)));
    expect(response.headers.get('content-type')).toBe('application/json');
  });
});

describe('webhookHandler maxBodyBytes', () => {
  const body = JSON.stringify(event);
  const limit = new TextEncoder().encode(body).byteLength;

  function streamed(text: string, chunkBytes: number, headers: Record<string, string>) {
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.byteLength; at += chunkBytes) {
          controller.enqueue(bytes.slice(at, at + chunkBytes));
        }
        controller.close();
      },
    });
    return new Request('http://127.0.0.1/hooks', {
      method: 'POST',
      body: stream,
      headers,
      duplex: 'half',
    } as RequestInit);
  }

  it('accepts a body of exactly maxBodyBytes, declared by Content-Length', async () => {
    const created = vi.fn();
    const handle = webhookHandler({ secret, on: { 'partner.created': created }, maxBodyBytes: limit });
    const request = new Request('http://127.0.0.1/hooks', {
      method: 'POST',
      body,
      headers: { signature: await createWebhookSignature(body, secret), 'content-length': String(limit) },
    });
    expect((await handle(request)).status).toBe(200);
    expect(created).toHaveBeenCalledWith(event.data, event);
  });

  it('accepts a body of exactly maxBodyBytes streamed in chunks, and reassembles it in order', async () => {
    const created = vi.fn();
    const handle = webhookHandler({ secret, on: { 'partner.created': created }, maxBodyBytes: limit });
    const request = streamed(body, 7, { signature: await createWebhookSignature(body, secret) });
    expect((await handle(request)).status).toBe(200);
    expect(created).toHaveBeenCalledWith(event.data, event);
  });

  it('refuses one byte more, streamed', async () => {
    const handle = webhookHandler({ secret, on: {}, maxBodyBytes: limit - 1 });
    const request = streamed(body, 7, { signature: await createWebhookSignature(body, secret) });
    expect((await handle(request)).status).toBe(413);
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const handle = webhookHandler({ secret, on: {}, maxBodyBytes: limit - 1 });
    const request = streamed(body, 7, {
      signature: await createWebhookSignature(body, secret),
      'content-length': String(limit),
    });
    expect((await handle(request)).status).toBe(413);
    expect(request.bodyUsed).toBe(false);
  });
});
