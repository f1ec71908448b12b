import type { ObservedAnswer } from '@partnero-ts/mock/conformance';
import type { Clock } from './rate-limit.js';

export interface ReaderOptions {
  baseUrl: string;
  fetch: typeof fetch;
  clock: Clock;
  /** Resolves when the rate limit allows the next request. */
  nextSlot: () => Promise<void>;
}

/** `authorization` undefined sends no Authorization header at all (the no-key check). */
export type Read = (path: string, authorization: string | undefined) => Promise<ObservedAnswer>;

/** Thrown when the API cannot be reached at all: no answer to compare with the spec. */
export class UnreachableError extends Error {}

const MAX_429_RETRIES = 2;
const MAX_RETRY_AFTER_MS = 60_000;
const TIMEOUT_MS = 30_000;

function retryAfterMs(headers: Headers, now: number): number {
  const value = headers.get('retry-after');
  if (value === null) return 1000;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Math.min(Math.max(Number.isFinite(ms) ? ms : 1000, 0), MAX_RETRY_AFTER_MS);
}

/**
 * The only way the live run talks to the API. The method is fixed to GET here, so no code path
 * can send a write; a 429 is waited out (Retry-After) instead of being reported as a difference.
 */
export function createReader(options: ReaderOptions): Read {
  return async (path, authorization) => {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'partnero-ts live run',
    };
    if (authorization !== undefined) headers.authorization = authorization;
    for (let attempt = 0; ; attempt += 1) {
      await options.nextSlot();
      let response: Response;
      try {
        response = await options.fetch(`${options.baseUrl}${path}`, {
          method: 'GET',
          headers,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        const cause = error instanceof Error ? (error.cause ?? error) : error;
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new UnreachableError(
          `GET ${path} failed before any answer (${reason}); check PARTNERO_BASE_URL (${options.baseUrl}) and the network`,
        );
      }
      const body = await response.text();
      if (response.status !== 429 || attempt === MAX_429_RETRIES)
        return { status: response.status, headers: response.headers, body };
      await options.clock.sleep(retryAfterMs(response.headers, Date.now()));
    }
  };
}
