// A server may ask for more than a minute; nobody wants a client to sleep longer than that.
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long the server asked us to wait, in ms: `retry-after-ms` first (Stainless convention),
 * then `Retry-After` as seconds or an HTTP date. Undefined when absent or unparsable.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim();
  const value = headers.get('retry-after')?.trim();
  const seconds = Number(value);
  const wait = ms
    ? Number(ms)
    : !value
      ? Number.NaN
      : Number.isNaN(seconds)
        ? Date.parse(value) - now
        : seconds * 1000;
  // A date in the past means "now"; anything unparsable means the server gave no advice.
  return Number.isNaN(wait) ? undefined : Math.max(0, wait);
}
