// The unit and integration tests without type tests, for Stryker's vitest runner (stryker.config.mjs):
// type tests cannot kill a runtime mutant, and the typechecker cannot run per mutant.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'client-mutation',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    // Hang guards as in vitest.config.ts; Stryker's own timeoutMS ends a mutant that hangs.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    typecheck: { enabled: false },
  },
});
