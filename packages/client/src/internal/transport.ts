// The retrying fetch handed to openapi-fetch: retries live beneath the middleware chain, so user
// middleware sees one logical request and companions such as openapi-react-query keep working.
// This file is the attempt loop (key, timers, hooks, whether and when to send again); how the
// Response it settles on is read under its attempt, and redacted when it failed, is in answer.ts.
import { checkApiKey, resolveRequestOptions } from '../config.js';
import { ConnectionError, TimeoutError } from '../errors.js';
import type { ApiKey, AttemptEvent, AttemptHooks, Logger, PartneroRequestOptions } from '../options.js';
import { guardBody, guardedPrototype, redactedAnswer } from './answer.js';
import { sleep as defaultSleep, startAttempt } from './attempt.js';
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
  /** A function is read before every attempt; each key it returns is added to the redactor. */
  apiKey: ApiKey;
  /** The part of a request's URL before the path that the retry-safety table knows. */
  baseUrl: string;
  redact: Redactor;
  logger?: Logger | undefined;
  hooks?: AttemptHooks | undefined;
  /** Injectable so tests need not wait real seconds. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Operations not to resend although their method allows it (default: generated from the spec). */
  notIdempotent?: readonly string[];
}

interface RequestMeta {
  method: string;
  url: string;
  attempts?: number;
}

// `unwrap` builds errors from an openapi-fetch result, whose Response knows its URL but not the
// request method. The transport records both for each failed answer it returns; a WeakMap (not a
// middleware) keeps openapi-fetch on its no-middleware fast path.
const metaByResponse = new WeakMap<Response, RequestMeta>();

/** The method, URL and attempts behind a Response (UNKNOWN when a middleware replaced the Response). */
export function requestMeta(response: Response): RequestMeta {
  return metaByResponse.get(response) ?? { method: 'UNKNOWN', url: response.url };
}

/**
 * The path (query included) of `url` below `base`, both as the URL parser serializes them, so that
 * every spelling of one base URL (`:443`, `API.partnero.com`, `/./v1`, `127.1`) finds the same
 * operation. `base` is a parsed base URL's href without its trailing slash; `url` a Request's URL
 * (parsed by the Request). Undefined for a URL outside the base URL (a middleware may point a
 * request elsewhere).
 */
export function relativePath(base: string, url: string): string | undefined {
  const rest = url.slice(base.length);
  return url.startsWith(base) && /^([/?#]|$)/.test(rest) ? rest : undefined;
}

export function createRetryingFetch(options: TransportOptions): (request: Request) => Promise<Response> {
  const { fetch, apiKey, redact, logger, hooks, sleep = defaultSleep, notIdempotent } = options;
  const defaults = resolveRequestOptions(options);
  const base = new URL(options.baseUrl).href.replace(/\/$/, '');
  const prototype = guardedPrototype();
  // Per attempt only when someone watches: a call without hooks or debug logging pays one check.
  const debug = logger?.debug;
  const watch =
    hooks || debug
      ? (hook: keyof AttemptHooks, event: AttemptEvent) => {
          // A hook that throws must not fail (or retry) the call: the sale it watched may have been made.
          try {
            (hooks?.[hook] as ((event: AttemptEvent) => void) | undefined)?.(event);
          } catch {}
        }
      : undefined;
  // A rotating key: read, checked and made redactable before every attempt.
  const readKey =
    typeof apiKey === 'function' &&
    (async () => {
      const key = checkApiKey(await apiKey());
      redact.add(key);
      return key;
    });

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
    // A URL outside baseUrl matches no operation and falls back to the method rule.
    const resendable = () => isIdempotent(method, relativePath(base, request.url) ?? '', notIdempotent);

    // A 401 answered to a key the function has since replaced is sent once more, with the new key.
    let rekeyed = false;
    for (let attempt = 1; ; attempt++) {
      const key = readKey ? await readKey() : (apiKey as string);
      // `operationId` is filled in by attemptHooks (`@partnero-ts/client/hooks`), which has the table.
      let event: AttemptEvent | undefined = watch && { method, url: redact(request.url), attempt };
      watch?.('onRequest', event as AttemptEvent);
      const started = watch && Date.now();
      // The per-attempt timer also enforces the whole call's budget: one timer, not two.
      const remaining = deadline - Date.now();
      const budgetEnds = remaining <= timeout;
      const current = startAttempt(signal, budgetEnds ? remaining : timeout);
      // The caller's own abort is theirs to handle: the platform's AbortError passes untouched.
      const failure = (raw: unknown): unknown =>
        signal.aborted
          ? raw
          : Object.assign(
              new (current.signal.aborted ? TimeoutError : ConnectionError)(
                current.signal.aborted
                  ? `Timed out (${budgetEnds ? `totalTimeout ${totalTimeout}` : `timeout ${timeout}`} ms): ${target()}`
                  : `Connection failed: ${target()}`,
                { cause: redactError(raw, redact) },
              ),
              { attempts: attempt, outcome: failureOutcome(current.signal.aborted, raw) },
            );
      // The key goes only on a copy of the headers, in this attempt's init: the caller's Request
      // (which a middleware may keep and print) never holds it.
      const headers = new Headers(request.headers);
      headers.set('Authorization', `Bearer ${key}`);
      let response: Response | undefined;
      let raw: unknown;
      try {
        // The caller's Request travels as is: building another per attempt would cost more than openapi-fetch itself.
        response = await current.settle(fetch(request, { body, headers, signal: current.signal }));
      } catch (thrown) {
        raw = thrown;
      }
      const error = response ? undefined : failure(raw);
      const result = response?.status ?? (error as Error).name;
      if (watch) {
        event = {
          ...(event as AttemptEvent),
          ms: Date.now() - (started as number),
          status: response?.status,
          error,
        };
        watch(response ? 'onResponse' : 'onError', event);
        debug?.(`partnero: ${method} ${event.url} ${result} ${event.ms} ms (attempt ${attempt})`);
      }
      // A 401 means the server did not act, so resending it is safe for every operation.
      const rekey: boolean = response?.status === 401 && !rekeyed && !!readKey && (await readKey()) !== key;
      rekeyed ||= rekey;
      const retry = response
        ? !response.ok && shouldRetryResponse(resendable(), response.status, response.headers)
        : !signal.aborted &&
          !(budgetEnds && current.signal.aborted) &&
          shouldRetryFailure(resendable(), current.signal.aborted, raw);
      const delay = rekey
        ? 0
        : retry && attempt <= maxRetries + +rekeyed
          ? Math.round(retryDelay(response?.headers, attempt - 1, Math.random))
          : -1;
      // No retry, or none that could start before the budget ends: this attempt's outcome is the call's.
      if (delay < 0 || Date.now() + delay >= deadline) {
        if (!response) {
          current.dispose();
          throw error;
        }
        const guard = { attempt: current, failure };
        if (response.ok) return guardBody(response, guard, method, prototype);
        const answer = await redactedAnswer(response, guard, method, prototype, redact);
        metaByResponse.set(answer, { method, url: redact(request.url), attempts: attempt });
        return answer;
      }
      current.dispose();
      watch?.('onRetry', { ...(event as AttemptEvent), delay });
      logger?.warn?.(`partnero: retrying ${target()} in ${delay} ms (${result})`);
      // Free the connection (an unread body holds the socket until garbage collection); not
      // awaited, since cancelling a tee'd or proxied body can wait on its other reader.
      response?.body?.cancel().catch(() => undefined);
      await sleep(delay, signal);
    }
  };
}
