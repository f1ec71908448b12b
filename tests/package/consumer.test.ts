import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
// Written by `pnpm release:dry` (scripts/pack.mjs).
const releaseDir = fileURLToPath(new URL('../.release/', import.meta.url));

/**
 * The msw the project installs: the workspace's (msw 2, the line that runs on Node 20), or the
 * version in PARTNERO_TEST_MSW (`pnpm test:node-lines` sets msw 3's on Node 22 and 24).
 */
function mswToInstall(): string {
  const wanted = process.env.PARTNERO_TEST_MSW;
  if (wanted === undefined || wanted === '') return require('msw/package.json').version;
  if (!/^\d+(\.\d+){0,2}$/.test(wanted)) {
    throw new Error(`PARTNERO_TEST_MSW="${wanted}" is not an msw version: use e.g. 3 or 3.0.5, or unset it`);
  }
  const node = Number(process.versions.node.split('.')[0]);
  if (Number(wanted.split('.')[0]) >= 3 && node < 22) {
    throw new Error(
      `PARTNERO_TEST_MSW=${wanted}: msw 3 requires Node 22.12+, this is ${process.version}; unset it on Node 20`,
    );
  }
  return wanted;
}
const msw = mswToInstall();

/**
 * The vitest the project installs and runs the user's suite with: the workspace's (vitest 4, the
 * line that runs on Node 20), or the version in PARTNERO_TEST_VITEST (`pnpm test:node-lines` sets
 * vitest 5's on Node 22 and 24).
 */
function vitestToInstall(): string {
  const wanted = process.env.PARTNERO_TEST_VITEST;
  if (wanted === undefined || wanted === '') return require('vitest/package.json').version;
  if (!/^\d+(\.\d+){0,2}$/.test(wanted)) {
    throw new Error(
      `PARTNERO_TEST_VITEST="${wanted}" is not a vitest version: use e.g. 5 or 5.1.2, or unset it`,
    );
  }
  const node = Number(process.versions.node.split('.')[0]);
  if (Number(wanted.split('.')[0]) >= 5 && node < 22) {
    throw new Error(
      `PARTNERO_TEST_VITEST=${wanted}: vitest 5 requires Node 22.12+, this is ${process.version}; unset it on Node 20`,
    );
  }
  return wanted;
}
const vitest = vitestToInstall();
/** `version` is `wanted` or, when `wanted` names only a major or minor, one of its releases. */
const isVersion = (version: string, wanted: string) => version === wanted || version.startsWith(`${wanted}.`);
// What a user's test passes to server.listen() so that a request no handler answers fails: msw 3
// renamed the option, and silently ignores msw 2's name.
const REFUSE_UNHANDLED =
  Number(msw.split('.')[0]) >= 3 ? "{ onUnhandledFrame: 'error' }" : "{ onUnhandledRequest: 'error' }";

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
import { type RunningMock, type Seed, startMock } from '@partnero-ts/mock';
import { partneroHandlers } from '@partnero-ts/mock/msw';
import { testKey } from '@partnero-ts/mock/vitest';
import type { paths } from '@partnero-ts/spec';
import { inject } from 'vitest';

const partnero = createPartneroClient({ apiKey: 'k' });

export async function partnerEmail(id: string): Promise<string | undefined> {
  const { data } = await partnero.GET('/partners/{id}', { params: { path: { id } } });
  return data?.data.email;
}
export const retryAfter = (error: RateLimitError): number | undefined => error.retryAfter;
export const listPath: keyof paths = '/partners';
export const mock: Promise<RunningMock> = startMock({ port: 0, stateless: true });
export const seed: Seed = { partners: [{ id: 'ref_1', email: 'a@example.com', status: 'active' }], 'promotion-codes': [] };
export const seeded = () => partneroHandlers({ seed });

export const wrongPath = () => partnero.GET('/no-such-path', {}); // TS2345
export const wrongId = () => partnero.GET('/partners/{id}', { params: { path: { id: 42 } } }); // TS2322
export const notAPath: keyof paths = '/no-such-path'; // TS2322
export const wrongPort = () => startMock({ port: '4010' }); // TS2322
export const wrongOption = () => partneroHandlers({ baseURL: 'x' }); // TS2561
export const wrongSeed: Seed = { partners: [{ id: 'ref_1', email: 'a@example.com', status: 'gone' }] }; // TS2322
export const baseUrl = (): string => inject('partneroBaseUrl');
export const wrongPrefix = () => testKey(42); // TS2345
export const notProvided = () => inject('partneroApiKey'); // TS2345
`;

// MSW ships separate CommonJS and ESM declarations whose classes do not mix; the handlers are
// typed with the ESM ones (the package is ESM), so this is checked where users write it, in ESM.
const MSW_TS_CONSUMER = `
import { setupServer } from 'msw/node';
import { partneroHandlers } from '@partnero-ts/mock/msw';

