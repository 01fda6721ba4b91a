// Bundles every entry point with esbuild. Type-checking is separate (`npm run typecheck`).
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { NODE_BUNDLE_OPTIONS, yamlAsData } from './node-bundle.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const nodeBundles = [
  { in: 'server/main.ts', out: 'server' },
  { in: 'client/extension.ts', out: 'extension' },
  { in: 'node_modules/elkjs/lib/elk.bundled.js', out: 'elk' },
];

// elkjs is two thirds of the CLI bundle, and Node compiles a whole bundle before running it,
// so every `tm check` paid for a layout engine it never uses. In the Node bundles the import
// resolves to this stand-in, which loads out/elk.cjs on the first `new ELK()`.
const ELK_IMPORT = /^elkjs\/lib\/elk\.bundled\.js$/;
const lazyElk = {
  name: 'lazy-elk',
  setup(build) {
    build.onResolve({ filter: ELK_IMPORT }, args => (args.kind === 'entry-point' ? undefined : { path: 'elk', namespace: 'lazy-elk' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-elk' }, () => ({
      contents: 'module.exports = class LazyElk { constructor(options) { const ELK = require("./elk.cjs"); return new ELK(options); } };',
      loader: 'js',
    }));
    build.onResolve({ filter: /^\.\/elk\.cjs$/, namespace: 'lazy-elk' }, () => ({ path: './elk.cjs', external: true }));
  },
};

// Langium's core imports a few names from vscode-languageserver-protocol; the CLI, which speaks
// no LSP, takes them from server/cli/protocol-subset.ts instead of loading the whole protocol.
const PROTOCOL_IMPORT = /^vscode-languageserver-protocol$/;
const protocolSubset = {
  name: 'protocol-subset',
  setup(build) {
    build.onResolve({ filter: PROTOCOL_IMPORT }, () => ({ path: path.resolve('server/cli/protocol-subset.ts') }));
  },
};

const options = {
  ...NODE_BUNDLE_OPTIONS,
  entryPoints: nodeBundles,
  external: ['vscode', '@resvg/resvg-js'],
  plugins: [lazyElk, yamlAsData],
  sourcemap: !production,
  minify: production,
};

const cliOptions = { ...options, entryPoints: [{ in: 'server/cli/main.ts', out: 'cli' }], plugins: [lazyElk, protocolSubset, yamlAsData] };

// The preview webview's script and stylesheet, and elk's worker script its layouts run in:
// browser bundles, loaded from out/ only.
const webviewOptions = {
  entryPoints: [
    { in: 'client/webview/main.ts', out: 'webview' },
    { in: 'client/webview/preview.css', out: 'webview' },
    { in: 'node_modules/elkjs/lib/elk-worker.min.js', out: 'layout-worker' },
  ],
  outdir: 'out',
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

if (watch) {
  for (const each of [options, cliOptions, webviewOptions]) await (await esbuild.context(each)).watch();
} else {
  await Promise.all([esbuild.build(options), esbuild.build(cliOptions), esbuild.build(webviewOptions)]);
}
