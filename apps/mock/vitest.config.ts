import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'mock',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
  },
});
