import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ViteUserConfig } from 'vitest/config';

// A test must never fail because the machine is slow: vitest's own limits (5 s a test, 10 s a
// hook) are hang guards that a loaded 2-core machine outruns, so every config raises them, and
// no test shortens them again or times itself.
const FLOOR_MS = 120_000;
const root = join(import.meta.dirname, '..', '..');
const tracked = (...patterns: string[]) =>
  execFileSync('git', ['ls-files', '--', ...patterns], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);

const configs = tracked('*vitest*.config.*');
// This file is left out: its own examples of a shortened timeout would trip it.
const testFiles = tracked('*.test.ts', '*.test.mts', '*.test.mjs').filter(
  (file) => file !== 'tests/guards/hang-guards.test.ts',
);

/**
 * Every `timeout` a test file sets on a test or hook: `{ timeout: N }` options before the test's
 * function, or a line `}, N);` closing a hook or test.
 */
export function timeoutsIn(source: string): number[] {
  const options = /\{\s*timeout:\s*([\d_]+),?\s*\}\s*,\s*(?:async\s*)?(?:\(|function)/g;
  const trailing = /^\s*\}\s*,\s*([\d_]+)\s*\);?\s*$/gm;
  return [...source.matchAll(options), ...source.matchAll(trailing)].map((m) =>
    Number((m[1] as string).replaceAll('_', '')),
  );
}

describe('hang guards', () => {
  it('finds the configs and test files it checks', () => {
    expect(configs).toEqual(
      expect.arrayContaining(['apps/mock/vitest.config.ts', 'tests/guards/vitest.config.ts']),
    );
    expect(testFiles.length).toBeGreaterThan(20);
  });

  it.each(configs)('%s sets testTimeout and hookTimeout of at least 120 s', async (file) => {
    const { default: config } = (await import(pathToFileURL(join(root, file)).href)) as {
      default: ViteUserConfig;
    };
    expect(config.test?.testTimeout, 'testTimeout').toBeGreaterThanOrEqual(FLOOR_MS);
    expect(config.test?.hookTimeout, 'hookTimeout').toBeGreaterThanOrEqual(FLOOR_MS);
  });

  it('reads a shortened timeout the way test files write it', () => {
    expect(timeoutsIn("it('x', { timeout: 30_000 }, async () => {});")).toEqual([30000]);
    expect(timeoutsIn("it('x', {\n    timeout: 30_000,\n  }, async () => {")).toEqual([30000]);
    expect(timeoutsIn('beforeAll(async () => {\n  await x();\n}, 30_000);')).toEqual([30000]);
    expect(timeoutsIn('client({ timeout: 50, maxRetries: 0 }).GET(x); f({ timeout: 50 });')).toEqual([]);
  });

  it.each(testFiles)('%s shortens no hang guard below 120 s and measures no wall time', (file) => {
    const source = readFileSync(join(root, file), 'utf8');
    for (const timeout of timeoutsIn(source))
      expect(timeout, 'a per-test or hook timeout').toBeGreaterThanOrEqual(FLOOR_MS);
    expect(source, 'a wall-clock measurement').not.toMatch(/performance\.now\(|Date\.now\(\)\s*-|hrtime/);
  });
});
