import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { partneroBaseUrl } from '@partnero-ts/mock/vitest';
import { describe, expect, it } from 'vitest';

const runOne = fileURLToPath(new URL('../scripts/run-one.mjs', import.meta.url));

/** `pnpm example ARGS` with `env` over a shell that has no Partnero settings. */
async function example(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('PARTNERO_')),
  ) as Record<string, string>;
  return promisify(execFile)(process.execPath, [runOne, ...args], { env: { ...clean, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

/** A local port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe('pnpm example', () => {
  it('runs an example against the mock at PARTNERO_BASE_URL', async () => {
    const { code, stdout } = await example(['list-partners'], {
      PARTNERO_BASE_URL: partneroBaseUrl(),
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/partners: [1-9]/);
  });

  it('refuses a non-local PARTNERO_BASE_URL without --live, in one line naming the flag', async () => {
    const { code, stdout, stderr } = await example(['track-sale'], {
      PARTNERO_BASE_URL: 'https://api.partnero.com/v1',
      PARTNERO_API_KEY: 'a_production_key',
    });
    expect(code).toBe(2);
    expect(stdout).toBe(''); // the example never started
    expect(stderr).toMatch(
      /^pnpm example: PARTNERO_BASE_URL points at https:\/\/api\.partnero\.com, [^\n]*--live[^\n]*\n$/,
    );
    expect(stderr).not.toContain('a_production_key');
  });

  it('with --live, goes past the refusal to the given origin', async () => {
    const { code, stderr } = await example(['track-sale', '--live'], {
      PARTNERO_BASE_URL: 'http://no-such-host.invalid/v1',
      PARTNERO_API_KEY: 'key',
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'pnpm example: nothing answers at http://no-such-host.invalid: check PARTNERO_BASE_URL and your connection\n',
    );
  });

  it('says to start `pnpm mock` when nothing answers locally: one line, no stack', async () => {
    const port = await closedPort();
    const { code, stdout, stderr } = await example(['list-partners'], {
      PARTNERO_BASE_URL: `http://127.0.0.1:${port}/v1`,
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `pnpm example: nothing answers at http://127.0.0.1:${port}: start the mock with \`pnpm mock\` in another terminal\n`,
    );
  });

  it('lists the examples for an unknown name', async () => {
    const { code, stderr } = await example(['no-such-example']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^pnpm example: usage: pnpm example <[^>]*\bwebhook-handler\b[^>]*> \[--live\]\n$/,
    );
  });
});
