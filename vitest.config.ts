import { parse } from 'yaml';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // As in the bundles (scripts/node-bundle.mjs): a YAML import is the file's data.
  plugins: [{
    name: 'yaml-as-data',
    transform: (code: string, id: string) => (id.endsWith('.yaml') ? { code: `export default ${JSON.stringify(parse(code))};`, map: null } : undefined),
  }],
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['server/polyfill.mjs'],
    // Only catches hangs; speed is measured by `npm run bench`, never asserted.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
