import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'spec-tools',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
  },
});
