// The SVG the CLI and the preview share, drawn by a real browser: each element once with its
// shape, no overlapping nodes, boundaries around exactly their members, hostile labels inert.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeModel } from '../../server/domain/analysis.js';
import type { DiagramGraph } from '../../server/diagram/index.js';
import { layoutGraph, modelGraph, renderSvg } from '../../server/diagram/index.js';
import { hasChromium, launchChromium, SCREENSHOTS, watchIncidents } from './chromium.js';
import { exampleFiles, hostileModel, HOSTILE_LABELS, parseModel } from './diagram-helpers.js';

interface Drawn {
  nodes: Record<string, { count: number; shape: string | null; tag: string; rx: number; d: string; box: Box }>;
  boundaries: Record<string, { count: number; box: Box }>;
  flows: Record<string, { count: number; markerEnd: string | null }>;
}
interface Box { x: number; y: number; width: number; height: number }

const PAGE_ORIGIN = 'https://diagram.test/';

async function draw(page: Page, graph: DiagramGraph): Promise<Drawn> {
  const svg = renderSvg(await layoutGraph(graph));
  await page.route(PAGE_ORIGIN, route => route.fulfill({ contentType: 'text/html', body: `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">${svg}</body></html>` }));
  await page.goto(PAGE_ORIGIN);
  return page.evaluate(() => {
    const box = (element: SVGGraphicsElement) => {
      const { x, y, width, height } = element.getBBox();
      return { x, y, width, height };
    };
    const byId = <T>(selector: string, read: (group: SVGGElement, count: number) => T): Record<string, T> => {
      const groups = Array.from(document.querySelectorAll<SVGGElement>(selector));
      return Object.fromEntries(groups.map(group => [group.dataset.id!, read(group, groups.filter(other => other.dataset.id === group.dataset.id).length)]));
    };
    return {
      nodes: byId('.tm-nodes > [data-id]', (group, count) => {
        const shape = group.querySelector<SVGGraphicsElement>('[data-shape]')!;
        return { count, shape: shape.getAttribute('data-shape'), tag: shape.tagName, rx: Number(shape.getAttribute('rx') ?? 0), d: shape.getAttribute('d') ?? '', box: box(shape) };
      }),
      boundaries: byId('.tm-boundaries > [data-id]', (group, count) => ({ count, box: box(group.querySelector<SVGGraphicsElement>('.tm-boundary-outline')!) })),
      flows: byId('.tm-flows > [data-id]', (group, count) => ({ count, markerEnd: group.querySelector('.tm-flow-line')!.getAttribute('marker-end') })),
    };
  });
}

function inside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe.skipIf(!hasChromium)('the SVG in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => browser?.close());

  it.each(exampleFiles().map(file => [path.basename(file), file]))('draws %s faithfully', async (name, file) => {
    const graph = modelGraph(analyzeModel(await parseModel(fs.readFileSync(file, 'utf8'))));
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const drawn = await draw(page, graph);

    expect(Object.keys(drawn.nodes).sort()).toEqual(graph.nodes.map(node => node.id).sort());
    for (const node of graph.nodes) {
      const shape = drawn.nodes[node.id];
      expect(shape.count, node.id).toBe(1);
      expect(shape.shape, node.id).toBe(node.kind);
      if (node.kind === 'external') expect([shape.tag, shape.rx]).toEqual(['rect', 0]);
      if (node.kind === 'process') expect([shape.tag, shape.rx]).toEqual(['rect', shape.box.height / 2]);
      if (node.kind === 'store') expect(shape.d).toMatch(/^M[\d.]+ [\d.]+H[\d.]+M[\d.]+ [\d.]+H[\d.]+$/);
    }
    for (const edge of graph.edges) {
      expect(drawn.flows[edge.id], edge.id).toEqual({ count: 1, markerEnd: edge.crossing ? 'url(#tm-arrow-crossing)' : 'url(#tm-arrow)' });
    }
    const boxes = graph.nodes.map(node => [node.id, drawn.nodes[node.id].box] as const);
    for (const [i, [a, boxA]] of boxes.entries()) {
      for (const [b, boxB] of boxes.slice(i + 1)) expect(overlap(boxA, boxB), `${a} overlaps ${b}`).toBe(false);
    }
    for (const boundary of graph.boundaries) {
      const outline = drawn.boundaries[boundary.id];
      expect(outline.count).toBe(1);
      for (const node of graph.nodes) {
        const member = node.zone.includes(boundary.id);
        const box = drawn.nodes[node.id].box;
        expect(member ? inside(box, outline.box) : !overlap(box, outline.box), `${node.id} ${member ? 'in' : 'outside'} ${boundary.id}`).toBe(true);
      }
      if (boundary.parent) expect(inside(outline.box, drawn.boundaries[boundary.parent].box)).toBe(true);
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name.replace(/\.tm$/, '')}.png`), fullPage: true });
    await page.close();
  });

  it('shows hostile labels as text: no script runs, nothing is fetched', async () => {
    const graph = modelGraph(analyzeModel(await parseModel(hostileModel())));
    const page = await browser.newPage();
    const incidents = watchIncidents(page, url => url === PAGE_ORIGIN);
    await draw(page, graph);
    const texts = await page.evaluate(() => Array.from(document.querySelectorAll('svg text')).map(text => text.textContent));
    expect(texts).toContain(HOSTILE_LABELS[1]);
    expect(await page.evaluate(() => document.querySelectorAll('script, img, iframe, foreignObject').length)).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'hostile.png'), fullPage: true });
    await page.close();
    expect(incidents).toEqual({ requests: [], dialogs: [], errors: [], cspViolations: [] });
  });

  it('keeps hostile labels inert when the SVG is opened as a file of its own', async () => {
    const svg = renderSvg(await layoutGraph(modelGraph(analyzeModel(await parseModel(hostileModel())))));
    const page = await browser.newPage();
    const url = `${PAGE_ORIGIN}diagram.svg`;
    const incidents = watchIncidents(page, requested => requested === url);
    await page.route(url, route => route.fulfill({ contentType: 'image/svg+xml', body: svg }));
    await page.goto(url);
    // An XML parse error would replace the picture with an error page.
    expect(await page.evaluate(() => document.documentElement.localName)).toBe('svg');
    expect(await page.evaluate(() => document.querySelectorAll('[data-id]').length)).toBeGreaterThan(0);
    await page.close();
    expect(incidents).toEqual({ requests: [], dialogs: [], errors: [], cspViolations: [] });
  });
});
