// Bundles the benchmark like the other Node entry points (scripts/build.mjs): CommonJS with the
// polyfill injected ahead of langium, so it runs the same code as `tm check` and the server.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: [{ in: 'bench/main.ts', out: 'bench' }, { in: 'bench/lower-bound-main.ts', out: 'bench-lower-bound' }],
  outdir: 'out',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  inject: ['server/polyfill.mjs'],
  logLevel: 'warning',
});
