import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxyPipeline, type RunningMock, startMock } from '../../src/index.js';
import { expectAlive } from '../support.js';

// An upstream that writes whatever bytes a test sets, straight to the socket: what a broken
// load balancer or a hostile server might answer, and node:http's server would never write.
let answerBytes = '';
let upstream: Server;
let upstreamUrl: string;
let proxy: RunningMock;

beforeAll(async () => {
  upstream = createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end(Buffer.from(answerBytes, 'latin1')));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  proxy = await startMock({ port: 0, proxy: upstreamUrl, log: () => {} });
});
afterAll(async () => {
  await proxy.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

const partners = () => fetch(`${proxy.url}/v1/partners`, { headers: { authorization: 'Bearer k' } });

describe('an upstream answer Node will not write', () => {
  it('with a DEL byte in its reason phrase is passed on without the reason, and the proxy lives', async () => {
    answerBytes =
      'HTTP/1.1 200 O\x7fK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}';
    const res = await partners();
    expect(res.status).toBe(200);
    expect(res.statusText).not.toContain('\x7f');
    expect(await res.text()).toBe('{}');
    await expectAlive(proxy.url);
  });

  it('with a DEL byte in a header value is a 502 naming the upstream, and the proxy lives', async () => {
    // Node's parser refuses this one already; either way the caller gets a problem, not a crash.
    answerBytes = 'HTTP/1.1 200 OK\r\nX-Odd: a\x7fb\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}';
    const res = await partners();
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).detail).toContain(upstreamUrl);
    await expectAlive(proxy.url);
  });

  it('is the same through the pipeline fetch form (what MSW would call)', async () => {
    const pipeline = await createProxyPipeline({ upstream: upstreamUrl, log: () => {} });
    try {
      answerBytes = 'HTTP/1.1 200 O\x7fK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}';
      const reasonless = await pipeline.fetch(
        new Request('http://localhost/v1/partners', { headers: { authorization: 'Bearer k' } }),
      );
      expect(reasonless.status).toBe(200);
      expect(await reasonless.text()).toBe('{}');
      answerBytes = 'HTTP/1.1 200 OK\r\nX-Odd: a\x7fb\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}';
      const refused = await pipeline.fetch(
        new Request('http://localhost/v1/partners', { headers: { authorization: 'Bearer k' } }),
      );
      expect(refused.status).toBe(502);
    } finally {
      await pipeline.close();
    }
  });
});
