// The retrying fetch handed to openapi-fetch: retries live beneath the middleware chain, so user
// middleware sees one logical request and companions such as openapi-react-query keep working.
import type { Logger } from './config.js';
import { ConnectionError, type PartneroError, TimeoutError } from './errors.js';
import { type Redactor, redactError } from './redact.js';
import { readRequestOptions } from './request-options.js';
import { retryDelay, shouldRetryFailure, shouldRetryResponse, type TransportFailure } from './retry.js';
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

type Attempt = { response: Response } | { failure: TransportFailure; error: unknown };

export function createRetryingFetch(options: TransportOptions): (request: Request) => Promise<Response> {
  const { redact, logger, sleep = defaultSleep, random = Math.random } = options;

  async function attempt(request: Request, body: ArrayBuffer | undefined, timeout: number): Promise<Attempt> {
    const timer = new AbortController();
    const id = setTimeout(() => timer.abort(), timeout);
    try {
      const signal = anySignal([request.signal, timer.signal]);
      return { response: await options.fetch(new Request(request, { body, signal })) };
    } catch (error) {
      // The caller's own abort is theirs to handle: rethrow the platform's AbortError untouched.
      if (request.signal.aborted) throw error;
      return { failure: timer.signal.aborted ? 'timeout' : 'connection', error };
    } finally {
      clearTimeout(id);
    }
  }

  function failureError(failure: TransportFailure, error: unknown, request: Request, timeout: number) {
    const target = redact(`${request.method} ${request.url}`);
    const cause = redactError(error, redact);
    return failure === 'timeout'
      ? new TimeoutError(`Request timed out after ${timeout} ms: ${target}`, { cause })
      : new ConnectionError(`Connection error: ${target}: ${cause.message}`, { cause });
  }

  return async function partneroFetch(request: Request): Promise<Response> {
    const overrides = readRequestOptions(request);
    const maxRetries = overrides.maxRetries ?? options.maxRetries;
    const timeout = overrides.timeout ?? options.timeout;
    // A Request body is a one-shot stream: buffer it once so every attempt sends the same bytes.
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const url = redact(request.url);

    for (let retriesSoFar = 0; ; retriesSoFar++) {
      logger?.debug?.(`partnero: ${request.method} ${url} (attempt ${retriesSoFar + 1})`);
      const outcome = await attempt(request, body, timeout);
      const canRetry = retriesSoFar < maxRetries;
      if ('response' in outcome) {
        const { response } = outcome;
        if (!canRetry || !shouldRetryResponse(request.method, response.status, response.headers)) {
          return response;
        }
        const delay = retryDelay(response.headers, retriesSoFar, random);
        logger?.warn?.(`partnero: ${request.method} ${url} got ${response.status}, retrying in ${delay} ms`);
        // Free the connection: an unread body keeps the socket busy until garbage collection.
        await response.body?.cancel().catch(() => undefined);
        await sleep(delay, request.signal);
        continue;
      }
      const error: PartneroError = failureError(outcome.failure, outcome.error, request, timeout);
      if (!canRetry || !shouldRetryFailure(request.method, outcome.failure, outcome.error)) throw error;
      const delay = retryDelay(undefined, retriesSoFar, random);
      logger?.warn?.(`partnero: ${redact(error.message)}, retrying in ${Math.round(delay)} ms`);
      await sleep(delay, request.signal);
    }
  };
}
