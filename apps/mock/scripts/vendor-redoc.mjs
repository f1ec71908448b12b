#!/usr/bin/env node
// /docs serves Redoc's standalone bundle, a single self-contained file. Shipping that file (with its
// licenses) instead of depending on the `redoc` package spares every install of the mock Redoc's
// dependency tree: React, styled-components, MobX, core-js and more, about 60 MB, for one page.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const redoc = dirname(require.resolve('redoc/package.json'));
const out = fileURLToPath(new URL('../vendor/redoc/', import.meta.url));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [from, to] of [
  ['bundles/redoc.standalone.js', 'redoc.standalone.js'],
  ['bundles/redoc.standalone.js.LICENSE.txt', 'redoc.standalone.js.LICENSE.txt'],
  ['LICENSE', 'LICENSE'],
]) {
  copyFileSync(join(redoc, from), join(out, to));
}
