#!/usr/bin/env node
// Packs every published workspace package into tests/.release/, exactly as `changeset publish`
// would ship them: the release dry run (`pnpm release:dry`) whose tarballs the package tests
// install (each package's own `check:package` runs publint and are-the-types-wrong on the same
// packed contents).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../.release/', import.meta.url));
const PUBLISHED = ['@partnero-ts/spec', '@partnero-ts/client', '@partnero-ts/mock'];

rmSync(out, { recursive: true, force: true });
mkdirSync(out);

for (const name of PUBLISHED) {
  // Found through this package's own dependencies, so no path reaches into another package.
  const dir = realpathSync(fileURLToPath(new URL(`../node_modules/${name}`, import.meta.url)));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (manifest.private) throw new Error(`${name} is private but listed as published`);
  execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: 'inherit' });
}
