// The retrying fetch handed to openapi-fetch: retries live beneath the middleware chain, so user
// middleware sees one logical request and companions such as openapi-react-query keep working.
import { type Logger, type PartneroRequestOptions, resolveRequestOptions } from '../config.js';
import { ConnectionError, TimeoutError } from '../errors.js';
import { type Attempt, sleep as defaultSleep, startAttempt } from './attempt.js';
import { type Redactor, redactError } from './redact.js';
import {
  failureOutcome,
  isIdempotent,
  retryDelay,
  shouldRetryFailure,
  shouldRetryResponse,
} from './retry.js';

type Fetch = (input: Request, init?: RequestInit) => Promise<Response>;

export interface TransportOptions extends Required<PartneroRequestOptions> {
  /** Called once per attempt with the caller's Request and an init carrying the attempt's signal. */
  fetch: Fetch;
  apiKey: string;
  /** The part of a request's URL before the path that the retry-safety table knows. */
  baseUrl: string;
  redact: Redactor;
  logger?: Logger | undefined;
  /** Injectable so tests need not wait real seconds. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Operations not to resend although their method allows it (default: generated from the spec). */
  notIdempotent?: readonly string[];
}

interface RequestMeta {
  method: string;
  url: string;
}

// `unwrap` builds errors from an openapi-fetch result, whose Response knows its URL but not the
// request method. The transport records both for each failed answer it returns; a WeakMap (not a
// middleware) keeps openapi-fetch on its no-middleware fast path.
const metaByResponse = new WeakMap<Response, RequestMeta>();

/** The method and URL behind a Response (UNKNOWN when a middleware replaced the Response). */
export function requestMeta(response: Response): RequestMeta {
  return metaByResponse.get(response) ?? { method: 'UNKNOWN', url: response.url };
}

// Every way openapi-fetch's parseAs reads a body (`stream` hands over response.body itself).
const BODY_READERS = ['arrayBuffer', 'blob', 'json', 'text'] as const;
const GUARD = Symbol('partnero.guard');
type Guarded = Response & { [GUARD]: (reading: Promise<unknown>) => Promise<unknown> };

/**
 * The prototype of a Response whose body readers run under the attempt that fetched it (see
 * guardBody). Methods on a prototype, not the instance: patching a Response's own methods made
 * every call 2-3x slower in V8; swapping its prototype costs about 1 µs (see BENCHMARKS.md).
 */
function guardedPrototype(): Response {
  const prototype = Object.create(Response.prototype);
  for (const name of BODY_READERS) {
    const read = Response.prototype[name] as (this: Response) => Promise<unknown>;
    // A body already read is nobody's transport failure: its TypeError passes untouched.
    prototype[name] = function (this: Guarded) {
      return this.bodyUsed ? read.call(this) : this[GUARD](read.call(this));
    };
  }
  return prototype;
}

/**
 * Keeps the attempt (its timeout and the caller's signal) running until the body has been read,
 * since openapi-fetch reads it after fetch resolves: aborting the attempt's signal then errors the
 * body stream (as undici, browsers, Deno and Bun do), so a body that trickles or stalls is a
 * TimeoutError, a reset mid-body a ConnectionError, instead of a call that hangs or a bare
 * TypeError. Error bodies read as text (as openapi-fetch reads them) are redacted, so neither
 * `error` values nor APIError bodies echo the key.
 */
function guardBody(
  response: Response,
  attempt: Attempt,
  failure: (raw: unknown) => unknown,
  redact: Redactor,
  prototype: Response,
): Response {
  // Nothing left to read (a null body: 204, HEAD; or an empty one, which openapi-fetch skips), or a
  // Response of another realm or polyfill, whose readers are not ours to call: the attempt ends now.
  const foreign = !(response instanceof Response);
  if (foreign || !response.body || response.headers.get('content-length') === '0') {
    attempt.dispose(!foreign);
    return response;
  }
  // A plain `then`, not a race against the attempt's abort: that extra promise cost about 6% of a
  // loopback request (see BENCHMARKS.md), and the abort reaches the body through the signal anyway.
  (response as Guarded)[GUARD] = (reading) =>
    reading.then(
      (value) => {
        attempt.dispose();
        return response.ok || typeof value !== 'string' ? value : redact(value);
      },
      (raw: unknown) => {
        attempt.dispose();
        // A body that arrived whole but is not JSON is the server's answer, not a transport failure.
        throw raw instanceof SyntaxError ? raw : failure(raw);
      },
    );
  return Object.setPrototypeOf(response, prototype);
}

