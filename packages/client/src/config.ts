// Turns user options and environment variables into a validated configuration, before any request.
import { ConfigurationError } from './errors.js';
import { VERSION } from './version.js';

export const DEFAULT_BASE_URL = 'https://api.partnero.com/v1';

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

type ResolvedConfig = PartneroClientOptions &
  Required<PartneroRequestOptions> & {
    apiKey: ApiKey;
    baseUrl: string;
    fetch: (input: Request, init?: RequestInit) => Promise<Response>;
  };

const DEFAULTS: Required<PartneroRequestOptions> = {
  maxRetries: 2,
  timeout: 60_000,
  totalTimeout: 120_000,
};

// setTimeout fires at once for anything longer (about 24.8 days), which would end every call.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Throws a ConfigurationError naming the option (or variable) and what it must be, unless `valid`. */
export function check(name: string, value: unknown, valid: boolean, expected: string): void {
  if (!valid) throw new ConfigurationError(`Invalid ${name} ${String(value)}: expected ${expected}`);
}

/**
 * The request options with defaults applied, each checked: a NaN or negative timeout would end
 * every call at once, a fractional retry count would be silently rounded.
 */
export function resolveRequestOptions(
  options: PartneroRequestOptions,
  defaults: Required<PartneroRequestOptions> = DEFAULTS,
): Required<PartneroRequestOptions> {
  const resolved = { ...defaults };
  for (const name of ['maxRetries', 'timeout', 'totalTimeout'] as const) {
    const value = options[name] ?? defaults[name];
    if (name === 'maxRetries') check(name, value, Number.isInteger(value) && value >= 0, 'an integer >= 0');
    else
      check(
        name,
        value,
        typeof value === 'number' && value > 0 && value <= MAX_TIMER_MS,
        `ms > 0, <= ${MAX_TIMER_MS}`,
      );
    resolved[name] = value;
  }
  return resolved;
}

// Reads env without assuming Node: Deno, Bun and browsers may have no `process`.
function readEnv(name: string): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
}

// Deno 1.x has `window` and workers have `self`, but only pages have both `window` and `document`.
const inBrowser = () => 'window' in globalThis && 'document' in globalThis;

/**
 * The key, if present and made of printable ASCII without spaces (else it would corrupt the
 * header). Also checks what an `apiKey` function returns, before each attempt.
 */
export function checkApiKey(key: unknown): string {
  if (typeof key !== 'string' || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ConfigurationError(
      `${key ? 'Malformed' : 'Missing'} API key: set PARTNERO_API_KEY or pass apiKey`,
    );
  }
  return key;
}

function resolveApiKey(apiKey: ApiKey | undefined): ApiKey {
  return typeof apiKey === 'function' ? apiKey : checkApiKey(apiKey ?? readEnv('PARTNERO_API_KEY'));
}

const LEVELS = ['off', 'error', 'warn', 'info', 'debug'];

/** The logger's methods up to `level` (option, else PARTNERO_LOG, else warn); the rest absent. */
function resolveLogger(logger: Logger = console, level?: string): Logger {
  const value = level ?? readEnv('PARTNERO_LOG') ?? 'warn';
  const rank = LEVELS.indexOf(value);
  check('logLevel (or PARTNERO_LOG)', value, rank >= 0, LEVELS.join(' | '));
  return Object.fromEntries(
    LEVELS.slice(1, rank + 1).map((name) => [name, logger[name as keyof Logger]?.bind(logger)]),
  );
}

/** An absolute http(s) URL without a trailing slash; plain http only where the key stays local. */
function resolveBaseUrl(baseUrl: string | undefined, allowInsecureHttp = false): string {
  // Name where a bad value came from: an environment variable is easy to overlook.
  const source = baseUrl === undefined ? 'PARTNERO_BASE_URL' : 'baseUrl';
  const value = (baseUrl ?? readEnv(source) ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const url = URL.canParse(value) ? new URL(value) : undefined;
  check(source, value, !!url && /^https?:$/.test(url.protocol), 'an absolute http(s) URL');
  if (
    url?.protocol === 'http:' &&
    !allowInsecureHttp &&
    !/^(localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname)
  ) {
    throw new ConfigurationError(
      'Refusing to send the API key over http://: use https:// or allowInsecureHttp',
    );
  }
  return value;
}

export function resolveConfig(options: PartneroClientOptions = {}): ResolvedConfig {
  if (inBrowser() && !options.dangerouslyAllowBrowser) {
    throw new ConfigurationError(
      'The API key must stay on a server: call Partnero from your backend, or pass dangerouslyAllowBrowser: true',
    );
  }
  return {
    ...options,
    ...resolveRequestOptions(options),
    apiKey: resolveApiKey(options.apiKey),
    logger: resolveLogger(options.logger, options.logLevel),
    baseUrl: resolveBaseUrl(options.baseUrl, options.allowInsecureHttp),
    // Looked up per call so that test stubs and polyfills installed later still apply.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  };
}

/**
 * `{ 'User-Agent': 'partnero-ts/<version> <suffix>' }`, or nothing in browsers, which own that
 * header (Chrome drops it silently); elsewhere it helps Partnero support identify the SDK.
 */
export function userAgentHeader(suffix: string | undefined): Record<string, string> {
  return inBrowser() ? {} : { 'User-Agent': `partnero-ts/${VERSION} ${suffix ?? ''}`.trim() };
}
