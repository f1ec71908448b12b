// Retry policy as pure functions: whether to retry, and how long to wait first.
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.js';

// Partnero does not de-duplicate transactions: a POST retried after the server may have acted
// can record a sale twice. Only these methods are retried whenever the answer is transient.
export function isIdempotent(method: string): boolean {
  return !/^(POST|PATCH)$/i.test(method);
}

/** Stainless order: the server's `x-should-retry` wins, then the status and the method. */
export function shouldRetryResponse(method: string, status: number, headers: Headers): boolean {
  const explicit = headers.get('x-should-retry');
  // 429 means the server refused before acting, so even a POST is safe to send again.
  return (
    explicit === 'true' ||
    (explicit !== 'false' &&
      (status === 429 || (isIdempotent(method) && (status === 408 || status === 409 || status >= 500))))
  );
}

// Failures before a TCP connection exists: the server cannot have seen the request.
// ECONNRESET is absent on purpose: the request may have been received before the reset.
const NEVER_CONNECTED = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];

/**
 * The first error code along a cause chain: undici rejects with TypeError('fetch failed') whose
 * cause carries the code (an AggregateError for happy-eyeballs connects carries its own).
 */
export function errorCode(error: unknown): unknown {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.code) return e.code;
    e = e.cause as typeof e;
  }
}

/** True only when the error's code proves no connection was made. */
export function neverConnected(error: unknown): boolean {
  return NEVER_CONNECTED.includes(errorCode(error) as string);
}

/** Whether a fetch that threw (no HTTP answer) may be sent again. */
export function shouldRetryFailure(method: string, timedOut: boolean, error: unknown): boolean {
  return isIdempotent(method) || (!timedOut && neverConnected(error));
}

const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/** 0.5 s doubling to 8 s, minus up to 25 % jitter so clients do not retry in lockstep. */
export function backoffDelay(retriesSoFar: number, random: () => number): number {
  return Math.min(INITIAL_DELAY_MS * 2 ** retriesSoFar, MAX_DELAY_MS) * (1 - random() * 0.25);
}

/** The server's requested delay (capped at 60 s) when it gave one, else exponential backoff. */
export function retryDelay(
  headers: Headers | undefined,
  retriesSoFar: number,
  random: () => number,
  now?: number,
): number {
  const requested = headers && parseRetryAfter(headers, now);
  if (requested !== undefined) return Math.min(requested, MAX_RETRY_AFTER_MS);
  return backoffDelay(retriesSoFar, random);
}