export const server = setupServer(...(await partneroHandlers({ baseUrl: 'http://localhost:4010/v1' })));
`;

// The test a user writes with MSW: the packed handlers serve the packed client in-process, no
// server, no port, with the client left at its default base URL (https://api.partnero.com/v1).
const MSW_CONSUMER = `
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AuthenticationError, createPartneroClient, PermissionDeniedError, unwrap, ValidationError } from '@partnero-ts/client';
import { partneroHandlers } from '@partnero-ts/mock/msw';
import { setupServer } from 'msw/node';

const server = setupServer(...(await partneroHandlers()));
before(() => server.listen(${REFUSE_UNHANDLED}));
after(() => server.close());
const client = (apiKey) => createPartneroClient({ apiKey });

test('401 for an invalid key', async () => {
  await assert.rejects(unwrap(client('invalid_key').GET('/partners')), AuthenticationError);
});
test('403 for a forbidden key', async () => {
  await assert.rejects(unwrap(client('forbidden_key').GET('/partners')), PermissionDeniedError);
});
test('200 for any other key', async () => {
  const page = await unwrap(client('key_list').GET('/partners'));
  assert.ok(page.data.length > 0);
});
test('create, then read back', async () => {
  const partnero = client('key_create');
  const created = await unwrap(partnero.POST('/partners', { body: { email: 'ada@example.com', name: 'Ada' } }));
  const read = await unwrap(partnero.GET('/partners/{id}', { params: { path: { id: created.data.id } } }));
  assert.equal(read.data.email, 'ada@example.com');
});
test('422 names the missing field', async () => {
  const error = await unwrap(client('key_invalid').POST('/partners', { body: { name: 'No Email' } })).catch((e) => e);
  assert.ok(error instanceof ValidationError, String(error));
  assert.ok(Array.isArray(error.errors.email), JSON.stringify(error.errors));
});
test('a request no handler answers fails, and never reaches the network', async () => {
  const refused = await fetch('https://elsewhere.example.test/').catch((e) => e);
  assert.match(\`\${refused} \${refused?.cause}\`, /Cannot bypass a request when using the "error" strategy/);
});
`;

// A user's vitest suite: the ready global setup, and MSW handlers made while PARTNERO_BASE_URL is
// set (as a CI job that points the code under test at a mock sets it). Its tsconfig never names
// the global setup: importing @partnero-ts/mock/vitest types inject('partneroBaseUrl').
const VITEST_CONFIG = `
import { defineConfig } from 'vitest/config';
export default defineConfig({
  test: {
    include: ['suite/*.test.mts'],
    globalSetup: ['@partnero-ts/mock/vitest/global-setup'],
    // Hang guards, not speed checks: the same as the repository's own configs.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
`;

const VITEST_MSW_TEST = `
import { AuthenticationError, createPartneroClient, unwrap } from '@partnero-ts/client';
import { partneroHandlers } from '@partnero-ts/mock/msw';
import { testKey } from '@partnero-ts/mock/vitest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';

const server = setupServer(...(await partneroHandlers()));
beforeAll(() => server.listen(${REFUSE_UNHANDLED}));
afterAll(() => server.close());

it('serves a client left at its defaults, at PARTNERO_BASE_URL', async () => {
  expect(process.env.PARTNERO_BASE_URL).toMatch(/^http:\\/\\/localhost:\\d+\\/v1$/);
  const partnero = createPartneroClient({ apiKey: testKey() });
  const created = await unwrap(partnero.POST('/partners', { body: { email: 'ada@example.com', name: 'Ada' } }));
  expect(created.data.email).toBe('ada@example.com');
  await expect(unwrap(createPartneroClient({ apiKey: testKey('invalid_') }).GET('/partners'))).rejects.toBeInstanceOf(AuthenticationError);
});
`;

const VITEST_SERVER_TEST = `
import { createPartneroClient, unwrap } from '@partnero-ts/client';
import { partneroBaseUrl, testKey } from '@partnero-ts/mock/vitest';
import { expect, inject, it } from 'vitest';

it('reads the global setup mock, typed, with a key of its own', async () => {
  const baseUrl: string = inject('partneroBaseUrl');
  expect(partneroBaseUrl()).toBe(baseUrl);
  const key = testKey();
  const partnero = createPartneroClient({ apiKey: key, baseUrl });
  await unwrap(partnero.POST('/partners', { body: { email: 'grace@example.com', name: 'Grace' } }));
  const ledger = await fetch(new URL('/__mock/ledger', baseUrl), { headers: { authorization: 'Bearer ' + key } });
  expect(await ledger.json()).toHaveLength(1);
});
`;

// The packed mock, started in-process as a user's global setup would, called by the packed client.
const START_MOCK_CONSUMER = `
import { createPartneroClient, unwrap } from '@partnero-ts/client';
import { startMock } from '@partnero-ts/mock';
const mock = await startMock({ port: 0 });
try {
  const partnero = createPartneroClient({ apiKey: 'key_start', baseUrl: mock.url + '/v1' });
  const created = await unwrap(partnero.POST('/partners', { body: { email: 'grace@example.com', name: 'Grace' } }));
  const read = await unwrap(partnero.GET('/partners/{id}', { params: { path: { id: created.data.id } } }));
  const docs = await fetch(mock.url + '/docs/redoc.standalone.js');
  console.log(JSON.stringify({ email: read.data.email, docs: docs.status, docsBytes: (await docs.text()).length }));
} finally {
  await mock.close();
}
`;

// A receiver on the packed client's webhookHandler, graded by the packed bin's `webhooks check`.
const WEBHOOKS_CONSUMER = `
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { promisify } from 'node:util';
import { webhookHandler } from '@partnero-ts/client/webhooks';
const secret = 'whsec_packed';
const handle = webhookHandler({ secret, on: { 'partner.created': () => {} }, seen: new Set() });
const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const answer = await handle(new Request('http://127.0.0.1' + req.url, { method: req.method, headers: req.headers, body: Buffer.concat(chunks) }));
  res.writeHead(answer.status).end(await answer.text());
}).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = 'http://127.0.0.1:' + server.address().port + '/webhooks';
try {
  const { stdout } = await promisify(execFile)('node_modules/.bin/partnero-mock', ['webhooks', 'check', url, '--secret', secret, '--json', '--timeout-ms', '120000']);
  const report = JSON.parse(stdout);
  console.log(JSON.stringify({ passed: report.passed, failed: report.failed }));
} finally {
  server.close();
}
`;

/** `line:TSnnnn` for each line of `source` that ends in a `// TSnnnn` marker. */
const markedErrors = (source: string) =>
  source.split('\n').flatMap((text, index) => {
    const code = /\/\/ (TS\d+)$/.exec(text)?.[1];
    return code ? [`${index + 1}:${code}`] : [];
  });

/**
 * A port nothing listens on: the kernel's pick, released. Not a fixed one such as 9: fetch refuses
 * the Fetch standard's "bad ports" itself, and msw 3 intercepts beneath that check.
 */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** The packed mock's bin, started the way `npx partnero-mock --port 0` would. */
async function startBin(cwd: string): Promise<{ url: string; child: ChildProcess }> {
  const bin = join(cwd, 'node_modules', '.bin', 'partnero-mock');
  const child = spawn(process.execPath, [bin, '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^listening on (http:\/\/\S+)\n/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`partnero-mock exited ${code}: ${stderr}`)));
  });
  return { url, child };
}

let mock: { url: string; child: ChildProcess };
let project: string;

beforeAll(async () => {
  const tarballs = readdirSync(releaseDir).filter((name) => name.endsWith('.tgz'));
  expect(tarballs.map((name) => name.replace(/-\d.*$/, '')).sort()).toEqual([
    'partnero-ts-client',
    'partnero-ts-mock',
    'partnero-ts-spec',
  ]);
  project = mkdtempSync(join(tmpdir(), 'partnero-consumer-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  writeFileSync(join(project, 'esm.mjs'), ESM_CONSUMER);
  writeFileSync(join(project, 'cjs.cjs'), CJS_CONSUMER);
  writeFileSync(join(project, 'consumer.ts'), TS_CONSUMER);
  writeFileSync(join(project, 'msw-consumer.mts'), MSW_TS_CONSUMER);
  writeFileSync(join(project, 'msw.test.mjs'), MSW_CONSUMER);
  writeFileSync(join(project, 'start.mjs'), START_MOCK_CONSUMER);
  writeFileSync(join(project, 'webhooks.mjs'), WEBHOOKS_CONSUMER);
  writeFileSync(join(project, 'vitest.config.mjs'), VITEST_CONFIG);
  mkdirSync(join(project, 'suite'));
  writeFileSync(join(project, 'suite', 'msw.test.mts'), VITEST_MSW_TEST);
  writeFileSync(join(project, 'suite', 'server.test.mts'), VITEST_SERVER_TEST);
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'nodenext', strict: true, noEmit: true, skipLibCheck: false },
    }),
  );
  const typescript = dirname(require.resolve('typescript/package.json'));
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      ...tarballs.map((t) => join(releaseDir, t)),
      // The optional peers, from the registry as a user would add them (vite 8.3 is the line
      // proven on Node 20, as in pnpm-workspace.yaml; vitest 4 and 5 both accept it).
      `msw@${msw}`,
      `vitest@${vitest}`,
      'vite@8.3.8',
      typescript,
    ],
    { cwd: project },
  );
  mock = await startBin(project);
});

