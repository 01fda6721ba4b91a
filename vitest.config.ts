import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['server/polyfill.mjs'],
    // Only catches hangs; speed is measured by `npm run bench`, never asserted.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
