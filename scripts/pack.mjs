#!/usr/bin/env node
// Packs every published workspace package into .release/, as `changeset publish` would ship
// them, then checks each tarball with publint and are-the-types-wrong. This is the release
// dry run CI exercises.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.release');
const PUBLISHED = ['spec', 'packages/client'];

rmSync(out, { recursive: true, force: true });
mkdirSync(out);

const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: 'inherit' });
const bin = (name) => join(root, 'node_modules', '.bin', name);

for (const dir of PUBLISHED) {
  const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  if (manifest.private) throw new Error(`${dir} is private but listed as published`);
  run('pnpm', ['pack', '--pack-destination', out], join(root, dir));
}

for (const tarball of readdirSync(out).filter((f) => f.endsWith('.tgz'))) {
  const path = join(out, tarball);
  console.log(`\nchecking ${tarball}`);
  run(bin('publint'), ['run', path, '--strict']);
  // ESM only by design (Node >= 20.19 can require() it), so the CJS resolution modes are not ours to pass.
  run(bin('attw'), [path, '--profile', 'esm-only']);
}
