#!/usr/bin/env node
// `pnpm example <name> [--live]`: runs one built example against the mock started with `pnpm mock`.
// Examples write (they create partners, record sales), so a non-local PARTNERO_BASE_URL left in
// the shell is refused unless --live says that is meant.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const MOCK_BASE_URL = 'http://127.0.0.1:4010/v1';
const PRODUCTION_BASE_URL = 'https://api.partnero.com/v1';
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

const args = process.argv.slice(2);
const live = args.includes('--live');
const name = args.find((arg) => !arg.startsWith('--'));
const file = name && `${dist}${name}.js`;
if (!file || !existsSync(file)) {
  const names = existsSync(dist) ? readdirSync(dist).map((entry) => entry.replace(/\.js$/, '')) : [];
  fail(2, `usage: pnpm example <${names.join('|')}> [--live]`);
}

const baseUrl = process.env.PARTNERO_BASE_URL || (live ? PRODUCTION_BASE_URL : MOCK_BASE_URL);
let target;
try {
  target = new URL(baseUrl);
} catch {
  fail(2, `PARTNERO_BASE_URL "${baseUrl}" is not a URL; unset it to use the mock at ${MOCK_BASE_URL}`);
}
const local = isLocal(target.hostname);
if (!local && !live) {
  fail(
    2,
    `PARTNERO_BASE_URL points at ${target.origin}, not this machine: examples write data there; pass --live to run against it, or unset PARTNERO_BASE_URL to use the mock`,
  );
}
if (!(await reachable(target))) {
  fail(
    1,
    local
      ? `nothing answers at ${target.origin}: start the mock with \`pnpm mock\` in another terminal`
      : `nothing answers at ${target.origin}: check PARTNERO_BASE_URL and your connection`,
  );
}

// Any key works on the mock; against a real program the example needs yours.
const env = { ...process.env, PARTNERO_BASE_URL: baseUrl };
if (!env.PARTNERO_API_KEY) {
  if (live) fail(2, 'set PARTNERO_API_KEY to the API key of the program to run against');
  env.PARTNERO_API_KEY = 'test_key';
}
process.exitCode = spawnSync(process.execPath, [file], { env, stdio: 'inherit' }).status ?? 1;

function fail(code, line) {
  console.error(`pnpm example: ${line}`);
  process.exit(code);
}

/** The hosts the client also treats as this machine (where plain http is allowed). */
function isLocal(hostname) {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/** Whether a TCP connection to the URL's host and port opens: refused or unresolvable is `false`. */
function reachable(url) {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    // Not a latency bound: a host that swallows packets would otherwise hang the command.
    socket.setTimeout(10_000, () => socket.destroy(new Error('timeout')));
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
