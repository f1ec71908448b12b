// Preloaded by `pnpm test:node-lines` into every process an MSW suite starts (`--import` in
// NODE_OPTIONS, which children inherit): appends `<version> <folder>` to $PARTNERO_MSW_PROBE for
// each msw package code outside it imports. Which msw a suite ran is then what Node loaded, not
// what a lockfile or a symlink suggests: a test that silently fell back to another msw shows up
// here. msw running its own scripts is not counted: npm runs msw 2's postinstall wherever it
// installs a copy, such as the one nested under vitest 4 (whose peer is msw 2) beside msw 3.
import { appendFileSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { isMainThread } from 'node:worker_threads';

const out = process.env.PARTNERO_MSW_PROBE;
// The package folder of a file URL inside an installed msw, however the manager laid it out
// (npm's node_modules/msw, pnpm's node_modules/.pnpm/msw@x/node_modules/msw).
const INSIDE_MSW = /^(file:.*\/node_modules\/msw)\//;
const recorded = new Set();

function record(url, importer) {
  const folder = INSIDE_MSW.exec(url)?.[1];
  if (!out || !folder || recorded.has(folder)) return;
  if (importer === undefined || importer.startsWith(`${folder}/`)) return;
  recorded.add(folder);
  const { version } = JSON.parse(readFileSync(new URL(`${folder}/package.json`), 'utf8'));
  appendFileSync(out, `${version} ${new URL(folder).pathname}\n`);
}

/** The hook `module.register` runs (off-thread, ESM only): Node 20, which lacks registerHooks. */
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  record(result.url, context.parentURL);
  return result;
}

if (out && typeof module.registerHooks === 'function') {
  // Node 22.15+: in-thread hooks that see require() too.
  module.registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      record(result.url, context.parentURL);
      return result;
    },
  });
} else if (out && isMainThread) {
  // Also evaluated on the hooks thread itself, where it must not register again.
  module.register(import.meta.url);
}
