// Turns user options and environment variables into a validated configuration, before any request.
import { ConfigurationError } from './errors.js';

export const DEFAULT_BASE_URL = 'https://api.partnero.com/v1';
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT = 60_000;

/** Any subset of console's levels; the client only ever passes it redacted strings. */
export interface Logger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
}

export interface PartneroClientOptions {
  /** The program's API key. Defaults to the `PARTNERO_API_KEY` environment variable. */
  apiKey?: string | undefined;
  /** Defaults to `PARTNERO_BASE_URL`, else `https://api.partnero.com/v1`. */
  baseUrl?: string | undefined;
  /** Retries after the first attempt for transient failures (default 2). */
  maxRetries?: number | undefined;
  /** Milliseconds per attempt until the response headers arrive (default 60 000). */
  timeout?: number | undefined;
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
}

export type ResolvedConfig = PartneroClientOptions & {
  apiKey: string;
  baseUrl: string;
  maxRetries: number;
  timeout: number;
  fetch: (input: Request, init?: RequestInit) => Promise<Response>;
};

// Reads env without assuming Node: Deno, Bun and browsers may have no `process`.
function readEnv(name: string): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
}

/** The key, if present and made of printable ASCII without spaces (else it would corrupt the header). */
export function resolveApiKey(apiKey: string | undefined): string {
  const key = apiKey ?? readEnv('PARTNERO_API_KEY');
  if (!key || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ConfigurationError(
      `${key ? 'Malformed' : 'Missing'} API key: set PARTNERO_API_KEY or pass apiKey`,
    );
  }
  return key;
}

/** An absolute http(s) URL without a trailing slash; plain http only where the key stays local. */
export function resolveBaseUrl(baseUrl: string | undefined, allowInsecureHttp = false): string {
  const value = (baseUrl ?? readEnv('PARTNERO_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !/^https?:$/.test(url.protocol)) throw new ConfigurationError(`Invalid baseUrl ${value}`);
  if (
    url.protocol === 'http:' &&
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
  return {
    ...options,
    apiKey: resolveApiKey(options.apiKey),
    baseUrl: resolveBaseUrl(options.baseUrl, options.allowInsecureHttp),
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    timeout: options.timeout ?? DEFAULT_TIMEOUT,
    // Looked up per call so that test stubs and polyfills installed later still apply.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  };
}
