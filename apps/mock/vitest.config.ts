import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'mock',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    // Browser tests need a system Chromium; `pnpm test:browser` runs them (CI installs Chromium).
    exclude: [...configDefaults.exclude, 'test/**/*.browser.test.ts'],
    // Several tests spawn the CLI, which loads Prism (~2 s alone, far more on a loaded 2-core CI box).
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
