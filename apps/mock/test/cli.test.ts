import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('partnero-mock CLI', () => {
  it('prints the ready line, answers, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [cli, '--host', '127.0.0.1'], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    const ready = new Promise<string>((resolve) => {
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
    });
    const url = await ready;
    expect(output).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const res = await fetch(`${url}/v1/partners`, { headers: { authorization: 'Bearer test_key' } });
    expect(res.status).toBe(200);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('rejects an invalid port with a clear message', async () => {
    const child = spawn(process.execPath, [cli, '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('invalid port "abc"');
  });
});
