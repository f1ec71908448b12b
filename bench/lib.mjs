// Shared helpers for the benchmarks: statistics, child processes that are always cleaned up,
// readiness polling and Markdown tables.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The repository root, where BENCHMARKS.md and the README's table are written. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PRISM_CLI = require.resolve('@stoplight/prism-cli');

// The mock's `partnero-mock` bin, as its manifest names it (the mock's exports do not list the CLI).
const mockDir = fileURLToPath(new URL('node_modules/@partnero-ts/mock/', import.meta.url));
export const MOCK_CLI = join(
  mockDir,
  JSON.parse(readFileSync(join(mockDir, 'package.json'), 'utf8')).bin['partnero-mock'],
);

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` `rounds` times for each variant, alternating the order each round (ABBA) so drift and noise hit all. */
export async function alternate(rounds, variants, fn) {
  const results = Object.fromEntries(variants.map((v) => [v, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...variants].reverse() : variants;
    for (const variant of order) results[variant].push(await fn(variant, round));
  }
  return results;
}

/** Median over rounds of ours[i] / baseline[i]: each ratio pairs runs made moments apart, so load cancels. */
export function pairedRatio(baseline, ours) {
  return median(ours.map((value, i) => value / baseline[i]));
}

// Every child we start, so that run.mjs can kill them all at the end, also on failure.
const children = new Set();

/** Spawns `node ...args`; resolves when a stdout line matches `ready` (or at once without one). */
export function spawnNode(args, { ready, timeoutMs = 30_000, env } = {}) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  if (!ready) {
    child.stdout.resume();
    return Promise.resolve({ child, line: '' });
  }
  return new Promise((resolve, reject) => {
    let buffered = '';
    const fail = (why) => {
      clearTimeout(timer);
      kill(child);
      reject(new Error(`${args.join(' ')}: ${why}\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs);
    child.once('exit', (code) => fail(`exited with code ${code} before it was ready`));
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const line = buffered.split('\n').find((l) => ready.test(l));
      if (line === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.on('exit', () => children.delete(child));
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve({ child, line });
    });
  });
}

export function kill(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function killAll() {
  await Promise.all([...children].map(kill));
}

// Last resort if the bench process dies without reaching its finally block (Ctrl-C, kill).
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

/** Asks the OS for a free loopback port (for servers that cannot take --port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` every `intervalMs` until it answers 2xx; resolves with performance.now() at that moment. */
export async function waitForOk(url, init, { intervalMs = 20, timeoutMs = 30_000 } = {}) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      const res = await fetch(url, init);
      await res.arrayBuffer();
      if (res.ok) return performance.now();
    } catch {
      // Not listening yet.
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer 2xx within ${timeoutMs} ms`);
}

export function table(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const ratio = (n) => `${n.toFixed(2)}x`;
