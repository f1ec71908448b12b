import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'contract',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    reporters: ['default', './coverage-reporter.ts'],
    // Tests are I/O-bound against one local mock; the 429 cases each wait out a Retry-After.
    maxConcurrency: 64,
  },
});
