#!/usr/bin/env node
// Runs every example against a fresh mock and checks what each prints, so the examples in the
// README can never silently rot.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startMock } from '@partnero-ts/mock';

const run = promisify(execFile);
const EXPECTED = {
  'track-sale': [/customer created:/, /transaction recorded: order_1001 99\.99/],
  'list-partners': [/partners: [1-9]\d*/],
  'handle-errors': [/invalid key: 401/, /forbidden key: 403/, /rate limited: 429, retry after \d+ ms/],
  'webhook-handler': [/verified event: transaction\.created/, /genuine delivery: 200, forged delivery: 401/],
  'react-query': [/partners on the first page: [1-9]/, /served from cache: true/],
};

const mock = await startMock({ port: 0 });
let failed = 0;
try {
  for (const [name, patterns] of Object.entries(EXPECTED)) {
    const file = fileURLToPath(new URL(`../dist/${name}.js`, import.meta.url));
    const env = { ...process.env, PARTNERO_API_KEY: 'test_key', PARTNERO_BASE_URL: `${mock.url}/v1` };
    try {
      const { stdout } = await run(process.execPath, [file], { env, timeout: 30_000 });
      const missing = patterns.filter((pattern) => !pattern.test(stdout));
      if (missing.length) throw new Error(`output lacks ${missing.join(', ')}:\n${stdout}`);
      console.log(`✓ ${name}`);
    } catch (error) {
      failed += 1;
      console.error(`✗ ${name}: ${error instanceof Error ? error.message : error}`);
    }
  }
} finally {
  await mock.close();
}
const total = Object.keys(EXPECTED).length;
console.log(`${total - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
