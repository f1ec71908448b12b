#!/usr/bin/env node
// Enforces the bundle budget: dist/index.js (the main entry) plus openapi-fetch, bundled the way a
// browser or edge user's bundler would (esbuild, ESM, neutral platform, minified, gzip level 9).
// Fails when either size exceeds its budget. With --json it prints every measured size, openapi-fetch
// alone included, and never fails: the benchmarks report those numbers.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// Raised three times: from 12,288 / 5,120 for the spec-driven retry safety, browser guard, body-covering
// timeouts and bounded pagination of issue 12 (measured 14,401 / 6,111 B then), and by the measured
// +1,378 / +547 B for the promises of issue 24 (retry safety on any spelling of the base URL,
// `attempts` on errors, the key redacted in every spelling and from failed answers' headers, streamed
// bodies that end their attempt; measured 15,779 / 6,658 B), and to the measured 16,890 / 7,163 B for
// issue 25 (`outcome` on transport errors, `logLevel`, attempt hooks, `apiKey` as a function; +664 /
// +476 B; createOnce and the hooks' operation table have their own entries). See BENCHMARKS.md. The
// ceiling is 18 KiB / 7 KiB.
const BUDGET = { minified: 16_890, gzipped: 7_163 };
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

/** Bundles `contents` (an ES module resolved from dist/) and returns its sizes in bytes. */
async function bundleSize(contents) {
  const result = await build({
    stdin: { contents, resolveDir: dist, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

// Every export kept, as a bundler must when it cannot see which ones the application uses.
const sizes = await bundleSize("export * from './index.js';");
const webhooks = await bundleSize("export * from './webhooks/index.js';");
const createOnce = await bundleSize("export * from './create-once.js';");
const hooks = await bundleSize("export * from './hooks.js';");

if (process.argv.includes('--json')) {
  const openapiFetch = await bundleSize(
    "export * from 'openapi-fetch'; export { default } from 'openapi-fetch';",
  );
  console.log(
    JSON.stringify({
      index: sizes,
      webhooks,
      'create-once': createOnce,
      hooks,
      'openapi-fetch': openapiFetch,
      budget: BUDGET,
    }),
  );
  process.exit(0);
}

for (const [name, size] of Object.entries({ webhooks, 'create-once': createOnce, hooks })) {
  console.log(`${name} entry (no budget): ${size.minified} B minified, ${size.gzipped} B gzipped`);
}
let over = false;
for (const [name, bytes] of Object.entries(sizes)) {
  const budget = BUDGET[name];
  const ok = bytes <= budget;
  over ||= !ok;
  console.log(
    `${name.padEnd(9)} ${String(bytes).padStart(6)} B  (budget ${budget} B) ${ok ? 'ok' : 'OVER BUDGET'}`,
  );
}
if (over) process.exit(1);
