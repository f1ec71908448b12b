// Turns user options and environment variables into a validated configuration, before any request.
import { ConfigurationError } from './errors.js';
import type { ApiKey, Logger, PartneroClientOptions, PartneroRequestOptions } from './options.js';
import { VERSION } from './version.js';

export const DEFAULT_BASE_URL = 'https://api.partnero.com/v1';

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