afterAll(async () => {
  if (mock && mock.child.exitCode === null) {
    mock.child.kill('SIGINT');
    await once(mock.child, 'exit');
  }
  if (project) rmSync(project, { recursive: true, force: true });
});

const consumerEnv = () => ({
  ...process.env,
  PARTNERO_API_KEY: 'test_key',
  PARTNERO_BASE_URL: `${mock.url}/v1`,
});

describe('the packed packages, installed into a fresh project', () => {
  it(`resolve one msw, ${msw}, from the packed handlers and from the project alike`, () => {
    // A peer range that refuses the project's msw fails `npm install` (ERESOLVE), the bug of
    // peer msw ^2.15.0 beside msw 3; where npm nests a second msw instead (as it does for vitest
    // 4's @vitest/mocker, whose peer is msw 2), handlers made with one msw would reach
    // setupServer from another.
    const fromHandlers = createRequire(
      join(project, 'node_modules', '@partnero-ts', 'mock', 'dist', 'msw', 'handlers.js'),
    );
    const fromProject = createRequire(join(project, 'package.json'));
    const handlersMsw = fromHandlers.resolve('msw/package.json');
    expect(handlersMsw).toBe(fromProject.resolve('msw/package.json'));
    const { version } = fromHandlers('msw/package.json') as { version: string };
    expect(isVersion(version, msw), `installed msw ${version}, asked for ${msw}`).toBe(true);
  });

  it(`resolve one vitest, ${vitest}, from the packed vitest helpers and from the project alike`, () => {
    // A peer range that refuses the project's vitest fails `npm install` (ERESOLVE), the bug of
    // peer vitest ^3.2.0 || ^4.0.0 beside vitest 5; a second vitest nested under the mock would
    // give testKey() and inject() another runner's state than the one running the tests.
    const fromHelpers = createRequire(
      join(project, 'node_modules', '@partnero-ts', 'mock', 'dist', 'vitest', 'index.js'),
    );
    const fromProject = createRequire(join(project, 'package.json'));
    expect(fromHelpers.resolve('vitest/package.json')).toBe(fromProject.resolve('vitest/package.json'));
    const { version } = fromHelpers('vitest/package.json') as { version: string };
    expect(isVersion(version, vitest), `installed vitest ${version}, asked for ${vitest}`).toBe(true);
  });

  it('serve the client in-process through the MSW handlers: a node:test file passes', async () => {
    const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', 'msw.test.mjs'], {
      cwd: project,
    });
    expect(stdout).toMatch(/^# pass 6$/m);
    expect(stdout).toMatch(/^# fail 0$/m);
  });

  it(`pass a vitest ${vitest} suite: MSW handlers at PARTNERO_BASE_URL, the ready global setup, testKey()`, async () => {
    const cli = join(project, 'node_modules', 'vitest', 'vitest.mjs');
    // Nothing listens at this PARTNERO_BASE_URL: only handlers that answer there can pass.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PARTNERO_BASE_URL: `http://localhost:${await closedPort()}/v1`,
      NO_COLOR: '1',
    };
    delete env.PARTNERO_API_KEY;
    delete env.FORCE_COLOR;
    const { stdout } = await run(process.execPath, [cli, 'run', '--reporter=dot'], { cwd: project, env });
    // The banner names the vitest that ran the suite: the one asked for, not a fallback.
    const { version } = createRequire(join(project, 'package.json'))('vitest/package.json') as {
      version: string;
    };
    expect(isVersion(version, vitest), `installed vitest ${version}, asked for ${vitest}`).toBe(true);
    expect(stdout).toContain(`RUN  v${version} `);
    expect(stdout).toMatch(/Test Files\s+2 passed \(2\)/);
    expect(stdout).toMatch(/Tests\s+2 passed \(2\)/);
  });

  it('start the mock with startMock() and serve the client over HTTP, /docs included', async () => {
    const { stdout } = await run(process.execPath, ['start.mjs'], { cwd: project });
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ email: 'grace@example.com', docs: 200 });
    expect(result.docsBytes).toBeGreaterThan(100_000);
  });

  it("grade a receiver built on the packed client's webhookHandler with the packed bin", async () => {
    const { stdout } = await run(process.execPath, ['webhooks.mjs'], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ passed: 9, failed: 0 });
  });

  it('work from an ES module, against the packed mock started from its bin', async () => {
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
