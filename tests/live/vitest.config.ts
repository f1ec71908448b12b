import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'live-run',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    globalSetup: ['./global-setup.ts'],
  },
});
