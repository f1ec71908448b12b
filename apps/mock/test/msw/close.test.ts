import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';

// A pending webhook retry kept a test process alive 10.6 s after server.close(). The process
// below exits on its own once done, or the test's hang guard fails it.
const script = fileURLToPath(new URL('./linger.mjs', import.meta.url));

async function run(mode: string) {
  const child = spawn(process.execPath, [script, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  // A child that hangs fails the test by its hang guard; it must not outlive the test.
  onTestFinished(() => {
    if (child.exitCode === null) child.kill();
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const [code] = await once(child, 'exit');
  return { code, output };
}

describe('the MSW handlers let the process end', () => {
  it('with a webhook retry pending: retry timers never hold the process', async () => {
    const { code, output } = await run('retry');
    expect(output).toContain('done');
    expect(code).toBe(0);
  });

  it('with an attempt in flight: handlers.close() ends it', async () => {
    const { code, output } = await run('in-flight');
    expect(output).toContain('done');
    expect(code).toBe(0);
  });
});
