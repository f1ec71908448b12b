import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test receiver was sent: one entry per request, in order. */
export interface Received {
  method: string;
  signature: string | undefined;
  body: string;
}

/**
 * A fetch-style handler served over node:http on a free loopback port, so the CLI and the mock
 * reach it over real HTTP. Every request is recorded before the handler answers it.
 */
export async function serveReceiver(handle: (request: Request) => Response | Promise<Response>) {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    received.push({
      method: req.method ?? '',
      signature: req.headers.signature as string | undefined,
      body: body.toString('utf8'),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method ?? 'POST',
      headers,
      ...(req.method !== 'GET' && req.method !== 'HEAD' && { body }),
    });
    const response = await handle(request);
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
