import { describe, expect, it } from 'vitest';
import type { TestProject } from 'vitest/node';
import setup from '../../src/vitest/global-setup.js';
import { partneroBaseUrl, testKey } from '../../src/vitest/index.js';

describe('@partnero-ts/mock/vitest', () => {
  it('testKey() gives a fresh key on every call, named after the current test', () => {
    const [first, second] = [testKey(), testKey()];
    expect(first).not.toBe(second);
    expect(first).toMatch(/^test_testkey-gives-a-fresh-key-on-every-call-[0-9a-f]{8}-\d+$/);
    expect(testKey('scenario_429x1.')).toMatch(/^scenario_429x1\.testkey-gives-/);
  });

  it('partneroBaseUrl() names the fix when no global setup provided it', () => {
    expect(() => partneroBaseUrl()).toThrow(
      "add '@partnero-ts/mock/vitest/global-setup' to test.globalSetup in your vitest config",
    );
  });

  it('the global setup provides a running mock at partneroBaseUrl, and its teardown stops it', async () => {
    const provided: Record<string, unknown> = {};
    const project = { provide: (key: string, value: unknown) => (provided[key] = value) };
    const teardown = await setup(project as unknown as TestProject);
    const baseUrl = String(provided.partneroBaseUrl);
    try {
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const res = await fetch(`${baseUrl}/partners`, { headers: { authorization: `Bearer ${testKey()}` } });
      expect(res.status).toBe(200);
    } finally {
      await teardown();
    }
    await expect(fetch(`${baseUrl}/partners`)).rejects.toThrow();
  });
});
