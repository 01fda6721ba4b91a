// What every Node bundle shares (the product's entry points and the benchmark's): CommonJS,
// which the VS Code extension host loads, with the Object.groupBy polyfill injected ahead of
// langium (see server/polyfill.mjs).
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
  // The default threat catalogue (catalogue/default.yaml) travels inside the bundle as text.
  loader: { '.yaml': 'text' },
  logLevel: 'warning',
};
