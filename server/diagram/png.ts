// The diagram as a PNG, rasterised by resvg (its Node binding, whose prebuilt binary comes from
// the npm registry as a package; no browser). Loaded on first use only, so no other command
// loads it; the bundles leave it out (scripts/build.mjs).
import { createRequire } from 'node:module';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';

/** Twice the SVG's pixels, so text stays sharp on high-density screens and in print. */
const SCALE = 2;

export function svgToPng(svg: string): Uint8Array {
  // require, not import(): the compile cache runs the CLI's bundle where import() is unavailable.
  const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: typeof ResvgClass };
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: SCALE },
    // The stylesheet's first choices are the platform's UI fonts; where none is installed, resvg
    // would fall back to a serif font rather than the list's last, generic entry.
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
