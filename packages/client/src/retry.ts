// Retry policy as pure functions: whether to retry, and how long to wait first.
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.js';

// Partnero does not de-duplicate transactions: a POST retried after the server may have acted
// can record a sale twice. Only these methods are retried whenever the answer is transient.
const NON_IDEMPOTENT = new Set(['POST', 'PATCH']);

export function isIdempotent(method: string): boolean {
  return !NON_IDEMPOTENT.has(method.toUpperCase());
}

/** Stainless order: the server's `x-should-retry` wins, then the status and the method. */
export function shouldRetryResponse(method: string, status: number, headers: Headers): boolean {
  const explicit = headers.get('x-should-retry');
  if (explicit === 'true') return true;
  if (explicit === 'false') return false;
  // 429 means the server refused before acting, so even a POST is safe to send again.
  if (status === 429) return true;
  if (!isIdempotent(method)) return false;
  return status === 408 || status === 409 || status >= 500;
}

// Failures before a TCP connection exists: the server cannot have seen the request.
// ECONNRESET is absent on purpose: the request may have been received before the reset.
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Error codes along a cause chain (undici: TypeError('fetch failed', { cause: { code } })). */
export function errorCodes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 5) return [];
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  // Happy-eyeballs connects fail with an AggregateError holding one error per address.
  const inner = Array.isArray(errors) ? errors.flatMap((e) => errorCodes(e, depth + 1)) : [];
  return [...(typeof code === 'string' ? [code] : []), ...inner, ...errorCodes(cause, depth + 1)];
}

/** True only when every code on the error proves no connection was made. */
export function neverConnected(error: unknown): boolean {
  const codes = errorCodes(error);
  return codes.length > 0 && codes.every((code) => NEVER_CONNECTED.has(code));
}

export type TransportFailure = 'timeout' | 'connection';

/** Whether a fetch that threw (no HTTP answer) may be sent again. */
export function shouldRetryFailure(method: string, failure: TransportFailure, error: unknown): boolean {
  if (isIdempotent(method)) return true;
  return failure === 'connection' && neverConnected(error);
}

const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/** 0.5 s doubling to 8 s, minus up to 25 % jitter so clients do not retry in lockstep. */
export function backoffDelay(retriesSoFar: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_DELAY_MS * 2 ** retriesSoFar, MAX_DELAY_MS);
  return base * (1 - random() * 0.25);
}

/** The server's requested delay (capped at 60 s) when it gave one, else exponential backoff. */
export function retryDelay(
  headers: Headers | undefined,
  retriesSoFar: number,
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  const requested = headers === undefined ? undefined : parseRetryAfter(headers, now);
  if (requested !== undefined) return Math.min(requested, MAX_RETRY_AFTER_MS);
  return backoffDelay(retriesSoFar, random);
}
