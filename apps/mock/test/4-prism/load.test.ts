import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The built package (turbo runs `build` before this suite): what a user's process loads.
const dist = (path: string) => fileURLToPath(new URL(`../../dist/${path}`, import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/built-engine.mjs', import.meta.url));
const specPath = createRequire(import.meta.url).resolve('@partnero-ts/spec/openapi.json');

describe('the built engine', () => {
  it('answers from the bundle without resolving Prism or reading the spec with it, and loads faker only for a dynamic answer that needs it', async () => {
    expect(existsSync(dist('engine/engine.cjs')), 'run `pnpm --filter @partnero-ts/mock build`').toBe(true);
    const { stdout } = await promisify(execFile)(process.execPath, [fixture]);
    expect(JSON.parse(stdout)).toEqual({
      statuses: [200, 429],
      afterStaticAnswers: [],
      specReaderLoaded: false,
      word: expect.stringMatching(/^[a-z]+$/),
      afterDynamicAnswer: ['@faker-js/faker'],
    });
  });

  it("reads Prism's operation list computed at build time when the spec's bytes match, else computes it", async () => {
    type Load = typeof import('../../src/4-prism/load.js');
    const { computeOperations, specOperations } = (await import(dist('4-prism/load.js'))) as Load;
    const text = readFileSync(specPath, 'utf8');
    const computed = await computeOperations(specPath);
    // JSON drops the `undefined` fields Prism leaves (e.g. `bearerFormat`), nothing else.
    const expected = JSON.parse(JSON.stringify(computed));
    // A path that does not exist: only the build-time file can answer.
    expect(await specOperations('/nonexistent/openapi.json', text)).toEqual(expected);
    await expect(specOperations('/nonexistent/openapi.json', `${text}\n`)).rejects.toThrow();
    expect(JSON.parse(JSON.stringify(await specOperations(specPath, `${text}\n`)))).toEqual(expected);
  });
});
