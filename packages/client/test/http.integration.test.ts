// Against a real node:http server, so undici's real failure modes are what the client sees.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, createPartneroClient, TimeoutError, unwrap } from '../src/index.js';

let server: Server;
let baseUrl: string;
const hits: Record<string, number> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url?.split('?')[0] ?? '';
    hits[path] = (hits[path] ?? 0) + 1;
    if (path === '/v1/test') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 1, user: {} }));
    } else if (path === '/v1/partners') {
      // Slow: answers long after the client's timeout.
      const timer = setTimeout(() => res.end('{}'), 2_000);
      res.on('close', () => clearTimeout(timer));
    } else {
      // Dropped connection after the request was read.
      req.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('against a real HTTP server', () => {
  it('works end to end', async () => {
    const partnero = createPartneroClient({ apiKey: 'pk_test', baseUrl });
    expect(await unwrap(partnero.GET('/test'))).toEqual({ status: 1, user: {} });
  });

  it('times out a slow answer with TimeoutError', async () => {
    const partnero = createPartneroClient({ apiKey: 'pk_test', baseUrl, timeout: 50, maxRetries: 0 });
    await expect(partnero.GET('/partners')).rejects.toBeInstanceOf(TimeoutError);
    expect(hits['/v1/partners']).toBe(1);
  });

  it('turns a dropped connection into ConnectionError, retried for GET', async () => {
    const partnero = createPartneroClient({ apiKey: 'pk_test', baseUrl, maxRetries: 1 });
    const error = await partnero
      .GET('/partners/{id}', { params: { path: { id: 'p1' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(hits['/v1/partners/p1']).toBe(2);
  });

  it('does not retry a POST whose connection dropped after sending', async () => {
    const partnero = createPartneroClient({ apiKey: 'pk_test', baseUrl, maxRetries: 2 });
    await expect(
      partnero.POST('/transactions', { body: { key: 'o1', amount: 1, customer: { key: 'c1' } } }),
    ).rejects.toBeInstanceOf(ConnectionError);
    expect(hits['/v1/transactions']).toBe(1);
  });

  it('retries a POST when nothing listens (ECONNREFUSED), then reports ConnectionError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const attempts: number[] = [];
    const partnero = createPartneroClient({
      apiKey: 'pk_test',
      baseUrl: `http://127.0.0.1:${port}/v1`,
      maxRetries: 1,
      fetch: (request) => {
        attempts.push(1);
        return fetch(request);
      },
    });
    const error = await partnero.POST('/partners', { body: { email: 'a@b.c' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(attempts).toHaveLength(2);
  });
});
