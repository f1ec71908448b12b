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
    // Hang guards, not speed checks (no test here measures time): most of a test's time is its
    // wait behind up to 63 others at the one mock, which grows with the load. 300 s, because a test that
    // passes in 2 s idle has been seen taking 60 s beside five other busy processes on 2 cores.
    // tests/guards/hang-guards.test.ts fails if a config loses them.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
