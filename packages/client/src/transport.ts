// The retrying fetch handed to openapi-fetch: retries live beneath the middleware chain, so user
// middleware sees one logical request and companions such as openapi-react-query keep working.
import type { Logger } from './config.js';
import { ConnectionError, type PartneroError, TimeoutError } from './errors.js';
import { type Redactor, redactError } from './redact.js';
import { readRequestOptions } from './request-options.js';
import { retryDelay, shouldRetryFailure, shouldRetryResponse } from './retry.js';
import { anySignal, sleep as defaultSleep } from './signal.js';

export interface TransportOptions {
  fetch: (request: Request) => Promise<Response>;
  maxRetries: number;
  /** Milliseconds per attempt, until response headers arrive. */
  timeout: number;
  redact: Redactor;
  logger?: Logger | undefined;
  /** Injectable so tests need not wait real seconds. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export function createRetryingFetch({
  fetch,
  maxRetries,
  timeout,
  redact,
  logger,
  sleep = defaultSleep,
  random = Math.random,
}: TransportOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const { method, signal } = request;
    const overrides = readRequestOptions(request);
    const retries = overrides.maxRetries ?? maxRetries;
    const ms = overrides.timeout ?? timeout;
    // A Request body is a one-shot stream: buffer it once so every attempt sends the same bytes.
    const body = request.body ? await request.arrayBuffer() : undefined;
    const target = redact(`${method} ${request.url}`);

    for (let attempt = 0; ; attempt++) {
      const timer = new AbortController();
      const id = setTimeout(() => timer.abort(), ms);
      let response: Response | undefined;
      let error: PartneroError | undefined;
      let retry: boolean;
      try {
        response = await fetch(new Request(request, { body, signal: anySignal([signal, timer.signal]) }));
        retry = shouldRetryResponse(method, response.status, response.headers);
      } catch (raw) {
        // The caller's own abort is theirs to handle: rethrow the platform's AbortError untouched.
        if (signal.aborted) throw raw;
        const timedOut = timer.signal.aborted;
        const cause = redactError(raw, redact);
        error = timedOut
          ? new TimeoutError(`Timed out (${ms} ms): ${target}`, { cause })
          : new ConnectionError(`Connection failed: ${target}`, { cause });
        retry = shouldRetryFailure(method, timedOut, raw);
      } finally {
        clearTimeout(id);
      }
      if (!retry || attempt >= retries) {
        if (response) return response;
        throw error;
      }
      const delay = Math.round(retryDelay(response?.headers, attempt, random));
      logger?.warn?.(`partnero: retrying ${target} in ${delay} ms (${response?.status ?? error?.name})`);
      // Free the connection (an unread body holds the socket until garbage collection); not
      // awaited, since cancelling a tee'd or proxied body can wait on its other reader.
      response?.body?.cancel().catch(() => undefined);
      await sleep(delay, signal);
    }
  };
}
