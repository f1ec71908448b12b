import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@partnero-ts/client/webhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/index.js';
import { apiAs, mockRoute, uniqueKey } from '../support.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A webhook receiver on a free port; `answer` decides each reply, `received()` waits for the next delivery. */
async function startReceiver(answer: (res: ServerResponse, index: number) => void = (res) => res.end('ok')) {
  const deliveries: Received[] = [];
  const waiting: ((received: Received) => void)[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    deliveries.push(received);
    answer(res, deliveries.length - 1);
    waiting.shift()?.(received);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    deliveries,
    received: () => new Promise<Received>((resolve) => waiting.push(resolve)),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Polls the mock's delivery log until `done` holds: the test waits on a fact, never on a duration. */
async function deliveriesOnceDone(origin: string, key: string, done: (list: { state: string }[]) => boolean) {
  for (;;) {
    const list = await mockRoute(origin, '/__mock/webhooks', key);
    if (done(list)) return list;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

let mock: RunningMock;
const receivers: Receiver[] = [];
beforeAll(async () => {
  // Retries without waiting: what is tested is how many attempts are made, not the backoff.
  mock = await startMock({ port: 0, webhooks: { retryDelaysMs: [0, 0] } });
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});
afterAll(() => mock.close());

async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const started = await startReceiver(answer);
  receivers.push(started);
  return started;
}

describe('webhook deliveries', () => {
  it('POSTs a signed partner.created that @partnero-ts/client/webhooks verifies', async () => {
    const hook = await receiver();
    const key = uniqueKey('hooks');
    const api = apiAs(mock.url, key);
    const webhook = (
      await api('POST', '/webhooks', { name: 'CRM', url: hook.url, events: ['partner.created'] })
    ).body.data;
    const arrived = hook.received();
    const created = await api('POST', '/partners', { email: 'ada@example.com', name: 'Ada' });
    const delivery = await arrived;

    expect(
      await verifyWebhookSignature(delivery.body, delivery.headers.signature as string, webhook.signature),
    ).toBe(true);
    expect(
      await verifyWebhookSignature(delivery.body, delivery.headers.signature as string, 'another secret'),
    ).toBe(false);
    const payload = JSON.parse(delivery.body);
    expect(payload).toMatchObject({
      event: 'partner.created',
      url: hook.url,
      webhook_key: webhook.key,
      data: { id: created.body.data.id, email: 'ada@example.com' },
    });
    expect(payload.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const log = await deliveriesOnceDone(mock.url, key, (list) => list[0]?.state === 'delivered');
    expect(log).toMatchObject([
      { event: 'partner.created', state: 'delivered', attempts: [{ status: 200 }] },
    ]);
  });

  it('sends only the events a webhook subscribes to, only for its own key, only while active', async () => {
    const hook = await receiver();
    const key = uniqueKey('filters');
    const api = apiAs(mock.url, key);
    await api('POST', '/webhooks', { name: 'updates', url: hook.url, events: ['partner.updated'] });
    await api('POST', '/webhooks', {
      name: 'off',
      url: hook.url,
      events: ['partner.created'],
      is_active: false,
    });
    await apiAs(mock.url, uniqueKey('stranger'))('POST', '/partners', { email: 'eve@example.com' });
    const { id } = (await api('POST', '/partners', { email: 'ada@example.com' })).body.data;
    const arrived = hook.received();
    await api('PUT', `/partners/${id}`, { update: { name: 'Ada' } });
    expect(JSON.parse((await arrived).body)).toMatchObject({
      event: 'partner.updated',
      data: { id, name: 'Ada' },
    });
    expect(hook.deliveries).toHaveLength(1);
    expect(await mockRoute(mock.url, '/__mock/webhooks', key)).toHaveLength(1);
  });

  it.each([
    ['customer.created', 'POST', '/customers', { key: 'cus_ada', partner: { key: 'ref_123' } }],
    [
      'transaction.created',
      'POST',
      '/transactions',
      { key: 'o_1', amount: 5, customer: { key: 'customer_42' } },
    ],
    [
      'lead.submitted',
      'POST',
      '/leads',
      { name: 'Ada', email: 'ada@example.com', partner: { key: 'ref_123' } },
    ],
    ['subscriber.created', 'POST', '/subscribers', { email: 'ada@example.com' }],
    ['partner.archived', 'POST', '/partners/partner_123/archive', undefined],
    ['partner.deleted', 'DELETE', '/partners/partner_123', undefined],
    ['lead.converted', 'GET', '/leads/convert?id=7&commission_transaction_amount=10', undefined],
    ['reward.created', 'POST', '/partners/partner_123/reward', { amount: 10 }],
    [
      'customer.credited',
      'POST',
      '/customers/cust_1/balance/credit',
      { amount: 5, amount_units: 'usd', is_currency: true },
    ],
  ])('sends %s', async (event, method, path, body) => {
    const hook = await receiver();
    const api = apiAs(mock.url, uniqueKey('events'));
    await api('POST', '/webhooks', { name: 'all', url: hook.url, events: [event] });
    const arrived = hook.received();
    const answer = await api(method, path, body);
    expect(answer.status).toBe(200);
    expect(JSON.parse((await arrived).body).event).toBe(event);
  });

  it('retries a receiver that answers 500, and records each attempt', async () => {
    const hook = await receiver((res, index) => {
      res.statusCode = index === 0 ? 500 : 204;
      res.end();
    });
    const key = uniqueKey('retry');
    const api = apiAs(mock.url, key);
    await api('POST', '/webhooks', { name: 'flaky', url: hook.url, events: ['partner.created'] });
    await api('POST', '/partners', { email: 'ada@example.com' });
    const [delivery] = await deliveriesOnceDone(mock.url, key, (list) => list[0]?.state === 'delivered');
    expect(delivery).toMatchObject({ attempts: [{ status: 500 }, { status: 204 }] });
    expect(hook.deliveries[0]?.body).toBe(hook.deliveries[1]?.body);
  });

  it('gives up on an unreachable receiver after the last retry', async () => {
    const gone = await startReceiver();
    await gone.close();
    const key = uniqueKey('unreachable');
    const api = apiAs(mock.url, key);
    await api('POST', '/webhooks', { name: 'gone', url: gone.url, events: ['partner.created'] });
    await api('POST', '/partners', { email: 'ada@example.com' });
    const [delivery] = await deliveriesOnceDone(mock.url, key, (list) => list[0]?.state === 'failed');
    expect(delivery.attempts).toHaveLength(3);
    for (const attempt of delivery.attempts) expect(attempt.error).toMatch(/fetch failed|ECONNREFUSED/);
  });

  it('answers the API call without waiting for the receiver', async () => {
    let release: () => void = () => {};
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const hook = await receiver((res) => {
      hold.then(() => res.end('ok'));
    });
    const key = uniqueKey('async');
    const api = apiAs(mock.url, key);
    await api('POST', '/webhooks', { name: 'slow', url: hook.url, events: ['partner.created'] });
    const arrived = hook.received();
    const created = await api('POST', '/partners', { email: 'ada@example.com' });
    expect(created.status).toBe(200);
    await arrived;
    // The receiver holds its answer: the API call is done, its delivery is still pending.
    expect((await mockRoute(mock.url, '/__mock/webhooks', key))[0]).toMatchObject({
      state: 'pending',
      attempts: [],
    });
    release();
    await deliveriesOnceDone(mock.url, key, (list) => list[0]?.state === 'delivered');
  });
});
