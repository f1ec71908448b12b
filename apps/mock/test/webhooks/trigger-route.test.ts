import { parseWebhookEvent, webhookHandler } from '@partnero-ts/client/webhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningMock, startMock } from '../../src/index.js';
import { apiAs, mockRoute, uniqueKey } from '../support.js';
import { serveReceiver } from './receiver.js';

let mock: RunningMock;
let stateless: RunningMock;
const servers: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  [mock, stateless] = await Promise.all([startMock({ port: 0 }), startMock({ port: 0, stateless: true })]);
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => Promise.all([mock.close(), stateless.close()]));

function trigger(origin: string, key: string | undefined, body: unknown) {
  return fetch(`${origin}/__mock/webhooks/trigger`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
    body: JSON.stringify(body),
  });
}

/** Registers a webhook for `events` at a webhookHandler receiver; resolves each handled event. */
async function registered(key: string, events: string[]) {
  const handled: unknown[] = [];
  let arrived: (event: unknown) => void = () => {};
  const next = () =>
    new Promise<unknown>((resolve) => {
      arrived = resolve;
    });
  let secret = '';
  const onEvent = vi.fn((_data: unknown, event: unknown) => {
    handled.push(event);
    arrived(event);
  });
  const served = await serveReceiver((request) =>
    webhookHandler({ secret, on: Object.fromEntries(events.map((name) => [name, onEvent])) })(request),
  );
  servers.push(served);
  const api = apiAs(mock.url, key);
  const webhook = (await api('POST', '/webhooks', { name: 'trigger test', url: served.url, events })).body
    .data;
  secret = webhook.signature;
  return { served, secret, webhook, handled, next };
}

describe('POST /__mock/webhooks/trigger', () => {
  it("delivers the spec example's event to the key's webhook, signed, and lists it", async () => {
    const key = uniqueKey('trigger');
    const hook = await registered(key, ['partner.created']);
    const arrived = hook.next();
    const res = await trigger(mock.url, key, { event: 'partner.created' });
    expect(res.status).toBe(202);
    const answer = await res.json();
    expect(answer).toMatchObject({
      event: 'partner.created',
      deliveries: [{ url: hook.served.url, state: 'pending' }],
    });
    const event = (await arrived) as { event: string; webhook_key: string; data: unknown };
    expect(event).toMatchObject({ event: 'partner.created', webhook_key: hook.webhook.key });
    const raw = hook.served.received[0];
    expect(await parseWebhookEvent(raw?.body ?? '', raw?.signature, hook.secret)).toEqual(event);
    const listed = await mockRoute(mock.url, '/__mock/webhooks', key);
    expect(listed.map((delivery: { id: number }) => delivery.id)).toContain(answer.deliveries[0].id);
  });

  it('sends the data given, when it fits the event', async () => {
    const key = uniqueKey('trigger');
    const hook = await registered(key, ['partner.created']);
    const arrived = hook.next();
    const data = { id: 'partner_t', email: 't@example.com' };
    expect((await trigger(mock.url, key, { event: 'partner.created', data })).status).toBe(202);
    expect(((await arrived) as { data: unknown }).data).toEqual(data);
  });

  it('refuses data that does not fit, an unknown event or a body without event (422), naming the fix', async () => {
    const key = uniqueKey('trigger');
    await registered(key, ['partner.created']);
    const bad = await trigger(mock.url, key, { event: 'partner.created', data: { id: 'p', email: 7 } });
    expect([bad.status, (await bad.json()).detail]).toEqual([
      422,
      expect.stringMatching(/\/email must be string/),
    ]);
    const unknown = await trigger(mock.url, key, { event: 'partner.exploded' });
    expect([unknown.status, (await unknown.json()).detail]).toEqual([
      422,
      expect.stringMatching(/use one of partner\.created/),
    ]);
    expect((await trigger(mock.url, key, { data: {} })).status).toBe(422);
  });

  it('says to register a webhook when none of the key subscribes (409), and needs a key (401)', async () => {
    const key = uniqueKey('trigger');
    await registered(key, ['customer.created']);
    const none = await trigger(mock.url, key, { event: 'partner.created' });
    expect([none.status, (await none.json()).detail]).toEqual([
      409,
      expect.stringMatching(/POST \/v1\/webhooks/),
    ]);
    expect((await trigger(mock.url, undefined, { event: 'partner.created' })).status).toBe(401);
  });

  it('answers 409 on a --stateless mock, which keeps no webhooks', async () => {
    const res = await trigger(stateless.url, uniqueKey('trigger'), { event: 'partner.created' });
    expect([res.status, (await res.json()).detail]).toEqual([409, expect.stringMatching(/--stateless/)]);
  });

  it('is POST only', async () => {
    const res = await fetch(`${mock.url}/__mock/webhooks/trigger`);
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'POST']);
  });
});
