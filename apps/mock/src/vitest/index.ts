/**
 * Helpers for a vitest suite that tests code calling Partnero against this mock. Importing this
 * module also declares `partneroBaseUrl` in vitest's `ProvidedContext`, so `inject('partneroBaseUrl')`
 * is typed `string` without adding the global-setup file to the tsconfig `include`.
 *
 * vitest is an optional peer dependency: only this module and `./global-setup` load it.
 */
import { randomUUID } from 'node:crypto';
import { expect, inject } from 'vitest';
import './provided-context.js';

// One run of a test file is one module instance: the nonce keeps its keys apart from every other
// file, worker and earlier watch-mode run that talks to the same long-lived mock.
const nonce = randomUUID().slice(0, 8);
let count = 0;

/**
 * A fresh API key on every call: the mock keeps state per key, so a test that uses its own key
 * never sees another test's writes and needs no reset, whatever order or concurrency the tests
 * run in. The key reads as the current test's name (for the mock's log and ledger). `prefix`
 * picks a behaviour: `testKey('scenario_429x1.')` is a key that answers 429 once,
 * `testKey('invalid_')` one the mock refuses with 401, `testKey('forbidden_')` with 403.
 */
export function testKey(prefix = 'test_'): string {
  // vitest names a test "describe > ... > test"; its own name is the part that tells tests apart.
  const name = expect.getState().currentTestName?.split(' > ').pop() ?? '';
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-|-$/g, '');
  count += 1;
  return `${prefix}${slug ? `${slug}-` : ''}${nonce}-${count}`;
}

/**
 * The running mock's `/v1` base URL, for the client's `baseUrl`. Throws an error naming the fix
 * when the global setup is not configured, instead of a client that quietly calls production.
 */
export function partneroBaseUrl(): string {
  const url = inject('partneroBaseUrl');
  if (typeof url !== 'string') {
    throw new Error(
      "partneroBaseUrl: no mock was started for this run; add '@partnero-ts/mock/vitest/global-setup' to test.globalSetup in your vitest config",
    );
  }
  return url;
}
