import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'mock',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    // Browser tests need a system Chromium; `pnpm test:browser` runs them (CI installs Chromium).
    exclude: [...configDefaults.exclude, 'test/**/*.browser.test.ts'],
    // Hang guards, not speed checks (no test here measures time): a file's mock, and each CLI
    // test's child, loads Prism, about 2 s alone and 15 s seen inside a loaded `pnpm test`.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
