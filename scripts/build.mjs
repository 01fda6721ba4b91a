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

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
