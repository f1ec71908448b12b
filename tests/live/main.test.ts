import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fakeClock } from './fake-clock.js';
import { main } from './main.js';
import { MUTATION } from './mutated-spec.js';

const KEY = 'test_live_9f3c2a7d41be';
const baseUrl = `${inject('mockUrl')}/v1`;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'partnero-live-main-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function runMain(env: NodeJS.ProcessEnv, fetchImpl?: typeof fetch) {
  const cwd = await mkdtemp(join(root, 'run-'));
  let out = '';
  let err = '';
  const code = await main(['--report', 'report.json'], env, {
    cwd,
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    clock: fakeClock(),
    fetch: fetchImpl,
  });
  const report = await readFile(join(cwd, 'report.json'), 'utf8').catch(() => undefined);
  return { code, out, err, report };
}

describe('pnpm test:live (main) when the run happens', () => {
  type Result = Awaited<ReturnType<typeof runMain>>;
  let conforming: Result;
  let mutated: Result;
  let echoed: Result;
  // Three full runs (~40 requests each, the first compiling every validator), read by the tests.
  beforeAll(async () => {
    conforming = await runMain({ PARTNERO_API_KEY: KEY, PARTNERO_BASE_URL: baseUrl });
    mutated = await runMain({ PARTNERO_API_KEY: KEY, PARTNERO_BASE_URL: `${inject('mutatedMockUrl')}/v1` });
    // An answer carrying the Authorization header where a constant belongs: a difference whose value is the key.
    const echo: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const response = await fetch(request);
      if (!request.url.endsWith('/v1/program')) return response;
      const body = { ...(await response.json()), status: request.headers.get('authorization') };
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    echoed = await runMain({ PARTNERO_API_KEY: KEY, PARTNERO_BASE_URL: baseUrl }, echo);
  });

  it('writes the JSON report and a summary, exit 0 when everything conforms, and never shows the key', () => {
    const { code, out, err, report } = conforming;
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const parsed = JSON.parse(report as string);
    expect(parsed.summary.differs).toBe(0);
    expect(parsed.summary.conforms).toBeGreaterThan(0);
    expect(out).toMatch(new RegExp(`operations: ${parsed.summary.conforms} conform, 0 differ, \\d+ skipped`));
    expect(out).toMatch(/report: report\.json\n$/);
    expect(`${out}${report}`).not.toContain(KEY);
  });

  it('exits 1 and prints the pointer and value when production differs from the spec', () => {
    const { code, out, report } = mutated;
    expect(code).toBe(1);
    expect(out).toMatch(
      new RegExp(`/body/data/${MUTATION.field}: must be string[^\n]* \\(found ${MUTATION.value}\\)`),
    );
    expect(JSON.parse(report as string).summary.differs).toBeGreaterThan(0);
  });

  it('keeps the key out of the report and the summary even when the API echoes it back', () => {
    const { code, out, report } = echoed;
    expect(code).toBe(1);
    expect(out).toContain('/body/status: must be equal to constant (found "Bearer [redacted]")');
    expect(report).toContain('Bearer [redacted]');
    expect(`${out}${report}`).not.toContain(KEY);
  });
});

describe('pnpm test:live (main) when the run cannot happen', () => {
  it('refuses to start without a key: exit 2, one line naming PARTNERO_API_KEY, no request, no report', async () => {
    let requests = 0;
    const { code, out, err, report } = await runMain({ PARTNERO_BASE_URL: baseUrl }, (input, init) => {
      requests += 1;
      return fetch(input, init);
    });
    expect(code).toBe(2);
    expect(err).toMatch(/^test:live: PARTNERO_API_KEY is not set: [^\n]+\n$/);
    expect({ out, report, requests }).toEqual({ out: '', report: undefined, requests: 0 });
  });

  it('stops with exit 2 when the API refuses the key, instead of reporting 401s', async () => {
    const refusing: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      if (request.headers.get('authorization') === `Bearer ${KEY}`)
        request.headers.set('authorization', 'Bearer invalid_key');
      return fetch(request);
    };
    const { code, err, report } = await runMain(
      { PARTNERO_API_KEY: KEY, PARTNERO_BASE_URL: baseUrl },
      refusing,
    );
    expect(code).toBe(2);
    expect(err).toMatch(
      /^test:live: the API answered 401 to GET \/test: PARTNERO_API_KEY was refused; use a current key/,
    );
    expect(err).not.toContain(KEY);
    expect(report).toBeUndefined();
  });

  it('stops with exit 2 naming PARTNERO_BASE_URL when nothing answers', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const { code, err } = await runMain({
      PARTNERO_API_KEY: KEY,
      PARTNERO_BASE_URL: `http://127.0.0.1:${port}/v1`,
    });
    expect(code).toBe(2);
    expect(err).toMatch(/failed before any answer \(.*ECONNREFUSED.*\); check PARTNERO_BASE_URL/);
  });
});
