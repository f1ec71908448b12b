// Kept equal to package.json's version by scripts/sync-version.mjs (run by `pnpm version-packages`)
// and checked by test/version.test.ts (reading it at run time would need a
// JSON import, which not every bundler and runtime handles the same way).
export const VERSION = '0.0.0';
