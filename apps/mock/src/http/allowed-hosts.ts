import { problem, type Reply } from '../answer.js';

/**
 * DNS rebinding: a page on `http://evil.example:4010` whose name the attacker re-points at
 * 127.0.0.1 is same-origin with itself, so the Origin guard of the mock's own routes sees
 * nothing foreign, and the page reads every key's ledger or resets the mock. What it cannot
 * change is the `Host` its browser sends (`evil.example:4010`), so the server answers only the
 * names it is reached by on purpose, as Vite's `server.allowedHosts` and webpack-dev-server's
 * `allowedHosts` do: loopback names and addresses, the `--host` it binds, and `--allowed-host`.
 */
export type HostCheck = (host: string | undefined) => Reply | undefined;

/** The hostname of a Host header or an option, as the URL parser normalizes it (`127.1` -> `127.0.0.1`), or undefined. */
function hostnameOf(value: string): string | undefined {
  try {
    const { hostname, username, password, pathname, search } = new URL(`http://${value}`);
    if (username || password || pathname !== '/' || search) return undefined;
    return hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** Names and addresses that never leave the machine: a rebinding page cannot send them as its Host. */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) ||
    name === '[::1]' ||
    name === '::1' ||
    // IPv4-mapped 127.0.0.0/8, as the URL parser writes it ([::ffff:7f00:1]).
    /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(name)
  );
}

/**
 * The check for a server bound to `bindHost` that also answers `allowed` (hostnames, any port;
 * a leading dot allows a domain and its subdomains). A request without Host (HTTP/1.0) is no
 * browser's and passes.
 */
export function createHostCheck(bindHost: string, allowed: readonly string[] = []): HostCheck {
  const names = new Set<string>();
  const domains: string[] = [];
  for (const value of [bindHost, ...allowed]) {
    const trimmed = value.trim().toLowerCase();
    if (trimmed.startsWith('.')) {
      domains.push(trimmed.replace(/\.$/, ''));
      continue;
    }
    // `--host ::1` is written without brackets; the Host header carries them.
    const name = hostnameOf(trimmed.includes(':') && !trimmed.startsWith('[') ? `[${trimmed}]` : trimmed);
    if (name !== undefined) names.add(name);
  }
  return (host) => {
    if (host === undefined) return undefined;
    const name = hostnameOf(host);
    if (
      name !== undefined &&
      (isLoopbackHostname(name) ||
        names.has(name) ||
        domains.some((domain) => name === domain.slice(1) || name.endsWith(domain)))
    ) {
      return undefined;
    }
    const shown = host.slice(0, 100);
    const suggestion = name ?? 'the.name';
    return problem(
      403,
      'Forbidden',
      `The mock answers only loopback names, its --host and allowed hosts, not Host "${shown}" (a web page could reach it through DNS rebinding). If you call it by that name on purpose, start it with --allowed-host ${suggestion} (startMock({ allowedHosts: ['${suggestion}'] })).`,
    );
  };
}
