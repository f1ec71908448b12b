// Against real node:http servers, so undici's real failure modes are what the client sees. No
// outcome depends on a clock: slow answers never come, and aborts follow events.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionError, createPartneroClient, TimeoutError, unwrap } from '../src/index.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

interface Hit {
  method: string;
  path: string;
  body: string;
  authorization: string | undefined;
}

/** A server on a random port that records every request and answers with `handler`. */
async function serve(handler: () => Handler) {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      hits.push({
        method: req.method ?? '',
        path: req.url ?? '',
        body,
        authorization: req.headers.authorization,
      });
      handler()(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { hits, origin, close };
}

const json: Handler = (_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ status: 1, user: {} }));
};
/** Never answers: the client's own limits must end the call. */
const hang: Handler = () => {};
/** Drops the connection after reading the request: the server may have acted. */
const reset: Handler = (req) => {
  req.socket.destroy();
};
const fail500: Handler = (_req, res) => {
  res.writeHead(500, { 'content-type': 'application/json' });
  res.end('{"status":0,"message":"Server Error"}');
};
/** Sends the headers and the first bytes of the body, then nothing more. */
const trickle: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"data":');
};
/** Sends the headers and part of the body, then resets the connection. */
const resetMidBody: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"data":', () => res.socket?.destroy());
};

let handler: Handler = json;
let api: Awaited<ReturnType<typeof serve>>;
let baseUrl: string;

beforeAll(async () => {
  api = await serve(() => handler);
  baseUrl = `${api.origin}/v1`;
});

afterAll(() => api.close());

beforeEach(() => {
  api.hits.length = 0;
  attempts = 0;
  handler = json;
});

// Attempts counted where the client makes them: a server cannot see an attempt that timed out
// before it connected, so server hits would depend on the machine's speed.
let attempts = 0;
const client = (options: Parameters<typeof createPartneroClient>[0] = {}) =>
  createPartneroClient({
    apiKey: 'pk_test',
    baseUrl,
    ...options,
    fetch: (request, init) => {
      attempts++;
      return (options.fetch ?? fetch)(request, init);
    },
  });

describe('against a real HTTP server', () => {
  it('works end to end', async () => {
    expect(await unwrap(client().GET('/test'))).toEqual({ status: 1, user: {} });
  });

  it('times out an answer that never comes with TimeoutError', async () => {
    handler = hang;
    await expect(client({ timeout: 50, maxRetries: 0 }).GET('/partners')).rejects.toBeInstanceOf(
      TimeoutError,
    );
    expect(attempts).toBe(1);
  });

  it('turns a dropped connection into ConnectionError, retried for GET', async () => {
    handler = reset;
    const error = await client({ maxRetries: 1 })
      .GET('/partners/{id}', { params: { path: { id: 'p1' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(api.hits).toHaveLength(2);
    expect(attempts).toBe(2);
  });

  it('does not retry a POST whose connection dropped after sending', async () => {
    handler = reset;
    await expect(
      client().POST('/transactions', { body: { key: 'o1', amount: 1, customer: { key: 'c1' } } }),
    ).rejects.toBeInstanceOf(ConnectionError);
    expect(api.hits).toHaveLength(1);
    expect(attempts).toBe(1);
  });

  it('retries a POST when nothing listens (ECONNREFUSED), then reports ConnectionError', async () => {
    const closed = await serve(() => json);
    await closed.close();
    const partnero = client({ baseUrl: `${closed.origin}/v1`, maxRetries: 1 });
    const error = await partnero.POST('/partners', { body: { email: 'a@b.c' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(attempts).toBe(2);
  });
});

describe('operations the spec marks not idempotent are sent once', () => {
  const convert = (partnero: ReturnType<typeof client>) =>
    partnero.GET('/leads/convert', { params: { query: { id: 42 } } } as never);
  const redeem = (partnero: ReturnType<typeof client>) =>
    partnero.PUT('/coupons', { body: { uuid_code: 'SUMMER', redeem: true } } as never);

  it.each([
    ['GET /leads/convert', convert],
    ['PUT /coupons (redeem)', redeem],
  ])('%s, after a 500, a timeout or a reset', async (_name, call) => {
    handler = fail500;
    expect((await call(client())).response.status).toBe(500);
    expect([api.hits.length, attempts]).toEqual([1, 1]);

    handler = hang;
    await expect(call(client({ timeout: 50 }))).rejects.toBeInstanceOf(TimeoutError);
    expect(attempts).toBe(2);

    handler = reset;
    await expect(call(client())).rejects.toBeInstanceOf(ConnectionError);
    expect(attempts).toBe(3);
  });
});

describe('bounded waits', () => {
  it('times out a body that trickles, instead of hanging', async () => {
    handler = trickle;
    await expect(client({ timeout: 100, maxRetries: 0 }).GET('/partners')).rejects.toBeInstanceOf(
      TimeoutError,
    );
  });

  it("rejects with the caller's AbortError when the caller aborts after the headers arrived", async () => {
    handler = trickle;
    const controller = new AbortController();
    const partnero = client({
      fetch: async (request, init) => {
        const response = await fetch(request, init);
        controller.abort();
        return response;
      },
    });
    const error = await partnero.GET('/partners', { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('turns a reset while the body arrives into ConnectionError, not a bare TypeError', async () => {
    handler = resetMidBody;
    const error = await client({ maxRetries: 0 })
      .GET('/partners')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).cause).toMatchObject({ name: 'TypeError' });
  });

  it('ends the whole call at totalTimeout, retries included', async () => {
    handler = hang;
    const error = await client({ timeout: 60_000, totalTimeout: 100, maxRetries: 5 })
      .GET('/partners')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(String(error)).toContain('totalTimeout 100 ms');
    expect(attempts).toBe(1);
  });
});

describe('redirects', () => {
  it('re-sends the body of a POST on a same-origin 307', async () => {
    handler = (req, res) => {
      if (req.url === '/v1/partners') {
        res.writeHead(307, { location: '/v1/partners-moved' });
        res.end();
      } else json(req, res, '');
    };
    const { response } = await client().POST('/partners', { body: { email: 'a@b.c' } });
    expect(response.status).toBe(200);
    expect(api.hits.map((hit) => [hit.path, hit.body, hit.authorization])).toEqual([
      ['/v1/partners', '{"email":"a@b.c"}', 'Bearer pk_test'],
      ['/v1/partners-moved', '{"email":"a@b.c"}', 'Bearer pk_test'],
    ]);
  });

  it('never carries the key across origins', async () => {
    const other = await serve(() => json);
    try {
      handler = (_req, res) => {
        res.writeHead(308, { location: `${other.origin}/elsewhere` });
        res.end();
      };
      const { response } = await client().POST('/partners', { body: { email: 'a@b.c' } });
      expect(response.status).toBe(200);
      expect(api.hits[0]?.authorization).toBe('Bearer pk_test');
      expect(other.hits).toHaveLength(1);
      expect(other.hits[0]?.authorization).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});
