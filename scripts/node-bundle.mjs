// What every Node bundle shares (the product's entry points and the benchmark's): CommonJS,
// which the VS Code extension host loads, with the Object.groupBy polyfill injected ahead of
// langium (see server/polyfill.mjs).
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/**
 * The default threat catalogue (catalogue/default.yaml) travels inside the bundles as data: read
 * from YAML at build time, so that a run pays for JSON.parse instead of a cold YAML parser.
 */
export const yamlAsData = {
  name: 'yaml-as-data',
  setup(build) {
    build.onLoad({ filter: /\.yaml$/ }, async args => ({ contents: JSON.stringify(parse(await readFile(args.path, 'utf8'))), loader: 'json' }));
  },
};

export const NODE_BUNDLE_OPTIONS = {
  outdir: 'out',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  inject: ['server/polyfill.mjs'],
  // import.meta.url in the sources (ES modules under the tests) means the bundle's own file.
  banner: { js: 'var __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__bundle_url' },
  plugins: [yamlAsData],
  logLevel: 'warning',
};
