// Bundles the benchmark like the product's Node entry points, so it runs the same code as
// `tm check` and the server.
import * as esbuild from 'esbuild';
import { NODE_BUNDLE_OPTIONS } from '../scripts/node-bundle.mjs';

await esbuild.build({
  ...NODE_BUNDLE_OPTIONS,
  entryPoints: [
    { in: 'bench/main.ts', out: 'bench' },
    { in: 'bench/lower-bound-main.ts', out: 'bench-lower-bound' },
    { in: 'bench/diagram-main.ts', out: 'bench-diagram' },
  ],
  // Drives Chromium for the preview's first picture (bench/first-picture.ts); loaded from node_modules.
  external: ['playwright-core'],
});
