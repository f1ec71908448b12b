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
    // One file at a time: files share the one mock, and two files' bursts on a 2-core machine
    // would stretch the 429 cases (a Retry-After each) towards the test timeout.
    fileParallelism: false,
  },
});
