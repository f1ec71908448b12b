// Receive Partnero webhooks in a plain node:http server: verify the Signature header over the
// raw body before trusting the event.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@partnero-ts/client/webhooks';

const secret = process.env.PARTNERO_WEBHOOK_SECRET ?? 'whsec_example';

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  if (!(await verifyWebhookSignature(rawBody, req.headers.signature as string | undefined, secret))) {
    res.writeHead(401).end();
    return;
  }
  const event = JSON.parse(rawBody) as { event: string };
  console.log('verified event:', event.event);
  res.writeHead(200).end(); // acknowledge within 5 s; do slow work afterwards
});

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/partnero`;

// Play Partnero: deliver one correctly signed event and one forged event.
const body = JSON.stringify({
  event: 'transaction.created',
  url,
  webhook_key: 'wh_1',
  data: { key: 'order_1001' },
});
const signature = createHmac('sha256', secret).update(body).digest('hex');
const genuine = await fetch(url, { method: 'POST', body, headers: { Signature: signature } });
const forged = await fetch(url, { method: 'POST', body, headers: { Signature: '0'.repeat(64) } });
console.log(`genuine delivery: ${genuine.status}, forged delivery: ${forged.status}`);
server.close();
