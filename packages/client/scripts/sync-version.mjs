#!/usr/bin/env node
// Rewrites src/version.ts from package.json; `pnpm version-packages` runs it right after
// `changeset version`, so the User-Agent never reports a stale version.
import { readFileSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const path = new URL('../src/version.ts', import.meta.url);
const source = readFileSync(path, 'utf8');
const updated = source.replace(/export const VERSION = '[^']*';/, `export const VERSION = '${version}';`);
if (!updated.includes(`'${version}'`)) throw new Error('src/version.ts has no VERSION constant to update');
writeFileSync(path, updated);
console.log(`src/version.ts: VERSION = '${version}'`);
