// Retry policy as pure functions: may this operation be sent twice, should this failure be
// retried, and how long to wait first.
import type { Outcome } from '../errors.js';
import { notIdempotent } from '../generated/idempotency.js';

/**
 * Whether `method path` may be sent twice. Partnero does not de-duplicate transactions: a POST
 * resent after the server may have acted can record a sale twice, so POST and PATCH may not; nor may
 * the operations the spec marks `x-partnero-idempotent: false` although their method would allow it
 * (a GET that converts a lead, a PUT that redeems a coupon). Everything else may, including paths
 * the spec does not know. `path` is the URL after the base URL, query included; a `{param}` of a
 * template matches one segment. Asked only after a failure, so nothing is precompiled; the
 * generator admits only templates without regex syntax, so nothing is escaped.
 */
export function isIdempotent(
  method: string,
  path: string,
  unsafe: readonly string[] = notIdempotent,
): boolean {
  const request = `${method.toUpperCase()} ${path}`;
  return (
    !/^(POST|PATCH) /.test(request) &&
    !unsafe.some((operation) =>
      new RegExp(`^${operation.replace(/\{[^}]*\}/g, '[^/?#]+')}(?:[?#]|$)`).test(request),
    )
  );
}

/** Stainless order: the server's `x-should-retry` wins, then the status and whether resending is safe. */
export function shouldRetryResponse(idempotent: boolean, status: number, headers: Headers): boolean {
  const explicit = headers.get('x-should-retry');
  // 429 means the server refused before acting, so even a non-idempotent operation is safe to resend.
  return (
    explicit === 'true' ||
    (explicit !== 'false' &&
      (status === 429 || (idempotent && (status === 408 || status === 409 || status >= 500))))
  );
}

// Failures before a TCP connection exists: the server cannot have seen the request (undici's
// UND_ERR_CONNECT_TIMEOUT is its connect phase timing out). ECONNRESET is absent on purpose: the
// request may have been received before the reset.
const NEVER_CONNECTED = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'];

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

/**
 * Whether a fetch that threw (no HTTP answer) may have reached the server: only a connection
 * never made proves it did not. A timeout may fire after the body was sent, so it is `unknown`.
 */
export function failureOutcome(timedOut: boolean, error: unknown): Outcome {
  return !timedOut && NEVER_CONNECTED.includes(errorCode(error) as string) ? 'not-sent' : 'unknown';
}

/** Whether a fetch that threw (no HTTP answer) may be sent again: only a refused connection proves the server did not act. */
export function shouldRetryFailure(idempotent: boolean, timedOut: boolean, error: unknown): boolean {
  return idempotent || failureOutcome(timedOut, error) === 'not-sent';
}

// A server may ask for more than a minute; nobody wants a client to sleep longer than that.
const MAX_RETRY_AFTER_MS = 60_000;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

const finite = (n: number) => (Number.isFinite(n) ? n : undefined);

/**
 * How long the server asked us to wait, in ms: `retry-after-ms` first (Stainless convention),
 * then `Retry-After` as seconds or an HTTP date. A malformed value counts as absent, so a broken
 * `retry-after-ms` does not hide a valid `Retry-After`. Undefined when neither parses.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim();
  const value = headers.get('retry-after')?.trim();
  const wait =
    (ms ? finite(Number(ms)) : undefined) ??
    (value ? (finite(Number(value) * 1000) ?? finite(Date.parse(value) - now)) : undefined);
  // A date in the past means "now".
  return wait === undefined ? undefined : Math.max(0, wait);
}

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
