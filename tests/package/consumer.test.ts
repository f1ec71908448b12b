import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RunningMock, startMock } from '@partnero-ts/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
// Written by `pnpm release:dry` (scripts/pack.mjs).
const releaseDir = fileURLToPath(new URL('../.release/', import.meta.url));

// The consumers only use the published surface, exactly as a user's project would.
const ESM_CONSUMER = `
import { createPartneroClient } from '@partnero-ts/client';
import document from '@partnero-ts/spec';
const partnero = createPartneroClient();
const { data, response } = await partnero.GET('/partners/{id}', { params: { path: { id: 'partner_123' } } });
console.log(JSON.stringify({ status: response.status, email: data.data.email, openapi: document.openapi }));
`;

const CJS_CONSUMER = `
const { createPartneroClient, ConfigurationError } = require('@partnero-ts/client');
const spec = require('@partnero-ts/spec/openapi.json');
const partnero = createPartneroClient();
partnero.GET('/partners').then(({ data, response }) => {
  console.log(JSON.stringify({ status: response.status, count: data.data.length, openapi: spec.openapi, hasError: typeof ConfigurationError }));
});
`;

// Right calls must compile and wrong ones must not: each line ending in `// TSnnnn` has to fail
// with exactly that error, and nothing else may. Types degraded to `any` would let every
// mistake through; missing or broken declarations would add errors of their own.
const TS_CONSUMER = `
import { createPartneroClient, type RateLimitError } from '@partnero-ts/client';
import type { paths } from '@partnero-ts/spec';

const partnero = createPartneroClient({ apiKey: 'k' });

export async function partnerEmail(id: string): Promise<string | undefined> {
  const { data } = await partnero.GET('/partners/{id}', { params: { path: { id } } });
  return data?.data.email;
}
export const retryAfter = (error: RateLimitError): number | undefined => error.retryAfter;
export const listPath: keyof paths = '/partners';

export const wrongPath = () => partnero.GET('/no-such-path', {}); // TS2345
export const wrongId = () => partnero.GET('/partners/{id}', { params: { path: { id: 42 } } }); // TS2322
export const notAPath: keyof paths = '/no-such-path'; // TS2322
`;

/** `line:TSnnnn` for each line of `source` that ends in a `// TSnnnn` marker. */
const markedErrors = (source: string) =>
  source.split('\n').flatMap((text, index) => {
    const code = /\/\/ (TS\d+)$/.exec(text)?.[1];
    return code ? [`${index + 1}:${code}`] : [];
  });

let mock: RunningMock;
let project: string;

beforeAll(async () => {
  const tarballs = readdirSync(releaseDir).filter((name) => name.endsWith('.tgz'));
  expect(tarballs.map((name) => name.replace(/-\d.*$/, '')).sort()).toEqual([
    'partnero-ts-client',
    'partnero-ts-spec',
  ]);
  project = mkdtempSync(join(tmpdir(), 'partnero-consumer-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  writeFileSync(join(project, 'esm.mjs'), ESM_CONSUMER);
  writeFileSync(join(project, 'cjs.cjs'), CJS_CONSUMER);
  writeFileSync(join(project, 'consumer.ts'), TS_CONSUMER);
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'nodenext', strict: true, noEmit: true, skipLibCheck: false },
    }),
  );
  const typescript = dirname(createRequire(import.meta.url).resolve('typescript/package.json'));
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      ...tarballs.map((t) => join(releaseDir, t)),
      typescript,
    ],
    { cwd: project },
  );
  mock = await startMock({ port: 0 });
});

afterAll(async () => {
  await mock?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

const consumerEnv = () => ({
  ...process.env,
  PARTNERO_API_KEY: 'test_key',
  PARTNERO_BASE_URL: `${mock.url}/v1`,
});

describe('the packed packages, installed into a fresh project', () => {
  it('work from an ES module', async () => {
    const { stdout } = await run(process.execPath, ['esm.mjs'], { cwd: project, env: consumerEnv() });
    expect(JSON.parse(stdout)).toEqual({ status: 200, email: 'jane@example.com', openapi: '3.1.0' });
  });

  it('work from CommonJS require()', async () => {
    const { stdout } = await run(process.execPath, ['cjs.cjs'], { cwd: project, env: consumerEnv() });
    expect(JSON.parse(stdout)).toMatchObject({ status: 200, openapi: '3.1.0', hasError: 'function' });
    expect(JSON.parse(stdout).count).toBeGreaterThan(0);
  });

  it('typecheck in a strict nodenext TypeScript project: right calls pass, wrong ones fail', async () => {
    const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    const outcome = await run(process.execPath, [tsc, '-p', '.', '--pretty', 'false'], { cwd: project }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    // Elaborations are indented; every unindented line is a diagnostic.
    const reported = outcome.stdout
      .split('\n')
      .filter((line) => line && !line.startsWith(' '))
      .map((line) => {
        const [, file, row, code] = /^(.+?)\((\d+),\d+\): error (TS\d+)/.exec(line) ?? [];
        return file === 'consumer.ts' ? `${row}:${code}` : line;
      });
    expect(reported).toEqual(markedErrors(TS_CONSUMER));
    expect(outcome.code).toBe(2);
  });
});
