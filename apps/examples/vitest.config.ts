import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'examples',
    root: import.meta.dirname,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The mock README's global setup, used as it is shown there.
    globalSetup: ['src/vitest.global-setup.ts'],
    // Hang guards, not speed checks: a file's mock loads Prism, about 2 s alone, 15 s seen in a loaded `pnpm test`.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
