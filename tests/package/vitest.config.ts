import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'package',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    // npm install of the tarballs dominates; one generous timeout instead of per-test tuning.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
