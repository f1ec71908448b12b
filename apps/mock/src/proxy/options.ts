import { isLoopbackHostname } from '../http/allowed-hosts.js';

/**
 * The upstream a proxy forwards to, checked before anything loads: an absolute http(s) URL,
 * the API's base (`https://api.partnero.com/v1`), without query or fragment.
 */
export function parseUpstream(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.search ||
    url.hash
  ) {
    throw new Error(
      `invalid proxy upstream "${value.slice(0, 200)}": use the API's base URL, e.g. https://api.partnero.com/v1`,
    );
  }
  if (url.username || url.password) {
    throw new Error(
      "the proxy upstream must not carry credentials: the caller's Authorization header is passed on",
    );
  }
  // Every request carries the caller's key: plain http only where it never leaves the machine, as the client decides.
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    throw new Error(
      `the proxy upstream "${url.origin}" is plain http to another machine: every request's API key would cross the network unencrypted; use https://, or http:// only to localhost or 127.0.0.1`,
    );
  }
  return url;
}

/** What the mock does and the proxy does not: the upstream keeps state and decides faults and auth. */
const MOCK_ONLY = [
  'stateless',
  'faults',
  'state',
  'stateFile',
  'webhooks',
  'sleep',
  'random',
  'now',
] as const;

/** Refuses options that only the mock honours, rather than ignoring them silently. */
export function checkProxyOptions(options: Partial<Record<(typeof MOCK_ONLY)[number], unknown>>): void {
  const given = MOCK_ONLY.filter((name) => options[name] !== undefined && options[name] !== false);
  if (given.length > 0) {
    throw new Error(
      `${given.join(', ')} ${given.length === 1 ? 'does' : 'do'} not apply with proxy: the upstream answers every request (state, faults and the token contract are the mock's); drop ${given.length === 1 ? 'it' : 'them'} or the proxy option`,
    );
  }
}
