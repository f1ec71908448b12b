// The example receivers, graded over real HTTP by the mock's CLI as a user's CI would run it:
// `partnero-mock webhooks check URL --secret S` exits 0 only when every case passes.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const secret = 'whsec_receivers_test';
const bin = fileURLToPath(new URL('../node_modules/.bin/partnero-mock', import.meta.url));
const servers: Server[] = [];
let routeUrl = '';
let expressUrl = '';

/** `partnero-mock webhooks ...args`: exit code and output. */
function webhooksCli(...args: string[]) {
  // A hang guard, not a speed check: a loaded machine must not fail a correct receiver.
  return promisify(execFile)(bin, ['webhooks', ...args, '--secret', secret, '--timeout-ms', '120000']).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

async function listening(server: Server, path: string): Promise<string> {
  servers.push(server);
  if (!server.listening) {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  }
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
}

beforeAll(async () => {
  vi.stubEnv('PARTNERO_WEBHOOK_SECRET', secret); // before the examples read it
  vi.spyOn(console, 'log').mockImplementation(() => {});
  const { POST } = await import('../src/webhook-route.js');
  const { app } = await import('../src/express-webhooks.js');
  // The route handler behind node:http, as Next.js would serve it: the Request carries the raw body.
  const route = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value);
    const response = await POST(
      new Request(`http://127.0.0.1${req.url}`, {
        method: req.method ?? 'POST',
        headers,
        body: Buffer.concat(chunks),
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
  });
  routeUrl = await listening(route, '/api/webhooks/partnero');
  expressUrl = await listening(app.listen(0, '127.0.0.1'), '/webhooks/partnero');
});

afterAll(async () => {
  await Promise.all(
    servers.map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
  vi.restoreAllMocks();
});

describe('webhooks check', () => {
  it('passes the Next.js-style route built with webhookHandler', async () => {
    const run = await webhooksCli('check', routeUrl);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/9 cases: 9 passed, 0 failed/);
  });

  it('passes the Express receiver that verifies the raw body', async () => {
    const run = await webhooksCli('check', expressUrl);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/9 cases: 9 passed, 0 failed/);
  });
});

describe('webhooks trigger', () => {
  it("reaches the route, which handles the spec example's partner.created", async () => {
    const log = vi.mocked(console.log);
    log.mockClear();
    const run = await webhooksCli('trigger', 'partner.created', '--to', routeUrl);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^partner\.created -> .*: 200 in \d+ ms$/m);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^welcome \S+@\S+$/));
  });
});
