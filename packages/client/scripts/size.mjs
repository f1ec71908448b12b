#!/usr/bin/env node
// Enforces the bundle budget: dist/index.js (the main entry) plus openapi-fetch, minified for a neutral platform,
// is what a browser or edge user ships. Fails when either size exceeds its budget.
import { fileURLToPath } from 'node:url';
import { BUDGET, bundleSize } from './bundle-size.mjs';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
// Every export kept, as a bundler must when it cannot see which ones the application uses.
const bundle = (entry) => bundleSize(`export * from './${entry}';`, dist);

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
