// Partnero signs each webhook: `Signature` is the hex HMAC-SHA256 of the raw body, keyed with that
// webhook's own secret, the `signature` field `POST /webhooks` returns (one per registered webhook,
// not one per program). Web Crypto only, so this runs on Node 20, Deno, Bun and browsers.
import { ConfigurationError, WebhookVerificationError } from './errors.js';
import type { webhooks } from './generated/openapi.js';

export type RawBody = string | Uint8Array | ArrayBuffer;

/** A `Signature` header as frameworks hand it over; anything but one string fails verification. */
export type SignatureHeader = string | readonly string[] | null | undefined;

/** What every Partnero webhook carries, whatever the spec says about a specific event. */
export interface BaseWebhookEvent {
  event: string;
  data: unknown;
  [key: string]: unknown;
}

/** The union of JSON payloads of a generated `webhooks` map. */
export type WebhookPayloadOf<W> = {
  // [never] guard: inferring from `never` (the empty generated map) would give unknown.
  [K in keyof W]: [W[K]] extends [never]
    ? never
    : W[K] extends { post: { requestBody?: { content: { 'application/json': infer E } } } }
      ? E
      : never;
}[keyof W];

/** The spec's webhook events, or the minimal base shape while the spec declares none. */
export type WebhookEventOf<W> = [WebhookPayloadOf<W>] extends [never]
  ? BaseWebhookEvent
  : WebhookPayloadOf<W>;

export type WebhookEvent = WebhookEventOf<webhooks>;

const SHA256_HEX = /^[0-9a-f]{64}$/;

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(hex.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16));
}

// A parsed object would be verified as "[object Object]" and silently fail: say what to pass instead.
function checkRawBody(rawBody: unknown): asserts rawBody is RawBody {
  if (typeof rawBody !== 'string' && !(rawBody instanceof ArrayBuffer) && !ArrayBuffer.isView(rawBody)) {
    throw new TypeError(
      `Webhook body must be the raw request body (string, Uint8Array or ArrayBuffer), got ${rawBody === null ? 'null' : typeof rawBody}: pass it before any JSON parsing`,
    );
  }
}

/**
 * True when `signatureHeader` is the HMAC of `rawBody` under `secret` (the webhook's `signature`).
 * False, never a throw, for a missing, repeated or malformed header. Pass the body exactly as
 * received: re-serialized JSON will not match.
 */
export async function verifyWebhookSignature(
  rawBody: RawBody,
  signatureHeader: SignatureHeader,
  secret: string,
): Promise<boolean> {
  checkRawBody(rawBody);
  // Web Crypto refuses an empty HMAC key with a bare DataError; name the actual mistake instead.
  if (!secret) {
    throw new ConfigurationError(
      'Missing webhook secret: pass the `signature` that POST /webhooks returned for this webhook',
    );
  }
  const hex = typeof signatureHeader === 'string' ? signatureHeader.trim().toLowerCase() : '';
  if (!SHA256_HEX.test(hex)) return false;
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  // subtle.verify compares in constant time, so the check leaks nothing about the expected MAC.
  // Response normalizes all three body types to a fresh ArrayBuffer (no shared or offset views).
  return crypto.subtle.verify(
    'HMAC',
    key,
    hexToBytes(hex),
    await new Response(rawBody as BodyInit).arrayBuffer(),
  );
}

/**
 * Verifies the signature, then parses the body; throws WebhookVerificationError when the signature
 * does not match or the body is not a Partnero event (a JSON object with an `event` string).
 */
export async function parseWebhookEvent(
  rawBody: RawBody,
  signatureHeader: SignatureHeader,
  secret: string,
): Promise<WebhookEvent> {
  if (!(await verifyWebhookSignature(rawBody, signatureHeader, secret))) {
    throw new WebhookVerificationError(
      "Invalid webhook signature: check the secret (this webhook's `signature`) and use the raw body",
    );
  }
  let event: unknown;
  try {
    event = JSON.parse(await new Response(rawBody as BodyInit).text());
  } catch (cause) {
    throw new WebhookVerificationError('Webhook body is not JSON', { cause });
  }
  if (typeof (event as BaseWebhookEvent | null)?.event !== 'string') {
    throw new WebhookVerificationError(
      'Webhook body is not a Partnero event: expected a JSON object with an `event` string',
    );
  }
  return event as WebhookEvent;
}
