// Kept equal to package.json's version by test/version.test.ts (read at build time would need a
// JSON import, which not every bundler and runtime handles the same way).
export const VERSION = '0.0.0';
