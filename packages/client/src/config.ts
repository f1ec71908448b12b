import { ConfigurationError } from './errors.js';

export const DEFAULT_BASE_URL = 'https://api.partnero.com/v1';

export interface PartneroClientOptions {
  /** The program's API key. Defaults to the `PARTNERO_API_KEY` environment variable. */
  apiKey?: string | undefined;
  /** Defaults to `PARTNERO_BASE_URL`, else `https://api.partnero.com/v1`. */
  baseUrl?: string | undefined;
  /** A fetch implementation to use instead of the global one. */
  fetch?: typeof fetch | undefined;
}

export interface ResolvedConfig {
  apiKey: string;
  baseUrl: string;
  fetch: typeof fetch;
}

// Reads env without assuming Node: Deno, Bun and browsers may have no `process`.
function readEnv(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env?.[name];
}

// Printable ASCII without spaces: anything else would corrupt the Authorization header.
const API_KEY_SHAPE = /^[\x21-\x7e]+$/;

export function resolveApiKey(apiKey: string | undefined): string {
  const key = apiKey ?? readEnv('PARTNERO_API_KEY');
  if (key === undefined || key === '') {
    throw new ConfigurationError(
      'Missing Partnero API key: set PARTNERO_API_KEY or pass apiKey to createPartneroClient().',
    );
  }
  if (!API_KEY_SHAPE.test(key)) {
    throw new ConfigurationError(
      'Malformed Partnero API key (it contains whitespace or control characters): check PARTNERO_API_KEY or the apiKey option.',
    );
  }
  return key;
}

export function resolveConfig(options: PartneroClientOptions = {}): ResolvedConfig {
  return {
    apiKey: resolveApiKey(options.apiKey),
    baseUrl: (options.baseUrl ?? readEnv('PARTNERO_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
    // Looked up per call so that test stubs and polyfills installed later still apply.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  };
}
