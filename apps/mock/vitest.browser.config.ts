import { defineConfig } from 'vitest/config';

// The /docs page rendered in Debian's headless Chromium (see test/internal/docs.browser.test.ts).
export default defineConfig({
  test: {
    name: 'mock-browser',
    root: import.meta.dirname,
    include: ['test/**/*.browser.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
