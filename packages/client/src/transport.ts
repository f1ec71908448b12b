// The retrying fetch handed to openapi-fetch: retries live beneath the middleware chain, so user
// middleware sees one logical request and companions such as openapi-react-query keep working.
import type { Logger } from './config.js';
import { ConnectionError, type PartneroError, TimeoutError } from './errors.js';
import { type Redactor, redactError } from './redact.js';
import { rememberRequest } from './request-meta.js';
import { readRequestOptions } from './request-options.js';
import { retryDelay, shouldRetryFailure, shouldRetryResponse } from './retry.js';
import { sleep as defaultSleep, startAttempt } from './signal.js';

export type Fetch = (input: Request, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  /** Called once per attempt with the caller's Request and an init carrying the attempt's signal. */
  fetch: Fetch;
  apiKey: string;
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
  apiKey,
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
    // A Request body is a one-shot stream: buffer a copy once so every attempt sends the same bytes.
    const body = request.body ? await request.clone().arrayBuffer() : undefined;
    // Built only when something failed: URL serialization and redaction stay off the success path.
    const target = () => redact(`${method} ${request.url}`);

    for (let attempt = 0; ; attempt++) {
      const attemptAbort = startAttempt(signal, ms);
      // The caller's Request travels as is: building another per attempt would cost more than openapi-fetch itself.
      const init: RequestInit = { body, signal: attemptAbort.signal };
      let response: Response | undefined;
      let error: PartneroError | undefined;
      let retry: boolean;
      // Present only while the attempt is in flight: set beneath the middleware chain and removed
      // before any middleware's onResponse, so no middleware (or what it logs) ever holds the key.
      request.headers.set('Authorization', `Bearer ${apiKey}`);
      try {
        response = await attemptAbort.settle(fetch(request, init));
        retry = shouldRetryResponse(method, response.status, response.headers);
      } catch (raw) {
        // The caller's own abort is theirs to handle: rethrow the platform's AbortError untouched.
        if (signal.aborted) throw raw;
        // The caller's abort was handled above, so an aborted attempt signal means its timeout fired.
        const timedOut = attemptAbort.signal.aborted;
        const cause = redactError(raw, redact);
        error = timedOut
          ? new TimeoutError(`Timed out (${ms} ms): ${target()}`, { cause })
          : new ConnectionError(`Connection failed: ${target()}`, { cause });
        retry = shouldRetryFailure(method, timedOut, raw);
      } finally {
        request.headers.delete('Authorization');
        attemptAbort.dispose();
      }
      if (!retry || attempt >= retries) {
        if (response) {
          rememberRequest(response, request);
          return response;
        }
        throw error;
      }
      const delay = Math.round(retryDelay(response?.headers, attempt, random));
      logger?.warn?.(`partnero: retrying ${target()} in ${delay} ms (${response?.status ?? error?.name})`);
      // Free the connection (an unread body holds the socket until garbage collection); not
      // awaited, since cancelling a tee'd or proxied body can wait on its other reader.
      response?.body?.cancel().catch(() => undefined);
      await sleep(delay, signal);
    }
  };
}
