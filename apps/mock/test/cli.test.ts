import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli } from '../src/cli-args.js';
import { describeFailure, UsageError } from '../src/cli-failure.js';
import { startMock } from '../src/index.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const refusePrism = fileURLToPath(new URL('./fixtures/refuse-prism.mjs', import.meta.url));

/** Runs the CLI with `args`; `prefix` replaces the default `[cli]` (to add Node flags). */
function start(args: string[], env: Record<string, string> = {}, prefix: string[] = [cli]) {
  return watch(
    spawn(process.execPath, [...prefix, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }) as unknown as ChildProcessWithoutNullStreams,
  );
}

/** Collects a child's output; `ready` resolves with the URL of its ready line. */
function watch(child: ChildProcessWithoutNullStreams) {
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
    const { child, output, ready } = start(['--host', '127.0.0.1'], { PORT: '0' });
    const url = await ready;
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
    [['--port', 'abc'], 'invalid --port "abc"'],
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

describe('partnero-mock --seed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'partnero-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('starts every key from the file: its records answer, the examples are gone', async () => {
    const seed = { partners: [{ id: 'ref_123', email: 'grace@example.com', status: 'active' }] };
    const { child, ready } = start(['--port', '0', '--seed', file('good.json', JSON.stringify(seed))]);
    try {
      const url = await ready;
      const get = (path: string) =>
        fetch(`${url}/v1${path}`, { headers: { authorization: 'Bearer seed_key' } });
      expect((await (await get('/partners/ref_123')).json()).data).toEqual(seed.partners[0]);
      expect((await get('/partners/partner_123')).status).toBe(404);
    } finally {
      child.kill('SIGINT');
      await once(child, 'exit');
    }
  });

  it.each([
    [
      'a record that breaks its schema',
      'bad.json',
      '{"customers": [{"key": "c", "partner": "p", "email": "x"}]}',
      ': customers[0]/email: must match format "email"; fix those records',
    ],
    ['a file that is not JSON', 'broken.json', '{"partners": [', 'is not JSON'],
  ])('refuses %s in one line naming it, and exits 1', async (_, name, text, message) => {
    const path = file(name, text);
    const { child, output } = start(['--port', '0', '--seed', path]);
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(output.stderr).toContain(message);
    expect(output.stderr).toContain(`--seed ${path}`);
    expect(output.stdout).toBe('');
  });

  it('names a missing file', async () => {
    const { child, output } = start(['--port', '0', '--seed', join(dir, 'none.json')]);
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output.stderr).toBe(
      `partnero-mock: --seed ${join(dir, 'none.json')}: no such file; pass a JSON file of the state to start from\n`,
    );
  });
});

describe('partnero-mock CLI, failing to start', () => {
  it('names PORT when the bad port came from the environment', async () => {
    const { child, output } = start([], { PORT: 'abc' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output.stderr).toContain('partnero-mock: invalid PORT "abc": use an integer from 0 to 65535\n');
  });

  it('says a port is in use in one line with the fix, and no usage text', async () => {
    const taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as AddressInfo;
    try {
      const { child, output } = start(['--port', String(port)]);
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(output.stderr).toBe(
        `partnero-mock: port ${port} on 127.0.0.1 is in use: pass --port 0 for a free port, or another port\n`,
      );
    } finally {
      taken.close();
    }
  });

  it('says a host does not resolve in one line with the fix', async () => {
    const { child, output } = start(['--port', '0', '--host', 'no-such-host.invalid']);
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output.stderr).toMatch(
      /^partnero-mock: host "no-such-host\.invalid" cannot be resolved: pass --host 127\.0\.0\.1 [^\n]*\n$/,
    );
  });
});

describe('describeFailure', () => {
  const systemError = (code: string, fields: object) =>
    Object.assign(new Error(`${code} raw`), { code, ...fields });

  it('turns each start-up failure into one line naming the fix, without usage', () => {
    expect(
      describeFailure(systemError('EACCES', { syscall: 'listen', address: '0.0.0.0', port: 80 })),
    ).toEqual({
      line: 'no permission to listen on 0.0.0.0:80 (ports below 1024 need privileges): pass --port 0 or a port above 1023',
      showUsage: false,
    });
    expect(
      describeFailure(systemError('EADDRINUSE', { syscall: 'listen', address: '127.0.0.1', port: 4010 })),
    ).toEqual({
      line: 'port 4010 on 127.0.0.1 is in use: pass --port 0 for a free port, or another port',
      showUsage: false,
    });
    expect(
      describeFailure(systemError('ENOTFOUND', { syscall: 'getaddrinfo', hostname: 'nope' })).line,
    ).toMatch(/^host "nope" cannot be resolved: pass --host/);
    expect(describeFailure(systemError('EADDRNOTAVAIL', { address: '8.8.8.8', port: 1 })).line).toMatch(
      /^8\.8\.8\.8 is not an address of this machine: pass --host/,
    );
    expect(describeFailure(new Error('Error opening file "/x.json" \nENOENT: no such file'))).toEqual({
      line: 'Error opening file "/x.json": ENOENT: no such file',
      showUsage: false,
    });
  });

  it('shows the usage only after a mistake in the arguments', () => {
    expect(describeFailure(new UsageError('invalid --port "x"'))).toEqual({
      line: 'invalid --port "x"',
      showUsage: true,
    });
    const unknown = Object.assign(new TypeError("Unknown option '--bogus'"), {
      code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION',
    });
    expect(describeFailure(unknown).showUsage).toBe(true);
  });
});

