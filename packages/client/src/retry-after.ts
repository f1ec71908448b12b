// A server may ask for more than a minute; nobody wants a client to sleep longer than that.
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long the server asked us to wait, in ms: `retry-after-ms` first (Stainless convention),
 * then `Retry-After` as seconds or an HTTP date. Undefined when absent or unparsable.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
