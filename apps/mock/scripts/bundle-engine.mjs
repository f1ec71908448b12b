// After tsc: bundle the Prism modules the pipeline uses into dist/engine/engine.cjs (and Prism's
// spec reader into dist/engine/spec.cjs), so a process
// loads one file instead of resolving thousands of CommonJS modules (about 1 s per process), and
// write what the bundled spec determines (Prism's operation list) to dist/engine/operations.json,
// so a process need not dereference the spec again. src/4-prism/load.ts reads both.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const lazyFaker = here('lazy-faker.cjs');

// Every `@faker-js/faker` Prism requires becomes the lazy stand-in; the stand-in's own require
// stays external, resolved from this package's dependencies when a dynamic answer needs it.
const lazyFakerPlugin = {
  name: 'lazy-faker',
  setup(b) {
    b.onResolve({ filter: /^@faker-js\/faker$/ }, (args) =>
      args.importer === lazyFaker ? { path: args.path, external: true } : { path: lazyFaker },
    );
  },
};

// jsonc-parser's `main` is a UMD build whose inner require('./impl/format') esbuild cannot see;
// its ES module build bundles as any other.
const jsoncEsmPlugin = {
  name: 'jsonc-esm',
  setup(b) {
    b.onResolve({ filter: /^jsonc-parser$/ }, (args) =>
      b.resolve('jsonc-parser/lib/esm/main.js', { resolveDir: args.resolveDir, kind: args.kind }),
    );
  },
};

// uri-js (under Ajv) requires 'punycode', which platform 'node' leaves to Node's deprecated
// built-in (a DEP0040 warning on Node 22+ when run outside node_modules); it depends on the
// userland package of the same API, which `punycode/` names.
const userlandPunycodePlugin = {
  name: 'userland-punycode',
  setup(b) {
    b.onResolve({ filter: /^punycode$/ }, (args) =>
      b.resolve('punycode/', { resolveDir: args.resolveDir, kind: args.kind }),
    );
  },
};

const options = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  plugins: [lazyFakerPlugin, jsoncEsmPlugin, userlandPunycodePlugin],
  logLevel: 'warning',
  legalComments: 'eof',
  // Smaller to parse: each process compiles the bundle it loads.
  minify: true,
  keepNames: true,
};
await build({
  ...options,
  entryPoints: [here('engine-entry.cjs')],
  outfile: here('../dist/engine/engine.cjs'),
});
await build({ ...options, entryPoints: [here('spec-entry.cjs')], outfile: here('../dist/engine/spec.cjs') });

const require = createRequire(import.meta.url);
const specPath = require.resolve('@partnero-ts/spec/openapi.json');
const { getHttpOperationsFromSpec } = require(here('../dist/engine/spec.cjs'));
const operations = await getHttpOperationsFromSpec(specPath);
const specSha256 = createHash('sha256').update(readFileSync(specPath)).digest('hex');
mkdirSync(here('../dist/engine'), { recursive: true });
writeFileSync(here('../dist/engine/operations.json'), JSON.stringify({ specSha256, operations }));
