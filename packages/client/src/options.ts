// The client's options as its users write them: types only, so reading them needs no code. The
// checks and defaults that turn them into a configuration are in config.ts.
/** Any subset of console's levels; the client only ever passes it redacted strings. */
export interface Logger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
}

/** How much the client logs: each level includes the ones before it. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** What a hook learns about one attempt. Never the key: `url` is redacted, `error` a redacted copy. */
export interface AttemptEvent {
  /** The spec's operationId: set when the hooks come from `attemptHooks` (`@partnero-ts/client/hooks`). */
  operationId?: string | undefined;
  method: string;
  /** The request URL, redacted. */
  url: string;
  /** 1 for the first send of the call, 2 for the first retry, ... */
  attempt: number;
  /** Milliseconds from sending this attempt to its answer's headers or its failure (not in onRequest). */
  ms?: number;
  /** The answer's status (onResponse; onRetry after an answer). */
  status?: number;
  /** The wait before the next attempt, in ms (onRetry only). */
  delay?: number;
  /** Why the attempt got no answer: a ConnectionError, TimeoutError or the caller's AbortError (onError; onRetry after a failure). */
  error?: unknown;
}

/**
 * Called beneath the middleware chain, once per attempt, so retries are visible. A hook that throws
 * is reported to the logger's `error` and otherwise ignored: watching must not change the call.
 */
export interface AttemptHooks {
  onRequest?(event: AttemptEvent): void;
  onResponse?(event: AttemptEvent): void;
  /** After onResponse or onError, when the client will send again after `delay` ms. */
  onRetry?(event: AttemptEvent): void;
  onError?(event: AttemptEvent): void;
}

/** A key, or a function read before every attempt (so a rotated key is picked up without a restart). */
export type ApiKey = string | (() => string | Promise<string>);

/** Overrides of the client's retry and timeout settings for one call. */
export interface PartneroRequestOptions {
  /** Retries after the first attempt (default: the client's `maxRetries`). */
  maxRetries?: number | undefined;
  /** Milliseconds per attempt, body included (default: the client's `timeout`). */
  timeout?: number | undefined;
  /** Milliseconds for the whole call, retries and backoff included (default: the client's `totalTimeout`). */
  totalTimeout?: number | undefined;
}

// Per-request overrides travel as a `partnero` field of the fetch init. openapi-fetch 0.17 copies
// init fields the Request does not know onto the Request it hands to fetch (see its coreFetch), so
// the transport reads them without a header reaching the network.
declare global {
  // Typed like Next.js's `next` field: `partnero.GET('/partners', { partnero: { timeout: 5_000 } })`.
  interface RequestInit {
    /** @partnero-ts/client per-request options; ignored by fetch itself. */
    partnero?: PartneroRequestOptions | undefined;
  }
}

export interface PartneroClientOptions extends PartneroRequestOptions {
  /**
   * The program's API key, or a function returning it, read before every attempt (rotated keys are
   * picked up without a restart). Defaults to the `PARTNERO_API_KEY` environment variable.
   */
  apiKey?: ApiKey | undefined;
  /** Defaults to `PARTNERO_BASE_URL`, else `https://api.partnero.com/v1`. */
  baseUrl?: string | undefined;
  /** A fetch implementation to use instead of the global one; called as `fetch(request, init)`. */
  fetch?: ((input: Request, init?: RequestInit) => Promise<Response>) | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Appended to `User-Agent: partnero-ts/<version>`, e.g. `my-app/1.2`. */
  userAgent?: string | undefined;
  /** Where log lines go (default `console`); never the key. */
  logger?: Logger | undefined;
  /**
   * Default `PARTNERO_LOG`, else `warn`: a line per retry. `debug` adds a line per attempt (method,
   * URL, status, time, attempt); `off` silences the client.
   */
  logLevel?: LogLevel | undefined;
  /** Called on every attempt (see AttemptHooks); `attemptHooks` from `@partnero-ts/client/hooks` adds operation ids. */
  hooks?: AttemptHooks | undefined;
  /** Allow `http://` to hosts other than localhost, sending the key in clear text. */
  allowInsecureHttp?: boolean | undefined;
  /**
   * Allow running in a browser, where anyone who opens the page can read the API key. Partnero's
   * keys belong on a server: call your own backend from the browser instead.
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}
