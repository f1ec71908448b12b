#!/usr/bin/env node
// Packs every published workspace package into .release/, exactly as `changeset publish` would
// ship them: the release dry run CI exercises (each package's own `check:package` runs publint
// and are-the-types-wrong on the same packed contents).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.release');
const PUBLISHED = ['spec', 'packages/client'];

rmSync(out, { recursive: true, force: true });
mkdirSync(out);

for (const dir of PUBLISHED) {
  const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  if (manifest.private) throw new Error(`${dir} is private but listed as published`);
  execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: join(root, dir), stdio: 'inherit' });
}
