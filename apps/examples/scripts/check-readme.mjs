#!/usr/bin/env node
// The root README's TypeScript examples must be real, compiled code: each ```ts block has to be
// byte-identical to a file in src/, which `tsc` builds and run-all.mjs runs against the mock.
import { readdirSync, readFileSync } from 'node:fs';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
const sources = readdirSync(new URL('../src/', import.meta.url)).map((name) => ({
  name,
  text: readFileSync(new URL(`../src/${name}`, import.meta.url), 'utf8'),
}));

const orphans = blocks.filter((block) => !sources.some((source) => source.text === block));
if (blocks.length === 0 || orphans.length > 0) {
  console.error(
    blocks.length === 0
      ? 'README.md has no ts example'
      : `README.md has ${orphans.length} ts block(s) that match no file in apps/examples/src:\n${orphans.join('\n---\n')}`,
  );
  process.exit(1);
}
console.log(`README.md: ${blocks.length} ts example(s), each identical to a file in apps/examples/src`);
