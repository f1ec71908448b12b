import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../src/cli-args.js';
import { startMock } from '../src/index.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const refusePrism = fileURLToPath(new URL('./fixtures/refuse-prism.mjs', import.meta.url));

/** Runs the CLI with `args`; `prefix` replaces the default `[cli]` (to add Node flags). */
function start(args: string[], env: Record<string, string> = {}, prefix: string[] = [cli]) {
  const child = spawn(process.execPath, [...prefix, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as unknown as ChildProcessWithoutNullStreams;
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output.stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    output.stderr += chunk;
  });
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(output.stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output.stderr}`)));
  });
  ready.catch(() => {}); // only tests that wait for the ready line care why it never came
  return { child, output, ready };
}

/** Resolves once `check` holds, re-checking on each chunk the child prints (the test's timeout bounds it). */
async function waitFor(child: ChildProcessWithoutNullStreams, check: () => boolean) {
  while (!check()) await once(child.stdout, 'data');
}

describe('partnero-mock CLI', () => {
  it('prints exactly the ready line, answers, and stops on SIGINT with exit 0', async () => {
    const started = performance.now();
    const { child, output, ready } = start(['--host', '127.0.0.1'], { PORT: '0' });
    const url = await ready;
    console.log(`CLI ready in ${Math.round(performance.now() - started)} ms`);
    expect(output.stdout).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const res = await fetch(`${url}/v1/partners`, { headers: { authorization: 'Bearer test_key' } });
    expect(res.status).toBe(200);
    // An idle keep-alive socket must not hold the process open.
    await new Promise<void>((resolve) => {
      request(`${url}/health`, { agent: new Agent({ keepAlive: true }) }, (answer) => {
        answer.resume().on('end', resolve);
      }).end();
    });
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(output.stdout).toBe(`listening on ${url}\n`);
  });

  it('logs one line per request with --verbose, without the token', async () => {
    const { child, output, ready } = start(['--port', '0', '--verbose']);
    const url = await ready;
    const secret = 'test_key_s3cr3t';
    await (
      await fetch(`${url}/v1/partners?api_key=${secret}`, { headers: { authorization: `Bearer ${secret}` } })
    ).text();
    await waitFor(child, () => output.stdout.split('\n').length > 2);
    child.kill('SIGINT');
    await once(child, 'exit');
    const lines = output.stdout.trim().split('\n');
    expect(lines[0]).toBe(`listening on ${url}`);
    expect(lines[1]).toMatch(/^GET \/v1\/partners 200 \d+(\.\d+)?ms$/);
    expect(output.stdout + output.stderr).not.toContain(secret);
    expect(output.stdout.toLowerCase()).not.toContain('bearer');
  });

  it('with --proxy, forwards to the upstream and prints each difference on stdout, without the key', async () => {
    const upstream = await startMock({ port: 0 });
    const { child, output, ready } = start(['--port', '0', '--proxy', `${upstream.url}/v1`]);
    try {
      const url = await ready;
      const secret = 'test_cli_proxy_s3cr3t';
      const res = await fetch(`${url}/v1/partners?limit=lots`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(res.status).toBe(422); // the upstream's answer to an invalid limit
      await res.text();
      await waitFor(child, () => output.stdout.includes('/request/query/limit'));
      expect(output.stdout).toMatch(
        /^listening on http:\/\/127\.0\.0\.1:\d+\nconformance: GET \/partners -> 422 listPartners \[documented\] \/request\/query\/limit: .* \(found "lots"\)\n$/,
      );
      expect(output.stdout + output.stderr).not.toContain(secret);
    } finally {
      child.kill('SIGINT');
      await once(child, 'exit');
      await upstream.close();
    }
  });

  it('prints usage for --help without loading Prism', async () => {
    const { child, output } = start(['--import', refusePrism, cli, '--help'], {}, []);
    const [code] = await once(child, 'exit');
    expect(output.stderr).toBe('');
    expect(code).toBe(0);
    expect(output.stdout).toContain('usage: partnero-mock');
    expect(output.stdout).toContain('--drop-rate');
    expect(output.stdout).toContain('--proxy');
  });

  it('(control) the Prism refusal used above does bite when the server starts', async () => {
    const { child, output } = start(['--import', refusePrism, cli, '--port', '0'], {}, []);
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output.stderr).toContain('Prism was loaded');
  });

  it.each([
    [['--port', 'abc'], 'invalid port "abc"'],
    [['--drop-rate', '2'], 'invalid --drop-rate "2"'],
    [['--delay-ms', '99999'], 'invalid --delay-ms "99999"'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--proxy', 'ftp://api.partnero.com/v1'], 'invalid proxy upstream "ftp://api.partnero.com/v1"'],
    [
      ['--proxy', 'https://api.partnero.com/v1', '--stateless'],
      '--stateless cannot be combined with --proxy',
    ],
  ])('rejects %j with a clear message', async (args, message) => {
    const { child, output } = start(args);
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output.stderr).toContain(message);
    expect(output.stderr).toContain('usage:');
  });
});

describe('parseCli', () => {
  it('has the documented defaults and reads PORT', () => {
    expect(parseCli([], {})).toMatchObject({
      port: 4010,
      host: '127.0.0.1',
      verbose: false,
      delayMs: 0,
      dropRate: 0,
      stateless: false,
    });
    expect(parseCli([], { PORT: '5000' }).port).toBe(5000);
    expect(
      parseCli(['--port', '1', '--drop-rate', '0.25', '--delay-ms', '50', '--verbose', '--stateless'], {
        PORT: '2',
      }),
    ).toMatchObject({ port: 1, dropRate: 0.25, delayMs: 50, verbose: true, stateless: true });
    expect(parseCli([], {})).not.toHaveProperty('proxy');
  });

  it('takes --proxy, and refuses the mock-only options with it', () => {
    expect(parseCli(['--proxy', 'https://api.partnero.com/v1'], {}).proxy).toBe(
      'https://api.partnero.com/v1',
    );
    expect(() =>
      parseCli(['--proxy', 'https://api.partnero.com/v1', '--delay-ms', '5', '--drop-rate', '0.1'], {}),
    ).toThrow('--delay-ms, --drop-rate cannot be combined with --proxy');
    expect(() => parseCli(['--proxy', 'https://user:pw@api.partnero.com/v1'], {})).toThrow(
      /must not carry credentials/,
    );
    expect(() => parseCli(['--proxy', 'https://api.partnero.com/v1?key=x'], {})).toThrow(
      /invalid proxy upstream/,
    );
  });
});
