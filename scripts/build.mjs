// Bundles every entry point with esbuild. Type-checking is separate (`npm run typecheck`).
// The VS Code extension host loads CommonJS, so the Node bundles are .cjs; the polyfill is
// injected into each Node bundle ahead of langium (see server/polyfill.mjs).
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const nodeBundles = [
  { in: 'server/main.ts', out: 'server' },
  { in: 'server/cli/main.ts', out: 'cli' },
  { in: 'client/extension.ts', out: 'extension' },
];

const options = {
  entryPoints: nodeBundles,
  outdir: 'out',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  inject: ['server/polyfill.mjs'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

// The preview webview's script and stylesheet: a browser bundle, loaded from out/ only.
const webviewOptions = {
  entryPoints: [{ in: 'client/webview/main.ts', out: 'webview' }, { in: 'client/webview/preview.css', out: 'webview' }],
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
  for (const each of [options, webviewOptions]) await (await esbuild.context(each)).watch();
} else {
  await Promise.all([esbuild.build(options), esbuild.build(webviewOptions)]);
}
