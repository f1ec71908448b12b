import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'contract',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    reporters: ['default', './coverage-reporter.ts'],
    // Tests are I/O-bound against one local mock, so many run at once.
    maxConcurrency: 64,
    // One file at a time: the files share the one mock, and two bursts at once on a 2-core
    // machine only slow each other down.
    fileParallelism: false,
    // A hang guard, not a speed check: most of a test's time is its wait behind up to 63 others
    // at the one mock, which grows with the machine's load (vitest's 5 s default does not hold
    // on a busy 2-core CI machine).
    testTimeout: 120_000,
  },
});
