// Mutation testing of the client (`pnpm test:mutation`, on demand: it takes minutes, so it is not
// part of `pnpm test`). Each mutant is one small change to src/; a mutant no test notices is a
// behaviour nobody protects. The score and the equivalent mutants are in README.md
// ("Contributing"). Run over some files only with `pnpm test:mutation --mutate src/internal/retry.ts`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  // Generated files are data (the spec's tables and types); their generator has its own tests.
  mutate: ['src/**/*.ts', '!src/generated/**'],
  coverageAnalysis: 'perTest',
  // Two cores are plenty on a shared machine; more only slows the other jobs.
  concurrency: 2,
  // A mutant that makes a retry loop or a timer run forever is killed by this timeout.
  timeoutMS: 30_000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: null },
};
