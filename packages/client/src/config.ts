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
  /** The program's API key. Defaults to the `PARTNERO_API_KEY` environment variable. */
  apiKey?: string | undefined;
  /** Defaults to `PARTNERO_BASE_URL`, else `https://api.partnero.com/v1`. */
  baseUrl?: string | undefined;
  /** A fetch implementation to use instead of the global one; called as `fetch(request, init)`. */
  fetch?: ((input: Request, init?: RequestInit) => Promise<Response>) | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Appended to `User-Agent: partnero-ts/<version>`, e.g. `my-app/1.2`. */
  userAgent?: string | undefined;
  /** Receives a warning line per retry (method, URL, status, delay); never the key. */
  logger?: Logger | undefined;
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
    apiKey: string;
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

/** The key, if present and made of printable ASCII without spaces (else it would corrupt the header). */
function resolveApiKey(apiKey: string | undefined): string {
  const key = apiKey ?? readEnv('PARTNERO_API_KEY');
  if (!key || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ConfigurationError(
      `${key ? 'Malformed' : 'Missing'} API key: set PARTNERO_API_KEY or pass apiKey`,
    );
  }
  return key;
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
