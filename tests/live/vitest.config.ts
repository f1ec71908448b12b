import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'live-run',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    // Hang guards, not speed checks (no test here measures time): 300 s, because a test that
    // passes in 2 s idle has been seen taking 60 s beside five other busy processes on 2 cores.
    // tests/guards/hang-guards.test.ts fails if a config loses them.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
