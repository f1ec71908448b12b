import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// A child process so `--expose-gc` gives honest heap numbers; `pnpm --filter @partnero-ts/mock soak`
// runs the same script with 100k requests.
const script = fileURLToPath(new URL('../scripts/soak.mjs', import.meta.url));
const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 10_000);

describe('soak', () => {
  it(`keeps the heap bounded over ${REQUESTS} requests`, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--expose-gc',
      script,
      String(REQUESTS),
      '8',
      '16',
    ]);
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    console.log(`soak: ${stdout.trim()}`);
    expect(result.requests).toBe(REQUESTS);
    expect(result.growthMiB).toBeLessThan(16);
  });
});
