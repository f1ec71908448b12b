// The default fetch (no `fetch` option), which every user gets, against a node:http server on
// 127.0.0.1: the unit tests stub fetch, so only this proves the real one applies the key from the
// attempt's init, its signal and the client's redaction (issue 24, item 6).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartneroClient, NotFoundError, unwrap } from '../src/index.js';

const KEY = 'pk_live/default+fetch';
const seen: { method: string; url: string; authorization: string | undefined }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  let deletes = 0;
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    if (req.url === '/v1/partners') {
      res.setHeader('content-type', 'application/json');
      res.end('{"data":[{"id":"p1"}],"status":1}');
    } else if (req.method === 'DELETE' && deletes++ === 0) {
      // The first delete "succeeds" and its answer is lost.
      req.socket.destroy();
    } else {
      res.writeHead(404, { 'content-type': 'application/json', 'x-echo': `Bearer ${KEY}` });
      res.end(JSON.stringify({ status: 0, message: `No partner for ${encodeURIComponent(KEY)}` }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the default fetch', () => {
  it('sends the key from the attempt init and reads the answer', async () => {
    const client = createPartneroClient({ apiKey: KEY, baseUrl, headers: { connection: 'close' } });
    const { data } = await client.GET('/partners');
    expect(data).toEqual({ data: [{ id: 'p1' }], status: 1 });
    expect(seen.at(-1)).toEqual({ method: 'GET', url: '/v1/partners', authorization: `Bearer ${KEY}` });
  });

  it('streams a body (parseAs: stream) to the end', async () => {
    const client = createPartneroClient({ apiKey: KEY, baseUrl, headers: { connection: 'close' } });
    const { data } = await client.GET('/partners', { parseAs: 'stream' });
    expect(await new Response(data as ReadableStream).json()).toEqual({ data: [{ id: 'p1' }], status: 1 });
  });

  it('resends a DELETE whose answer was lost and says so on the 404, with the key redacted', async () => {
    const client = createPartneroClient({ apiKey: KEY, baseUrl, headers: { connection: 'close' } });
    const error = await unwrap(client.DELETE('/partners/{id}', { params: { path: { id: 'p9' } } })).catch(
      (e: unknown) => e,
    );
    expect(seen.filter((hit) => hit.method === 'DELETE')).toHaveLength(2);
    expect(error).toBeInstanceOf(NotFoundError);
    // attempts > 1 on a 404 of a DELETE: an earlier attempt deleted it, so the delete is done.
    expect(error).toMatchObject({
      attempts: 2,
      message: `404 DELETE ${baseUrl}/partners/p9: No partner for [redacted]`,
    });
    expect((error as NotFoundError).headers.get('x-echo')).toBe('Bearer [redacted]');
    // The redacted answer keeps the URL it came from.
    const { response } = await client.DELETE('/partners/{id}', { params: { path: { id: 'p9' } } });
    expect(response.status).toBe(404);
    expect(response.url).toBe(`${baseUrl}/partners/p9`);
  });
});
