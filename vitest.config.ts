import { defineConfig } from 'vitest/config';

// One entry point for editors and `vitest` at the root; each project keeps its own config.
export default defineConfig({
  test: {
    projects: ['packages/client', 'apps/mock', 'tests/contract', 'tests/live'],
  },
});
