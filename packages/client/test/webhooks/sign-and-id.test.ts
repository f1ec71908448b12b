import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/index.js';
import { createWebhookSignature, verifyWebhookSignature, webhookEventId } from '../../src/webhooks/index.js';

const secret = 'whsec_test';
const body = JSON.stringify({ event: 'partner.created', data: { id: 'p1', email: 'a@b.c' } });

describe('createWebhookSignature', () => {
  it('is the hex HMAC-SHA256 of the exact body, as Partnero (and the mock) sign it', async () => {
    expect(await createWebhookSignature(body, secret)).toBe(
      createHmac('sha256', secret).update(body).digest('hex'),
    );
  });

  it('signs bytes and ArrayBuffers the same as the text they hold', async () => {
    const bytes = new TextEncoder().encode(body);
    const expected = await createWebhookSignature(body, secret);
    expect(await createWebhookSignature(bytes, secret)).toBe(expected);
    expect(await createWebhookSignature(bytes.buffer, secret)).toBe(expected);
  });

  it('round-trips through verifyWebhookSignature, and only under the same secret', async () => {
    const signature = await createWebhookSignature(body, secret);
    expect(await verifyWebhookSignature(body, signature, secret)).toBe(true);
    expect(await verifyWebhookSignature(body, signature, 'whsec_other')).toBe(false);
  });

  it('names the missing secret and the raw body mistakes', async () => {
    await expect(createWebhookSignature(body, '')).rejects.toBeInstanceOf(ConfigurationError);
    await expect(createWebhookSignature({ event: 'x' } as never, secret)).rejects.toThrow(/raw request body/);
  });
});

describe('webhookEventId', () => {
  const event = {
    event: 'partner.created',
    url: 'https://hooks.example.com/partnero',
    webhook_key: 'wh_1',
    created_at: '2025-04-30T16:44:13.000000Z',
    data: { id: 'partner_123', email: 'jane@example.com' },
  };

  it('is the same for a redelivery (the same envelope, parsed again)', () => {
    expect(webhookEventId(JSON.parse(JSON.stringify(event)))).toBe(webhookEventId(event));
    expect(webhookEventId(event)).toBe('partner.created:wh_1:2025-04-30T16%3A44%3A13.000000Z:partner_123');
  });

  it.each([
    ['another event', { event: 'partner.updated' }],
    ['another webhook', { webhook_key: 'wh_2' }],
    ['another time', { created_at: '2025-04-30T16:44:14.000000Z' }],
    ['another resource', { data: { id: 'partner_124', email: 'jane@example.com' } }],
  ])('differs for %s', (_label, change) => {
    expect(webhookEventId({ ...event, ...change })).not.toBe(webhookEventId(event));
  });

  it("uses the resource's key when it has no id (transactions, rewards)", () => {
    const sale = { ...event, event: 'transaction.created', data: { key: 'order_1001' } };
    expect(webhookEventId(sale)).toMatch(/:order_1001$/);
  });

  it('cannot be confused by separators inside a part', () => {
    const a = { ...event, created_at: 'T:1', data: { id: 'x' } };
    const b = { ...event, created_at: 'T', data: { id: '1:x' } };
    expect(webhookEventId(a)).not.toBe(webhookEventId(b));
  });

  it("reads the older envelope's `timestamp` when there is no `created_at`", () => {
    const { created_at, ...older } = event;
    expect(webhookEventId({ ...older, timestamp: created_at })).toBe(webhookEventId(event));
  });

  it('counts a null part as a missing one', () => {
    const { webhook_key, ...keyless } = event;
    expect(webhookEventId({ ...event, webhook_key: null })).toBe(webhookEventId(keyless));
    expect(webhookEventId(keyless)).toBe('partner.created::2025-04-30T16%3A44%3A13.000000Z:partner_123');
  });

  it('does not throw on a body without data', () => {
    expect(webhookEventId({ event: 'partner.created', data: null })).toBe('partner.created:::');
  });
});
