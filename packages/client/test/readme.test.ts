// The README's examples are real code: each ts block must be a file in examples/, which the
// package's tsconfig type-checks.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
const examples = new Map(
  readdirSync(new URL('examples/', root))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => [name, readFileSync(new URL(`examples/${name}`, root), 'utf8')]),
);

describe('README examples', () => {
  it('has ts examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });

  it.each(blocks.map((block, i) => [i + 1, block] as const))(
    'block %i is a file in examples/',
    (_i, block) => {
      expect([...examples.values()]).toContain(block);
    },
  );

  it('shows every example file', () => {
    for (const [name, source] of examples) expect(blocks, name).toContain(source);
  });
});
