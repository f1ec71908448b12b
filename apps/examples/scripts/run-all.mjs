#!/usr/bin/env node
// Runs every example against a fresh mock, each with its own API key (the mock keeps state per
// key), and checks what each prints, so the examples in the READMEs can never silently rot. An
// example with no pattern must still run to completion.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startMock } from '@partnero-ts/mock';

const run = promisify(execFile);
const EXPECTED = {
  'track-sale': [/customer created:/, /transaction recorded: order_1001 99\.99/],
  'list-partners': [/partners: [1-9]\d*/],
  'handle-errors': [/invalid key: 401/, /forbidden key: 403/, /rate limited: 429, retry after \d+ ms/],
  'webhook-handler': [/verified event: partner\.created from webhook wh_\w+/, /forged delivery: 401/],
  'react-query': [/partners on the first page: [1-9]/, /served from cache: true/],
  'infinite-query': [/pages: 3, customers: 3/],
  'configure-client': [/@example\.com/],
  'typed-errors': [/no such partner/, /^[1-9]\d*$/m],
  pagination: [/^partner_\w+ \S+@\S+$/m, /^1 [1-9]\d*$/m, /^[1-9]\d*$/m],
  'retries-and-timeouts': [],
  logging: [],
  middleware: [],
  'verify-webhooks': [],
  // Its key makes the mock drop the first answer after committing: the output shows the lookup.
  'create-once': [/send 1: ConnectionError, outcome unknown/, /transaction recorded once: order_2042 49\.5/],
  // Its key makes the mock answer 503 first: two spans, the first with its retry.
  tracing: [
    /span listPartners attempt=1 status=503 error \d+ ms retry in \d+ ms/,
    /span listPartners attempt=2 status=200 ok/,
    /partners: [1-9]/,
  ],
  // Receivers that only export a handler: they must load (webhook-receivers.test.ts grades them).
  'webhook-route': [],
  'express-webhooks': [],
};

// Examples whose API key scripts a fault (a scenario key, apps/mock/README.md).
const KEYS = {
  'create-once': 'scenario_drop-after-commit.example_create-once',
  tracing: 'scenario_503.example_tracing',
};

// Extra runs: [name, extra env, patterns that must appear, text that must not].
const VARIANTS = [
  // `PARTNERO_LOG=debug pnpm example track-sale`: one line per attempt, never the key.
  [
    'track-sale',
    { PARTNERO_LOG: 'debug', PARTNERO_API_KEY: 'example_debug_secret_key' },
    [
      /partnero: POST http:\/\/\S+\/v1\/customers 200 \d+ ms \(attempt 1\)/,
      /partnero: POST http:\/\/\S+\/v1\/transactions 200 \d+ ms \(attempt 1\)/,
    ],
    'example_debug_secret_key',
  ],
];

const mock = await startMock({ port: 0 });
let failed = 0;
const built = readdirSync(fileURLToPath(new URL('../dist/', import.meta.url))).map((f) =>
  f.replace(/\.js$/, ''),
);
const unchecked = built.filter((name) => !Object.hasOwn(EXPECTED, name));
if (unchecked.length > 0) {
  console.error(`✗ no expectations for ${unchecked.join(', ')}: add them to EXPECTED in scripts/run-all.mjs`);
  failed += unchecked.length;
}
try {
  for (const [name, patterns] of Object.entries(EXPECTED)) {
    const file = fileURLToPath(new URL(`../dist/${name}.js`, import.meta.url));
    const env = {
      ...process.env,
      PARTNERO_API_KEY: KEYS[name] ?? `example_${name}`,
      PARTNERO_BASE_URL: `${mock.url}/v1`,
      PARTNERO_WEBHOOK_SECRET: 'whsec_example',
    };
    try {
      // A hang guard, not a speed check: an example that passes in 1 s idle can take 30 s on a busy machine.
      const { stdout } = await run(process.execPath, [file], { env, timeout: 280_000 });
      const missing = patterns.filter((pattern) => !pattern.test(stdout));
      if (missing.length) throw new Error(`output lacks ${missing.join(', ')}:\n${stdout}`);
      console.log(`✓ ${name}`);
    } catch (error) {
      failed += 1;
      console.error(`✗ ${name}: ${error instanceof Error ? error.message : error}`);
    }
  }
  for (const [name, extra, patterns, secret] of VARIANTS) {
    const file = fileURLToPath(new URL(`../dist/${name}.js`, import.meta.url));
    const env = { ...process.env, PARTNERO_BASE_URL: `${mock.url}/v1`, ...extra };
    const label = `${name} with ${Object.keys(extra).join(', ')}`;
    try {
      const { stdout, stderr } = await run(process.execPath, [file], { env, timeout: 30_000 });
      const output = stdout + stderr;
      const missing = patterns.filter((pattern) => !pattern.test(output));
      if (missing.length) throw new Error(`output lacks ${missing.join(', ')}:\n${output}`);
      if (output.includes(secret)) throw new Error(`output shows the API key:\n${output}`);
      console.log(`✓ ${label}`);
    } catch (error) {
      failed += 1;
      console.error(`✗ ${label}: ${error instanceof Error ? error.message : error}`);
    }
  }
} finally {
  await mock.close();
}
const total = Object.keys(EXPECTED).length + VARIANTS.length;
console.log(`${total - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