export function createRetryingFetch(options: TransportOptions): (request: Request) => Promise<Response> {
  const { fetch, apiKey, baseUrl, redact, logger, sleep = defaultSleep, notIdempotent } = options;
  const defaults = resolveRequestOptions(options);
  const authorization = `Bearer ${apiKey}`;
  const prototype = guardedPrototype();

  return async (request) => {
    const { method, signal } = request;
    const overrides = (request as RequestInit).partnero;
    const { maxRetries, timeout, totalTimeout } = overrides
      ? resolveRequestOptions(overrides, defaults)
      : defaults;
    const deadline = Date.now() + totalTimeout;
    // A Request body is a one-shot stream: buffer a copy once so every attempt, and every redirect
    // undici follows, sends the same bytes (a Blob can be re-read; an ArrayBuffer is detached).
    const body = request.body ? await request.clone().blob() : undefined;
    // Built only when something failed: URL serialization, path matching and redaction stay off the success path.
    const target = () => redact(`${method} ${request.url}`);
    // A URL outside baseUrl keeps its origin, matches no operation, and falls back to the method rule.
    const resendable = () => isIdempotent(method, request.url.replace(baseUrl, ''), notIdempotent);

    for (let attempt = 0; ; attempt++) {
      // The per-attempt timer also enforces the whole call's budget: one timer, not two.
      const remaining = deadline - Date.now();
      const budgetEnds = remaining <= timeout;
      const current = startAttempt(signal, budgetEnds ? remaining : timeout);
      // The caller's own abort is theirs to handle: the platform's AbortError passes untouched.
      const failure = (raw: unknown): unknown =>
        signal.aborted
          ? raw
          : new (current.signal.aborted ? TimeoutError : ConnectionError)(
              current.signal.aborted
                ? `Timed out (${budgetEnds ? `totalTimeout ${totalTimeout}` : `timeout ${timeout}`} ms): ${target()}`
                : `Connection failed: ${target()}`,
              { cause: redactError(raw, redact), outcome: failureOutcome(current.signal.aborted, raw) },
            );
      let response: Response | undefined;
      let raw: unknown;
      // Present only while the attempt is in flight: set beneath the middleware chain and removed
      // before any middleware's onResponse, so no middleware (or what it logs) ever holds the key.
      request.headers.set('Authorization', authorization);
      try {
        // The caller's Request travels as is: building another per attempt would cost more than openapi-fetch itself.
        response = await current.settle(fetch(request, { body, signal: current.signal }));
      } catch (thrown) {
        raw = thrown;
      } finally {
        request.headers.delete('Authorization');
      }
      const error = response ? undefined : failure(raw);
      const retry = response
        ? !response.ok && shouldRetryResponse(resendable(), response.status, response.headers)
        : !signal.aborted &&
          !(budgetEnds && current.signal.aborted) &&
          shouldRetryFailure(resendable(), current.signal.aborted, raw);
      const delay =
        retry && attempt < maxRetries ? Math.round(retryDelay(response?.headers, attempt, Math.random)) : -1;
      // No retry, or none that could start before the budget ends: this attempt's outcome is the call's.
      if (delay < 0 || Date.now() + delay >= deadline) {
        if (!response) {
          current.dispose();
          throw error;
        }
        if (!response.ok) metaByResponse.set(response, { method, url: redact(request.url) });
        return guardBody(response, current, failure, redact, prototype);
      }
      current.dispose();
      logger?.warn?.(
        `partnero: retrying ${target()} in ${delay} ms (${response?.status ?? (error as Error).name})`,
      );
      // Free the connection (an unread body holds the socket until garbage collection); not
      // awaited, since cancelling a tee'd or proxied body can wait on its other reader.
      response?.body?.cancel().catch(() => undefined);
      await sleep(delay, signal);
    }
  };
}
