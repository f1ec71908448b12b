#!/usr/bin/env node
// `pnpm example <name>`: runs one built example against the mock started with `pnpm mock`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const name = process.argv[2];
const file = name && fileURLToPath(new URL(`../dist/${name}.js`, import.meta.url));
if (!file || !existsSync(file)) {
  console.error('usage: pnpm example <track-sale|list-partners|handle-errors|webhook-handler|react-query>');
  process.exit(2);
}
const env = {
  PARTNERO_API_KEY: 'test_key',
  PARTNERO_BASE_URL: 'http://127.0.0.1:4010/v1',
  ...process.env,
};
process.exitCode = spawnSync(process.execPath, [file], { env, stdio: 'inherit' }).status ?? 1;
