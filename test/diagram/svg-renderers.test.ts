// A written SVG looks the same outside a browser: resvg (the PNG export's renderer, from npm),
// librsvg (`rsvg-convert`, behind many converters) and Inkscape (`inkscape`, where people edit
// an exported picture), the last two only where installed, all draw its colours, its
// arrowheads and what it fades, and Inkscape draws the same picture as resvg. The themed SVG used to rely on CSS custom properties, which librsvg does not
// implement: it drew everything black.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { layoutGraph, renderSvg } from '../../server/diagram/index.js';
import { reuseLayout } from '../../server/diagram/elk-graph.js';
import type { Box } from '../../server/diagram/types.js';
import { svgToPng } from '../../server/diagram/png.js';
import { exampleFiles, graphOf } from './diagram-helpers.js';

/** Colours the picture must show, from the stylesheet written into files (theme.ts). */
const COLOURS = {
  background: [0xff, 0xff, 0xff],
  nodeFill: [0xf6, 0xf8, 0xfa],
  boundary: [0x82, 0x50, 0xdf],
  crossing: [0xbc, 0x4c, 0x00],
  fixNow: [0xcf, 0x22, 0x2e],
};

/** How many pixels have each colour (within a few steps: most anti-aliased edge pixels do not count). */
function colourCounts(rgba: Uint8Array): Record<keyof typeof COLOURS, number> {
  const counts = Object.fromEntries(Object.keys(COLOURS).map(name => [name, 0])) as Record<keyof typeof COLOURS, number>;
  for (let i = 0; i < rgba.length; i += 4) {
    for (const [name, [r, g, b]] of Object.entries(COLOURS) as [keyof typeof COLOURS, number[]][]) {
      if (Math.abs(rgba[i] - r) + Math.abs(rgba[i + 1] - g) + Math.abs(rgba[i + 2] - b) <= 24 && rgba[i + 3] === 255) counts[name]++;
    }
  }
  return counts;
}

/** The pixels, as RGBA, of an 8-bit RGB or RGBA non-interlaced PNG (what resvg and rsvg-convert write). */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect([png[24], png[28]]).toEqual([8, 0]);
  expect([2, 6]).toContain(png[25]);
  const channels = png[25] === 6 ? 4 : 3;
  const chunks: Buffer[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    if (png.toString('ascii', offset + 4, offset + 8) === 'IDAT') chunks.push(png.subarray(offset + 8, offset + 8 + length));
    offset += length + 12;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const left = x >= channels ? pixels[y * stride + x - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const paeth = (): number => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, paeth()][filter];
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4).fill(255);
  for (let pixel = 0; pixel < width * height; pixel++) {
    for (let channel = 0; channel < channels; channel++) rgba[pixel * 4 + channel] = pixels[pixel * channels + channel];
  }
  return { width, height, rgba };
}

