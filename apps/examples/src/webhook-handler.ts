// Receive Partnero webhooks in a plain node:http server: verify the Signature header over the raw
// body before trusting the event. End to end against the mock: register this receiver, create a
// partner, and the mock delivers a signed `partner.created` here.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createPartneroClient,
  unwrap,
  type WebhookEvent,
  WebhookVerificationError,
} from '@partnero-ts/client';
import { parseWebhookEvent } from '@partnero-ts/client/webhooks';

const partnero = createPartneroClient(); // PARTNERO_API_KEY, PARTNERO_BASE_URL
let secret = ''; // each webhook has its own: the `signature` POST /webhooks returns (below)
let onEvent: (event: WebhookEvent) => void = () => {};
const firstEvent = new Promise<WebhookEvent>((resolve) => {
  onEvent = resolve;
});

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8'); // the raw bytes: re-serialized JSON would not match
  try {
    const event = await parseWebhookEvent(rawBody, req.headers.signature, secret);
    res.writeHead(200).end(); // acknowledge within 5 s; do slow work afterwards
    onEvent(event);
  } catch (error) {
    res.writeHead(error instanceof WebhookVerificationError ? 401 : 500).end();
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/partnero`;

const webhook = await unwrap(
  partnero.POST('/webhooks', { body: { name: 'example receiver', url, events: ['partner.created'] } }),
);
secret = webhook.data.signature ?? '';
await unwrap(partnero.POST('/partners', { body: { email: 'ada@example.com', name: 'Ada' } }));

const event = await firstEvent;
console.log('verified event:', event.event, 'from webhook', event.webhook_key);

// Anyone can POST to the receiver; a delivery not signed with the webhook's secret is refused.
const forged = await fetch(url, {
  method: 'POST',
  body: JSON.stringify({ ...event, data: { email: 'mallory@example.com' } }),
  headers: { Signature: '0'.repeat(64) },
});
console.log(`forged delivery: ${forged.status}`);

await unwrap(partnero.DELETE('/webhooks/{key}', { params: { path: { key: webhook.data.key } } }));
server.close();
