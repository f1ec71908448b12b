import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'mock',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    // Browser tests need a system Chromium; `pnpm test:browser` runs them (CI installs Chromium).
    exclude: [...configDefaults.exclude, 'test/**/*.browser.test.ts'],
    // A worker runs its files in one module registry, so Prism (about 2 s of CommonJS loading per
    // import) loads once per worker instead of once per file: measured 265 s -> 152 s wall and
    // 72 s -> 37 s CPU for this suite. Safe because no test here mocks modules or leaves global
    // state behind: each file closes what it starts (servers, MSW), restores stubbed env, and
    // isolates its data by API key (uniqueKey()), never by a fresh module.
    isolate: false,
    // Hang guards, not speed checks (no test here measures time): 300 s, because a test that
    // passes in 2 s idle has been seen taking 60 s beside five other busy processes on 2 cores.
    // tests/guards/hang-guards.test.ts fails if a config loses them.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
