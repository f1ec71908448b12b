#!/usr/bin/env node
// Enforces the bundle budget: dist/index.js (the main entry) plus openapi-fetch, minified for a neutral platform,
// is what a browser or edge user ships. Fails when either size exceeds its budget.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET = { minified: 12 * 1024, gzipped: 5 * 1024 };

async function bundle(entry) {
  const result = await build({
    entryPoints: [new URL(`../dist/${entry}`, import.meta.url).pathname],
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

const webhooks = await bundle('webhooks.js');
console.log(`webhooks entry (no budget): ${webhooks.minified} B minified, ${webhooks.gzipped} B gzipped`);

const sizes = await bundle('index.js');

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
