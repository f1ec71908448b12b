// The unit and integration tests without type tests, for Stryker's vitest runner (stryker.config.mjs):
// type tests cannot kill a runtime mutant, and the typechecker cannot run per mutant.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'client-mutation',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    typecheck: { enabled: false },
  },
});
