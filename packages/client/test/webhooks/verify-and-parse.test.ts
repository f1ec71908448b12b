import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, WebhookVerificationError } from '../../src/index.js';
import { parseWebhookEvent, verifyWebhookSignature } from '../../src/webhooks/index.js';

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
    // `.` skips a line break, so these would read back as the right 32 bytes with a looser pattern.
    ['the right signature plus one more digit', `${sign(body)}0`],
    ['the right signature after junk and a line break', `z\n${sign(body)}`],
    ['the right signature before a line break and junk', `${sign(body)}\nz`],
  ])('returns false for a %s header', async (_label, header) => {
    expect(await verifyWebhookSignature(body, header, secret)).toBe(false);
  });

  it.each([
    ['a repeated header (string[])', [sign(body), sign(body)]],
    ['a one-element array', [sign(body)]],
    ['a number', 42],
    ['an object', { value: sign(body) }],
  ])('returns false, never throws, for %s', async (_label, header) => {
    expect(await verifyWebhookSignature(body, header as never, secret)).toBe(false);
  });

  it('refuses an empty secret with a ConfigurationError that says which secret', async () => {
    const error = await verifyWebhookSignature('{}', 'a'.repeat(64), '').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(String(error)).toContain('Missing webhook secret');
    expect(String(error)).toContain('POST /webhooks');
  });

  it.each([
    ['an already parsed object', JSON.parse(body)],
    ['null', null],
    ['a number', 42],
  ])('refuses %s as the body with a TypeError that asks for the raw body', async (_label, parsed) => {
    const error = await verifyWebhookSignature(parsed as never, sign('[object Object]'), secret).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toMatch(/raw request body/);
  });

  it.each([
    ['object', JSON.parse(body)],
    ['null', null],
    ['number', 42],
    ['undefined', undefined],
  ])('says what it got instead of the raw body: %s', async (got, parsed) => {
    const error = await verifyWebhookSignature(parsed as never, sign(body), secret).catch((e: unknown) => e);
    expect(String(error)).toContain(`got ${got}: pass it before any JSON parsing`);
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

  it('throws WebhookVerificationError on a bad signature, naming the two usual causes', async () => {
    const error = await parseWebhookEvent(body, sign('x'), secret).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as Error).message).toMatch(/^Invalid webhook signature: check the secret .* raw body$/);
  });

  it('throws WebhookVerificationError on a signed body that is not JSON', async () => {
    const error = await parseWebhookEvent('not json', sign('not json'), secret).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect((error as Error).message).toBe('Webhook body is not JSON');
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });
});

describe('parseWebhookEvent refuses signed bodies that are not events', () => {
  it.each([
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"partner.created"'],
    ['an array', '[{"event":"partner.created"}]'],
    ['an object without event', '{"data":{}}'],
    ['an object whose event is not a string', '{"event":7,"data":{}}'],
  ])('%s', async (_label, raw) => {
    const error = await parseWebhookEvent(raw, sign(raw), secret).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(String(error)).toContain('not a Partnero event');
  });

  it('refuses a parsed object as the body instead of verifying "[object Object]"', async () => {
    await expect(parseWebhookEvent(JSON.parse(body), sign('[object Object]'), secret)).rejects.toBeInstanceOf(
      TypeError,
    );
  });
});