describe('partnero-mock CLI, --state-file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'partnero-mock-cli-state-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses a corrupt state file with one line naming it and exit code 2, and leaves it as it was', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"format": "partnero-mock-state", "keys": ');
    const { child, output } = start(['--port', '0', '--state-file', path]);
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(output.stderr).toMatch(
      /^partnero-mock: state file .* is not JSON \(.*\): fix the file, or delete it to start over\n$/,
    );
    expect(output.stderr).toContain(`state file ${path} is not JSON`);
    expect(output.stdout).toBe('');
    expect(readFileSync(path, 'utf8')).toBe('{"format": "partnero-mock-state", "keys": ');
  });

  it('has written a change before a crash (SIGKILL), and the next start answers it', async () => {
    const path = join(dir, 'crash.json');
    const key = 'cli_state_crash';
    const first = start(['--port', '0', '--state-file', path]);
    const url = await first.ready;
    const created = await fetch(`${url}/v1/partners`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', name: 'Ada' }),
    });
    const { data } = (await created.json()) as { data: { id: string } };
    // The debounced write lands on its own (no stop asked for it); the test's timeout bounds the wait.
    while (!existsSync(path) || !readFileSync(path, 'utf8').includes('ada@example.com')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const second = start(['--port', '0', '--state-file', path]);
    try {
      const read = await fetch(`${await second.ready}/v1/partners/${data.id}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(read.status).toBe(200);
    } finally {
      second.child.kill('SIGINT');
      await once(second.child, 'exit');
    }
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'writes what was just created when stopped with %s, keyed by hash',
    async (signal) => {
      const path = join(dir, `${signal}.json`);
      const key = `cli_state_${signal}_s3cr3t`;
      const { child, ready } = start(['--port', '0', '--state-file', path]);
      const url = await ready;
      const created = await fetch(`${url}/v1/partners`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ada@example.com', name: 'Ada' }),
      });
      expect(created.status).toBe(200);
      child.kill(signal); // at once: well within the write delay
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      const text = readFileSync(path, 'utf8');
      expect(text).not.toContain(key);
      const saved = Object.values(JSON.parse(text).keys) as Record<string, { email?: string }[]>[];
      expect(saved).toHaveLength(1);
      expect(saved[0]?.partners?.map((partner) => partner.email)).toContain('ada@example.com');
    },
  );
});

describe('`pnpm mock` (the root script)', () => {
  // What `pnpm mock ARGS` runs once the build is done: the command after the last `&&`, with
  // pnpm's ARGS appended. Run from the repository root, as pnpm runs it.
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const script = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).scripts.mock as string;
  const command = script.split('&&').at(-1)?.trim() ?? '';
  const runScript = (args: string[], env: Record<string, string>) =>
    watch(
      spawn('sh', ['-c', `${command} "$@"`, 'sh', ...args], {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }) as unknown as ChildProcessWithoutNullStreams,
    );

  it.each([
    ['PORT', [], { PORT: '0' }],
    ['--port', ['--port', '0'], { PORT: '4010' }],
  ])('honours %s', async (_name, args, env) => {
    const { child, ready } = runScript(args, env);
    try {
      const url = await ready;
      // 0 picks a free port: the script's own default (4010) must not have won.
      expect(new URL(url).port).not.toBe('4010');
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        await once(child, 'exit');
      }
    }
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
    expect(parseCli(['--seed', 'state.json'], {}).seedPath).toBe('state.json');
    expect(() => parseCli(['--seed', 'state.json', '--stateless'], {})).toThrow(
      '--seed cannot be combined with --stateless',
    );
    expect(() => parseCli(['--proxy', 'https://api.partnero.com/v1', '--seed', 'state.json'], {})).toThrow(
      '--seed cannot be combined with --proxy',
    );
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

  it('takes --state-file, and refuses it with --stateless or --proxy', () => {
    expect(parseCli(['--state-file', '.partnero-mock.json'], {}).stateFile).toBe('.partnero-mock.json');
    expect(parseCli([], {})).not.toHaveProperty('stateFile');
    expect(() => parseCli(['--state-file', 'x.json', '--stateless'], {})).toThrow(
      '--state-file cannot be combined with --stateless',
    );
    expect(() => parseCli(['--proxy', 'https://api.partnero.com/v1', '--state-file', 'x.json'], {})).toThrow(
      '--state-file cannot be combined with --proxy',
    );
    expect(() => parseCli(['--state-file', ' '], {})).toThrow('--state-file needs a path');
  });
});
