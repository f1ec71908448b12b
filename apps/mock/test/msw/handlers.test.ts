import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthenticationError,
  ConnectionError,
  createPartneroClient,
  NotFoundError,
  PermissionDeniedError,
  unwrap,
  ValidationError,
} from '@partnero-ts/client';
import { verifyWebhookSignature } from '@partnero-ts/client/webhooks';
import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { partneroHandlers } from '../../src/msw/handlers.js';
import { uniqueKey } from '../support.js';

// The handlers run in-process: no server, no port. Anything they do not serve is an error, so a
// request that escaped to the network would fail the test instead of passing unnoticed.
const server = setupServer(...(await partneroHandlers({ webhooks: { retryDelaysMs: [0, 0] } })));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A client left at its defaults: https://api.partnero.com/v1, as in a user's code under test. */
const clientFor = (apiKey: string) => createPartneroClient({ apiKey, maxRetries: 1 });

async function ledger(key: string, origin = 'https://api.partnero.com') {
  const res = await fetch(`${origin}/__mock/ledger`, { headers: { authorization: `Bearer ${key}` } });
  return (await res.json()) as { operation: string; id?: string }[];
}

describe('partneroHandlers() under msw/node', () => {
  it('answers by the token contract: 401 without a usable key, 403 for forbidden_, 200 otherwise', async () => {
    const missing = await fetch('https://api.partnero.com/v1/partners');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer realm="partnero"/);
    await expect(unwrap(clientFor('invalid_key').GET('/partners'))).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    await expect(unwrap(clientFor('forbidden_key').GET('/partners'))).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    const page = await unwrap(clientFor(uniqueKey()).GET('/partners'));
    expect(page.data.length).toBeGreaterThan(0);
  });

  it('keeps state per key: what a key creates it reads back, another key never sees', async () => {
    const key = uniqueKey();
    const partnero = clientFor(key);
    const created = await unwrap(
      partnero.POST('/partners', { body: { email: 'ada@example.com', name: 'Ada' } }),
    );
    const id = created.data.id as string;
    const read = await unwrap(partnero.GET('/partners/{id}', { params: { path: { id } } }));
    expect(read.data).toMatchObject({ id, email: 'ada@example.com', name: 'Ada' });
    await expect(
      unwrap(clientFor(uniqueKey()).GET('/partners/{id}', { params: { path: { id } } })),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await ledger(key)).toEqual([expect.objectContaining({ operation: 'createPartner', id })]);
  });

  it("validates requests with Prism and answers Partnero's 422 body", async () => {
    const error = await unwrap(
      // @ts-expect-error the spec requires email: the mock must refuse what the types refuse
      clientFor(uniqueKey()).POST('/partners', { body: { name: 'No Email' } }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toHaveProperty('email');
  });

  it('plays scenario keys: a scripted 503 is retried, a dropped POST is a ConnectionError that committed nothing', async () => {
    const flaky = `scenario_503x1.${uniqueKey()}`;
    expect((await unwrap(clientFor(flaky).GET('/partners'))).data.length).toBeGreaterThan(0);

    const dropped = `scenario_drop.${uniqueKey()}`;
    await expect(
      clientFor(dropped).POST('/partners', { body: { email: 'x@example.com', name: 'X' } }),
    ).rejects.toBeInstanceOf(ConnectionError);
    expect(await ledger(dropped)).toEqual([]);
  });

  it('drops after the commit on x-mock-fault: the client cannot tell, the ledger can', async () => {
    const key = uniqueKey();
    await expect(
      clientFor(key).POST('/partners', {
        body: { email: 'y@example.com', name: 'Y' },
        headers: { 'x-mock-fault': 'drop-after-commit' },
      }),
    ).rejects.toBeInstanceOf(ConnectionError);
    expect(await ledger(key)).toHaveLength(1);
  });

  it('sends signed webhook deliveries through MSW, to a handler or (passed through) to a real receiver', async () => {
    const key = uniqueKey();
    const partnero = clientFor(key);
    const inProcess = new Promise<Request>((resolve) => {
      server.use(
        http.post('https://hooks.example.test/partnero', ({ request }) => {
          resolve(request.clone());
          return new HttpResponse(null, { status: 204 });
        }),
      );
    });
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        res.end();
        receiver.emit('delivery', { body, signature: req.headers.signature });
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const realUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    server.use(http.post(realUrl, () => passthrough()));
    const onReal = once(receiver, 'delivery');
    try {
      const hooks = [];
      for (const url of ['https://hooks.example.test/partnero', realUrl]) {
        hooks.push(
          await unwrap(
            partnero.POST('/webhooks', { body: { name: 'test', url, events: ['partner.created'] } }),
          ),
        );
      }
      await unwrap(partnero.POST('/partners', { body: { email: 'hook@example.com', name: 'Hook' } }));

      const request = await inProcess;
      const body = await request.text();
      const secret = hooks[0]?.data.signature as string;
      expect(await verifyWebhookSignature(body, request.headers.get('signature'), secret)).toBe(true);
      expect(JSON.parse(body)).toMatchObject({
        event: 'partner.created',
        data: { email: 'hook@example.com' },
      });

      const [real] = (await onReal) as [{ body: string; signature: string }];
      const realSecret = hooks[1]?.data.signature as string;
      expect(await verifyWebhookSignature(real.body, real.signature, realSecret)).toBe(true);
      expect(JSON.parse(real.body)).toMatchObject({ event: 'partner.created' });
    } finally {
      receiver.closeAllConnections();
      receiver.close();
    }
  });

  it('serves another origin with baseUrl, and only that one', async () => {
    const local = await partneroHandlers({ baseUrl: 'http://localhost:4010/v1' });
    server.use(...local);
    const key = uniqueKey();
    const partnero = createPartneroClient({ apiKey: key, baseUrl: 'http://localhost:4010/v1' });
    const created = await unwrap(partnero.POST('/partners', { body: { email: 'l@example.com', name: 'L' } }));
    expect(created.data.email).toBe('l@example.com');
    expect(await ledger(key, 'http://localhost:4010')).toHaveLength(1);
    // Its own pipeline: the default origin's state never saw the write.
    expect(await ledger(key)).toEqual([]);
  });

  it('defaults to PARTNERO_BASE_URL when set, where a client left at its defaults calls', async () => {
    vi.stubEnv('PARTNERO_BASE_URL', 'http://localhost:4011/v1');
    try {
      server.use(...(await partneroHandlers()));
      const key = uniqueKey();
      const created = await unwrap(
        clientFor(key).POST('/partners', { body: { email: 'e@example.com', name: 'E' } }),
      );
      expect(created.data.email).toBe('e@example.com');
      expect(await ledger(key, 'http://localhost:4011')).toHaveLength(1);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('takes baseUrl over PARTNERO_BASE_URL, and names the variable when it is the bad one', async () => {
    vi.stubEnv('PARTNERO_BASE_URL', 'api.partnero.com/v1');
    try {
      await expect(partneroHandlers()).rejects.toThrow(
        /PARTNERO_BASE_URL "api.partnero.com\/v1" is not an absolute URL/,
      );
      server.use(...(await partneroHandlers({ baseUrl: 'http://localhost:4012/v1' })));
      const key = uniqueKey();
      const partnero = createPartneroClient({ apiKey: key, baseUrl: 'http://localhost:4012/v1' });
      expect((await unwrap(partnero.GET('/partners'))).data.length).toBeGreaterThan(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses a baseUrl it cannot serve, naming the fix', async () => {
    await expect(partneroHandlers({ baseUrl: 'https://api.partnero.com' })).rejects.toThrow(
      /must be an http\(s\) origin followed by \/v1/,
    );
    await expect(partneroHandlers({ baseUrl: 'api.partnero.com/v1' })).rejects.toThrow(/not an absolute URL/);
  });
});
