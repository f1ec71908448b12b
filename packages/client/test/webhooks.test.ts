import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, WebhookVerificationError } from '../src/index.js';
import { parseWebhookEvent, verifyWebhookSignature } from '../src/webhooks.js';

const secret = 'whsec_test';
const body = JSON.stringify({ event: 'partner.created', data: { id: 'p1', email: 'a@b.c' } });
const sign = (raw: string | Uint8Array, key = secret) => createHmac('sha256', key).update(raw).digest('hex');

describe('verifyWebhookSignature', () => {
  it('accepts the hex HMAC-SHA256 of the raw body', async () => {
    expect(await verifyWebhookSignature(body, sign(body), secret)).toBe(true);
  });

  it('accepts Uint8Array and ArrayBuffer bodies, including views into a larger buffer', async () => {
    const bytes = new TextEncoder().encode(body);
    expect(await verifyWebhookSignature(bytes, sign(body), secret)).toBe(true);
    expect(await verifyWebhookSignature(bytes.buffer, sign(body), secret)).toBe(true);
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 4);
    expect(await verifyWebhookSignature(padded.subarray(4, 4 + bytes.length), sign(body), secret)).toBe(true);
  });

  it('trims whitespace and ignores hex case', async () => {
    expect(await verifyWebhookSignature(body, `  ${sign(body).toUpperCase()}\n`, secret)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['not hex', 'z'.repeat(64)],
    ['too short', sign(body).slice(0, 62)],
    ['prefixed', `sha256=${sign(body)}`],
  ])('returns false for a %s header', async (_label, header) => {
    expect(await verifyWebhookSignature(body, header, secret)).toBe(false);
  });

  it('refuses an empty secret with a ConfigurationError that names it', async () => {
    const error = await verifyWebhookSignature('{}', 'a'.repeat(64), '').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(String(error)).toContain('webhook secret');
  });

  it('returns false for another secret or a changed body', async () => {
    expect(await verifyWebhookSignature(body, sign(body, 'other'), secret)).toBe(false);
    expect(await verifyWebhookSignature(`${body} `, sign(body), secret)).toBe(false);
  });
});

describe('parseWebhookEvent', () => {
  it('returns the parsed event when the signature matches', async () => {
    const event = await parseWebhookEvent(body, sign(body), secret);
    expect(event).toEqual({ event: 'partner.created', data: { id: 'p1', email: 'a@b.c' } });
  });

  it('throws WebhookVerificationError on a bad signature', async () => {
    await expect(parseWebhookEvent(body, sign('x'), secret)).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('throws WebhookVerificationError on a signed body that is not JSON', async () => {
    const error = await parseWebhookEvent('not json', sign('not json'), secret).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });
});
