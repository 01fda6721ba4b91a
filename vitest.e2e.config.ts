// The end-to-end suite: the packaged extension inside a real VS Code (code-server) driven
// through Chromium. `npm run test:e2e`; the global setup builds, packages and installs.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    // Only catch hangs: every step waits on a condition, never on a fixed delay.
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
