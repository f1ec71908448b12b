#!/usr/bin/env node
// The READMEs' TypeScript examples must be real, compiled code: every ```ts block has to be
// byte-identical to a file in src/, which `tsc` checks and CI runs (run-all.mjs against the mock,
// vitest for the *.test.ts files).
import { readdirSync, readFileSync } from 'node:fs';

const READMES = ['README.md', 'packages/client/README.md', 'apps/mock/README.md'];
const root = new URL('../../../', import.meta.url);
const sources = readdirSync(new URL('../src/', import.meta.url)).map((name) =>
  readFileSync(new URL(`../src/${name}`, import.meta.url), 'utf8'),
);

let problems = 0;
for (const readme of READMES) {
  const text = readFileSync(new URL(readme, root), 'utf8');
  const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
  const orphans = blocks.filter((block) => !sources.includes(block));
  if (blocks.length === 0) {
    console.error(`${readme} has no ts example`);
    problems += 1;
  } else if (orphans.length > 0) {
    console.error(
      `${readme} has ${orphans.length} ts block(s) that match no file in apps/examples/src:\n${orphans.join('\n---\n')}`,
    );
    problems += orphans.length;
  } else {
    console.log(`${readme}: ${blocks.length} ts example(s), each identical to a file in apps/examples/src`);
  }
}
process.exitCode = problems > 0 ? 1 : 0;
