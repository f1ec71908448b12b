// A webhook handler's unit test: sign deliveries with createWebhookSignature, as Partnero signs
// them, and call the route directly. No server, no network.
import { createWebhookSignature, type WebhookEventFor } from '@partnero-ts/client/webhooks';
import { beforeAll, expect, it, vi } from 'vitest';

const secret = 'whsec_test_secret';
let POST: (request: Request) => Promise<Response>;
beforeAll(async () => {
  vi.stubEnv('PARTNERO_WEBHOOK_SECRET', secret); // before the route module reads it
  ({ POST } = await import('./webhook-route.js'));
});

const partnerCreated: WebhookEventFor<'partner.created'> = {
  event: 'partner.created',
  url: 'http://localhost:3000/api/webhooks/partnero',
  webhook_key: 'wh_1',
  created_at: '2026-12-02T10:00:00.000000Z',
  data: { id: 'partner_1', email: 'ada@example.com' },
};

async function deliver(event: object, signingSecret = secret): Promise<Response> {
  const body = JSON.stringify(event);
  return POST(
    new Request('http://localhost:3000/api/webhooks/partnero', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        signature: await createWebhookSignature(body, signingSecret),
      },
      body,
    }),
  );
}

it('welcomes a new partner once, even when Partnero delivers the event twice', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  expect((await deliver(partnerCreated)).status).toBe(200);
  expect((await deliver(partnerCreated)).status).toBe(200);
  expect(log.mock.calls).toEqual([['welcome ada@example.com']]);
  log.mockRestore();
});

it('refuses a delivery signed with another secret', async () => {
  expect((await deliver(partnerCreated, 'whsec_someone_else')).status).toBe(401);
});

it('acknowledges events it does not handle, so Partnero does not retry them', async () => {
  const response = await deliver({ ...partnerCreated, event: 'partner.archived' });
  expect([response.status, await response.json()]).toEqual([
    200,
    { received: true, event: 'partner.archived', outcome: 'unhandled' },
  ]);
});
