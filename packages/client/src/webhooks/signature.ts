// Partnero signs each webhook: `Signature` is the hex HMAC-SHA256 of the raw body, keyed with that
// webhook's own secret, the `signature` field `POST /webhooks` returns (one per registered webhook,
// not one per program). Web Crypto only, so this runs on Node 20, Deno, Bun and browsers.
import { ConfigurationError } from '../errors.js';

export type RawBody = string | Uint8Array | ArrayBuffer;

/** A `Signature` header as frameworks hand it over; anything but one string fails verification. */
export type SignatureHeader = string | readonly string[] | null | undefined;

const SHA256_HEX = /^[0-9a-f]{64}$/;

// Only called on SHA256_HEX matches: 32 pairs, never null.
function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(hex.match(/../g) as string[], (byte) => Number.parseInt(byte, 16));
}

function bytesToHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

// A parsed object would be verified as "[object Object]" and silently fail: say what to pass instead.
function checkRawBody(rawBody: unknown): asserts rawBody is RawBody {
  if (typeof rawBody !== 'string' && !(rawBody instanceof ArrayBuffer) && !ArrayBuffer.isView(rawBody)) {
    throw new TypeError(
      `Webhook body must be the raw request body (string, Uint8Array or ArrayBuffer), got ${rawBody === null ? 'null' : typeof rawBody}: pass it before any JSON parsing`,
    );
  }
}

// Web Crypto refuses an empty HMAC key with a bare DataError; name the actual mistake instead.
export function checkSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret === '') {
    throw new ConfigurationError(
      'Missing webhook secret: pass the `signature` that POST /webhooks returned for this webhook',
    );
  }
}

function hmacKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  );
}

// Response normalizes all three body types to a fresh ArrayBuffer (no shared or offset views).
function bodyBytes(rawBody: RawBody): Promise<ArrayBuffer> {
  return new Response(rawBody as BodyInit).arrayBuffer();
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
  checkSecret(secret);
  if (typeof signatureHeader !== 'string') return false;
  const hex = signatureHeader.trim().toLowerCase();
  if (!SHA256_HEX.test(hex)) return false;
  // subtle.verify compares in constant time, so the check leaks nothing about the expected MAC.
  return crypto.subtle.verify(
    'HMAC',
    await hmacKey(secret, 'verify'),
    hexToBytes(hex),
    await bodyBytes(rawBody),
  );
}

/**
 * The `Signature` header Partnero would send with `rawBody`: for a handler's tests, which can then
 * post signed deliveries without a server (as stripe-node's `generateTestHeaderString`).
 * `rawBody` is the exact text (or bytes) to send: sign `JSON.stringify(event)` and send that string.
 */
export async function createWebhookSignature(rawBody: RawBody, secret: string): Promise<string> {
  checkRawBody(rawBody);
  checkSecret(secret);
  return bytesToHex(
    await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), await bodyBytes(rawBody)),
  );
}
