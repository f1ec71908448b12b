// A test process that uses the MSW handlers and ends: it must exit on its own once its work is
// done. `retry`: a delivery failed and waits 10 minutes for its retry, nothing is closed but
// MSW. `in-flight`: the receiver never answers, and `handlers.close()` must end the attempt.
import { once } from 'node:events';
import { createServer } from 'node:http';
import { setupServer } from 'msw/node';
import { partneroHandlers } from '../../dist/msw/handlers.js';

const mode = process.argv[2];
let arrived;
const receiving = new Promise((resolve) => {
  arrived = resolve;
});
const receiver = createServer((req, res) => {
  req.resume();
  arrived();
  if (mode === 'retry') res.writeHead(500).end();
});
receiver.listen(0, '127.0.0.1');
await once(receiver, 'listening');

const handlers = await partneroHandlers({ webhooks: { retryDelaysMs: [600_000], timeoutMs: 600_000 } });
const server = setupServer(...handlers);
server.listen({ onUnhandledRequest: 'bypass' });
const headers = { authorization: 'Bearer linger', 'content-type': 'application/json' };
const api = (path, body) =>
  fetch(`https://api.partnero.com/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
const hook = `http://127.0.0.1:${receiver.address().port}/hook`;
await api('/webhooks', { name: 'x', url: hook, events: ['partner.created'] });
await api('/partners', { email: 'ada@example.com' });
await receiving;
if (mode === 'retry') {
  // Wait for the fact (the first attempt is recorded), never for a duration.
  for (;;) {
    const list = await (await fetch('https://api.partnero.com/__mock/webhooks', { headers })).json();
    if (list[0]?.attempts.length === 1) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
server.close();
if (mode === 'in-flight') await handlers.close();
receiver.close();
console.log('done');
