// Preloaded by `pnpm test:node-lines` into every process a suite that depends on an optional peer
// starts (`--import` in NODE_OPTIONS, which children inherit): appends `<name> <version> <folder>`
// to $PARTNERO_PEER_PROBE for each msw or vitest package code outside it imports. Which peer a
// suite ran is then what Node loaded, not what a lockfile or a symlink suggests: a test that
// silently fell back to another msw or vitest shows up here. A package running its own scripts is
// not counted: npm runs msw 2's postinstall wherever it installs a copy, such as the one nested
// under vitest 4 (whose peer is msw 2) beside msw 3, and vitest's bin imports itself.
import { appendFileSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { isMainThread } from 'node:worker_threads';

const out = process.env.PARTNERO_PEER_PROBE;
// The package folder of a file URL inside an installed msw or vitest, however the manager laid it
// out (npm's node_modules/msw, pnpm's node_modules/.pnpm/msw@x/node_modules/msw).
const INSIDE_PEER = /^(file:.*\/node_modules\/(msw|vitest))\//;
const recorded = new Set();

function record(url, importer) {
  const [, folder, name] = INSIDE_PEER.exec(url) ?? [];
  if (!out || !folder || recorded.has(folder)) return;
  if (importer === undefined || importer.startsWith(`${folder}/`)) return;
  recorded.add(folder);
  const { version } = JSON.parse(readFileSync(new URL(`${folder}/package.json`), 'utf8'));
  appendFileSync(out, `${name} ${version} ${new URL(folder).pathname}\n`);
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
