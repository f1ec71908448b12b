import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'examples',
    root: import.meta.dirname,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The mock's ready global setup, as the mock README shows it: one mock for the run.
    globalSetup: ['@partnero-ts/mock/vitest/global-setup'],
    // Hang guards, not speed checks (no test here measures time): 300 s, because a test that
    // passes in 2 s idle has been seen taking 60 s beside five other busy processes on 2 cores.
    // tests/guards/hang-guards.test.ts fails if a config loses them.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