/** Inkscape's drawing of an SVG at its own size. It reads a file: from a pipe it cut long documents short. */
function inkscapePng(svg: string): { width: number; height: number; rgba: Uint8Array } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-inkscape-'));
  try {
    const input = path.join(folder, 'diagram.svg');
    const output = path.join(folder, 'diagram.png');
    fs.writeFileSync(input, svg);
    const run = spawnSync('inkscape', [input, '--export-type=png', `--export-filename=${output}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    // It warns about GTK and about the `cursor` property (which it does not implement), but must read the whole document.
    expect(run.stderr).not.toMatch(/parser error/i);
    return decodePng(fs.readFileSync(output));
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

const MODEL = `
external Customer
boundary Shop { process Api }
flow Checkout: Customer -> Api { protocol HTTPS }
threat T1 "Reads another invoice" { on Api  stride I  likelihood 3  impact 3 }
`;

function expectColours(counts: Record<keyof typeof COLOURS, number>): void {
  expect(counts.background).toBeGreaterThan(1_000);
  expect(counts.nodeFill).toBeGreaterThan(500);
  // A dashed 1.5 px outline and its label: few pixels of the exact colour at this scale.
  expect(counts.boundary).toBeGreaterThan(10);
  expect(counts.crossing).toBeGreaterThan(20);
  expect(counts.fixNow).toBeGreaterThan(20);
}

describe('the SVG outside a browser', () => {
  it('resvg draws its colours', async () => {
    const svg = renderSvg(await layoutGraph(await graphOf(MODEL)));
    const image = new Resvg(svg).render();
    expectColours(colourCounts(image.pixels));
  });

  it('the PNG export is that drawing, at twice the size', async () => {
    const svg = renderSvg(await layoutGraph(await graphOf(MODEL)));
    const png = decodePng(Buffer.from(svgToPng(svg)));
    const [width, height] = svg.match(/width="(\d+)" height="(\d+)"/)!.slice(1).map(Number);
    expect([png.width, png.height]).toEqual([2 * width, 2 * height]);
    expectColours(colourCounts(png.rgba));
  });

  const rsvg = spawnSync('rsvg-convert', ['--version']).status === 0;
  const inkscape = spawnSync('inkscape', ['--version']).status === 0;
  /** Each renderer: the SVG in, RGBA pixels at the SVG's own size out. */
  const renderers: Array<[string, boolean, (svg: string) => { width: number; rgba: Uint8Array }]> = [
    ['resvg', true, svg => {
      const image = new Resvg(svg).render();
      return { width: image.width, rgba: image.pixels };
    }],
    ['librsvg', rsvg, svg => decodePng(spawnSync('rsvg-convert', ['--format', 'png'], { input: svg, maxBuffer: 1 << 26 }).stdout)],
    ['Inkscape', inkscape, inkscapePng],
  ];

  for (const [name, installed, render] of renderers) {
    it.skipIf(!installed)(`${name} draws a reply's second arrowhead, at the flow's start`, async () => {
      const request = `${MODEL}flow Read: Api -> Customer\n`;
      const layout = await layoutGraph(await graphOf(request));
      const reply = await graphOf(request.replace('{ protocol HTTPS }', '{ protocol HTTPS  returns pii }'));
      // The same positions (a reply adds no room), so only the arrowheads differ.
      expect(reuseLayout(layout, reply)).toBeDefined();
      const [start] = layout.edges.Checkout.points;
      /** Pixels of the crossing colour within 8 px of the flow's start, where the reply's arrowhead goes. */
      const nearStart = ({ width, rgba: pixels }: { width: number; rgba: Uint8Array }): number => {
        let count = 0;
        for (let y = Math.round(start.y) - 8; y <= Math.round(start.y) + 8; y++) {
          for (let x = Math.round(start.x) - 8; x <= Math.round(start.x) + 8; x++) {
            const i = (y * width + x) * 4;
            const [r, g, b] = COLOURS.crossing;
            if (Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) <= 60) count++;
          }
        }
        return count;
      };
      const without = nearStart(render(renderSvg(layout)));
      const withReply = nearStart(render(renderSvg({ ...layout, graph: reply })));
      // A 10 px arrowhead against a 2.5 px line.
      expect(withReply).toBeGreaterThan(2 * without);
    });

    it.skipIf(!installed)(`${name} draws what is out of scope faded: no dark pixel in its box (outline and text at 40%)`, async () => {
      const layout = await layoutGraph(await graphOf('external Kept\nexternal Gone { out-of-scope "a vendor\'s" }'));
      const { width: stride, rgba: pixels } = render(renderSvg(layout));
      const darkIn = ({ x, y, width, height }: Box): number => {
        let count = 0;
        for (let row = Math.floor(y); row <= y + height; row++) {
          for (let column = Math.floor(x); column <= x + width; column++) {
            const i = (row * stride + column) * 4;
            if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 420) count++;
          }
        }
        return count;
      };
      expect(darkIn(layout.nodes.Kept)).toBeGreaterThan(50);
      expect(darkIn(layout.nodes.Gone)).toBe(0);
    });
  }

  it.skipIf(!inkscape)('Inkscape draws its colours, and the same shapes, lines, arrowheads and markers as resvg', async () => {
    const example = exampleFiles().find(file => file.endsWith('payments.tm'))!;
    const svg = renderSvg(await layoutGraph(await graphOf(fs.readFileSync(example, 'utf8'))));
    const drawn = inkscapePng(svg);
    expectColours(colourCounts(drawn.rgba));
    // Fonts differ between renderers (Inkscape finds the system's sans, resvg without fonts
    // loaded its default), so the comparison is made with text hidden: every other pixel
    // is geometry, and the two must agree on nearly all of them (anti-aliasing aside).
    const withoutText = svg.replace('</style>', '.tm-dfd text { display: none; }</style>');
    const ours = inkscapePng(withoutText);
    const image = new Resvg(withoutText).render();
    expect([ours.width, ours.height]).toEqual([image.width, image.height]);
    // Read once: each read of `pixels` copies the whole image out of resvg.
    const reference = image.pixels;
    let differing = 0;
    let inked = 0;
    for (let i = 0; i < ours.rgba.length; i += 4) {
      const difference = Math.abs(ours.rgba[i] - reference[i]) + Math.abs(ours.rgba[i + 1] - reference[i + 1]) + Math.abs(ours.rgba[i + 2] - reference[i + 2]);
      if (difference > 96) differing++;
      if (reference[i] + reference[i + 1] + reference[i + 2] < 600) inked++;
    }
    // A renderer that dropped the arrowheads, the markers or the dashes would differ on far more.
    expect(inked).toBeGreaterThan(5_000);
    expect(differing / inked).toBeLessThan(0.01);
  });

  it.skipIf(!rsvg)('librsvg (rsvg-convert) draws its colours, not black', async () => {
    const example = exampleFiles().find(file => file.endsWith('payments.tm'))!;
    const svg = renderSvg(await layoutGraph(await graphOf(fs.readFileSync(example, 'utf8'))));
    const run = spawnSync('rsvg-convert', ['--format', 'png'], { input: svg, maxBuffer: 1 << 26 });
    expect(run.status, String(run.stderr)).toBe(0);
    const counts = colourCounts(decodePng(run.stdout).rgba);
    expect(counts.background).toBeGreaterThan(1_000);
    expect(counts.nodeFill).toBeGreaterThan(500);
    expect(counts.boundary).toBeGreaterThan(50);
    expect(counts.crossing).toBeGreaterThan(20);
  });
});
