// The preview webview as VS Code would show it: the real page with its Content Security Policy,
// the real bundle, and a stand-in for VS Code's `acquireVsCodeApi` that records what the page
// sends. Messages from the extension are posted to the window, as VS Code does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewHtml } from '../../client/preview/html.js';
import type { DiagramGraph, PreviewMessage, PreviewReply, PreviewState } from '../../server/protocol.js';
import type { Incidents } from './chromium.js';
import { hasChromium, launchChromium, SCREENSHOTS, watchIncidents } from './chromium.js';
import { graphOf, hostileModel, HOSTILE_LABELS } from './diagram-helpers.js';
import { READABLE_TEXT_PX } from '../../client/webview/viewport.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ORIGIN = 'https://webview.test';
const PAGE = `${ORIGIN}/index.html`;
const SCRIPT = `${ORIGIN}/out/webview.js`;
const STYLE = `${ORIGIN}/out/webview.css`;
const WORKER = `${ORIGIN}/out/layout-worker.js`;

const WIDE = { width: 1200, height: 700 };

const MODEL = `
model "Shop"
external Customer "Customer browser"
boundary Shop "Shop backend" {
  process Api "API server"
  store Orders "Orders DB" { kind database }
}
flow Checkout: Customer -> Api "checkout request" { protocol HTTPS }
flow Save: Api -> Orders { protocol SQL }
threat T1 "Reads another invoice" { on Api  stride I  likelihood 3  impact 3 }
threat T2 "Tampered order" { on Checkout  stride T  likelihood 1  impact 2 }
attack A "Read invoices" { realizes T1  or { "Guess an id" cost trivial  "Phish" cost medium } }
`;

interface Recorded {
  posted: PreviewReply[];
  state: PreviewState | undefined;
}

describe.skipIf(!hasChromium)('the preview webview in Chromium', () => {
  let browser: Browser;
  let script: string;
  let workerScript: string;
  let graph: DiagramGraph;
  // One page for every step, as in VS Code: each step sends a graph and acts on the result.
  let page: Page;
  let incidents: Incidents;

  beforeAll(async () => {
    // Built here from source, so the test never runs a stale bundle.
    const bundle = async (entry: string) => (await esbuild.build({
      entryPoints: [path.join(ROOT, entry)], bundle: true, platform: 'browser', format: 'iife', target: 'es2022', write: false,
    })).outputFiles[0].text;
    [script, workerScript] = await Promise.all([bundle('client/webview/main.ts'), bundle('node_modules/elkjs/lib/elk-worker.min.js')]);
    graph = await graphOf(MODEL);
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    ({ page, incidents } = await openPreview());
  });
  afterAll(async () => browser?.close());

  async function openPreview(worker = workerScript): Promise<{ page: Page; incidents: Incidents }> {
    const page = await browser.newPage({ viewport: WIDE });
    // The worker's script is fetched and started from a blob the page made.
    const incidents = watchIncidents(page, url => [PAGE, SCRIPT, STYLE, WORKER].includes(url) || url.startsWith(`blob:${ORIGIN}/`));
    const html = previewHtml({ cspSource: ORIGIN, scriptUri: SCRIPT, styleUri: STYLE, layoutWorkerUri: WORKER, nonce: 'test-nonce-1234' });
    await page.route(PAGE, route => route.fulfill({ contentType: 'text/html', body: html }));
    await page.route(SCRIPT, route => route.fulfill({ contentType: 'text/javascript', body: script }));
    await page.route(STYLE, route => route.fulfill({ contentType: 'text/css', path: path.join(ROOT, 'client/webview/preview.css') }));
    await page.route(WORKER, route => route.fulfill({ contentType: 'text/javascript', body: worker }));
    await page.addInitScript(() => {
      const recorded: Recorded = { posted: [], state: undefined };
      Object.assign(window, {
        recorded,
        acquireVsCodeApi: () => ({
          postMessage: (message: PreviewReply) => recorded.posted.push(message),
          getState: () => recorded.state,
          setState: (state: PreviewState) => { recorded.state = state; },
        }),
      });
    });
    await page.goto(PAGE);
    return { page, incidents };
  }

  async function send(message: PreviewMessage): Promise<void> {
    await page.evaluate(data => window.postMessage(data, '*'), message);
  }

  async function recorded(): Promise<Recorded> {
    return page.evaluate(() => (window as unknown as { recorded: Recorded }).recorded);
  }

  /** Sends a graph and waits until elk's picture of it is drawn (the previous picture is taken away first). */
  async function showGraph(shown: DiagramGraph = graph, fileName = 'shop.tm'): Promise<void> {
    await page.evaluate(() => document.querySelector('#canvas svg')?.remove());
    await send({ type: 'graph', uri: `file:///${fileName}`, fileName, graph: shown });
    await page.locator(`#canvas svg [data-id="${shown.nodes[0].id}"]`).waitFor();
    await page.locator('#arranging').waitFor({ state: 'hidden' });
  }

  it('draws the graph under its security policy, styled, asking for nothing else', async () => {
    await showGraph();
    expect((await recorded()).posted[0]).toEqual({ type: 'ready' });
    expect(await page.locator('#canvas svg .tm-nodes > [data-id]').count()).toBe(3);
    expect(await page.locator('#file-name').textContent()).toBe('shop.tm');
    // The diagram's stylesheet applies although the policy admits no inline <style>.
    expect(await page.locator('.tm-boundary-outline').evaluate(outline => getComputedStyle(outline).stroke)).not.toBe('none');
    expect(await page.locator('.tm-background').evaluate(background => getComputedStyle(background).fill)).toBe('rgb(255, 255, 255)');
    expect(await page.locator('body').evaluate(body => getComputedStyle(body).display)).toBe('flex');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'webview.png') });
    expect(incidents).toEqual({ requests: [], dialogs: [], errors: [], cspViolations: [] });
  });

  it('takes its colours from the VS Code theme', async () => {
    // VS Code sets the theme's colours as --vscode-* variables on the page.
    await page.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-editor-background', '#1e1e1e');
      document.documentElement.style.setProperty('--vscode-charts-purple', '#b180d7');
    });
    await showGraph();
    expect(await page.locator('.tm-background').evaluate(background => getComputedStyle(background).fill)).toBe('rgb(30, 30, 30)');
    expect(await page.locator('.tm-boundary-outline').evaluate(outline => getComputedStyle(outline).stroke)).toBe('rgb(177, 128, 215)');
    await page.evaluate(() => document.documentElement.removeAttribute('style'));
  });

  /** How tall the diagram's 12 px text is on screen. */
  async function textPixels(): Promise<number> {
    return page.locator('#canvas svg').evaluate(svg => (svg as SVGSVGElement).getScreenCTM()!.a * 12);
  }

  /** Whether an element's shape lies wholly inside the canvas. */
  async function onCanvas(id: string): Promise<boolean> {
    const canvas = (await page.locator('#canvas').boundingBox())!;
    const box = (await page.locator(`#canvas [data-id="${id}"] [data-shape]`).boundingBox())!;
    return box.x >= canvas.x && box.x + box.width <= canvas.x + canvas.width && box.y >= canvas.y && box.y + box.height <= canvas.y + canvas.height;
  }

  it('fits the whole diagram when its text stays readable that way', async () => {
    await showGraph();
    expect(await textPixels()).toBeGreaterThanOrEqual(READABLE_TEXT_PX);
    for (const id of ['Customer', 'Api', 'Orders']) expect(await onCanvas(id), id).toBe(true);
  });

  it('opens a diagram too big for the column at a readable size, around the element under the cursor; Fit shows it all', async () => {
    await page.setViewportSize({ width: 460, height: 700 });
    try {
      // As the extension does: the graph of the model, then what the editor's cursor is on.
      await showGraph(graph, 'narrow.tm');
      await send({ type: 'select', ids: ['Orders'] });
      await expect.poll(() => onCanvas('Orders')).toBe(true);
      expect(await textPixels()).toBeGreaterThanOrEqual(READABLE_TEXT_PX);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'webview-narrow.png') });
      await page.locator('#fit').click();
      for (const id of ['Customer', 'Api', 'Orders']) expect(await onCanvas(id), id).toBe(true);
    } finally {
      await send({ type: 'select', ids: [] });
      await page.setViewportSize(WIDE);
    }
  });

  it('asks the editor to reveal what is clicked, and highlights it', async () => {
    await showGraph();
    await page.locator('#canvas [data-id="Api"] [data-shape]').click();
    expect((await recorded()).posted).toContainEqual({ type: 'reveal', id: 'Api' });
    expect(await page.locator('#canvas [data-id="Api"]').getAttribute('class')).toContain('tm-selected');
    await page.locator('#canvas [data-id="Save"] .tm-flow-label').click();
    expect((await recorded()).posted).toContainEqual({ type: 'reveal', id: 'Save' });
  });

  it('highlights what the editor\'s cursor is on', async () => {
    await showGraph();
    await send({ type: 'select', ids: ['Orders', 'Checkout'] });
    const selected = page.locator('#canvas .tm-selected');
    await expect.poll(() => selected.evaluateAll(items => items.map(item => (item as SVGGElement).dataset.id))).toEqual(['Checkout', 'Orders']);
  });

  it('shows an element\'s threats on hover', async () => {
    await showGraph();
    await page.locator('#canvas [data-id="Api"] [data-shape]').hover();
    const hover = page.locator('#hover');
    await hover.waitFor();
    expect(await hover.textContent()).toContain('T1 Reads another invoice — fix now, open');
  });

  it('draws a reply with two arrowheads and what is out of scope faded, and says both on hover', async () => {
    await showGraph(await graphOf(`${MODEL}flow Query: Api -> Orders { returns pii }\nexternal Legacy { out-of-scope "retired in May" }\nflow Old: Legacy -> Api\n`), 'replies.tm');
    const line = page.locator('#canvas [data-id="Query"] .tm-flow-line');
    expect(await line.getAttribute('marker-start')).toBe('url(#tm-arrow-start)');
    expect(await line.getAttribute('marker-end')).toBe('url(#tm-arrow)');
    expect(await page.locator('#canvas [data-id="Save"] .tm-flow-line').getAttribute('marker-start')).toBeNull();
    const legacy = page.locator('#canvas [data-id="Legacy"]');
    expect(await legacy.evaluate(item => getComputedStyle(item).opacity)).toBe('0.4');
    expect(await page.locator('#canvas [data-id="Api"]').evaluate(item => getComputedStyle(item).opacity)).toBe('1');
    const hover = page.locator('#hover');
    await page.locator('#canvas [data-id="Query"] .tm-flow-label').hover();
    await expect.poll(() => hover.textContent()).toContain('Returns pii');
    await legacy.hover();
    await expect.poll(() => hover.textContent()).toContain('Out of scope: retired in May');
  });

  it('toggles threat markers and flow labels, and remembers the choice', async () => {
    await showGraph();
    const marker = page.locator('#canvas [data-id="Api"] .tm-marker');
    expect(await marker.isVisible()).toBe(true);
    await page.locator('#show-markers').uncheck();
    expect(await marker.isVisible()).toBe(false);
    await page.locator('#show-labels').uncheck();
    expect(await page.locator('#canvas [data-id="Save"] .tm-flow-label').isVisible()).toBe(false);
    expect((await recorded()).state).toMatchObject({ showMarkers: false, showLabels: false, uri: 'file:///shop.tm' });
    await page.locator('#show-markers').check();
    await page.locator('#show-labels').check();
    expect(await marker.isVisible()).toBe(true);
  });

  it('pans and zooms, and fits the whole diagram', async () => {
    await showGraph();
    const svg = page.locator('#canvas svg');
    const width = async () => Number((await svg.getAttribute('viewBox'))!.split(' ')[2]);
    const fitted = await width();
    await page.locator('#zoom-in').click();
    expect(await width()).toBeLessThan(fitted);
    await page.locator('#fit').click();
    expect(await width()).toBe(fitted);
    const before = (await svg.getAttribute('viewBox'))!.split(' ').map(Number);
    const reveals = async () => (await recorded()).posted.filter(message => message.type === 'reveal').length;
    const revealsBefore = await reveals();
    const box = (await page.locator('#canvas').boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + box.height - 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 120, box.y + box.height - 60, { steps: 5 });
    await page.mouse.up();
    const after = (await svg.getAttribute('viewBox'))!.split(' ').map(Number);
    expect(after[0]).toBeLessThan(before[0]);
    // A drag is not a click: nothing is revealed.
    expect(await reveals()).toBe(revealsBefore);
    await page.locator('#fit').click();
  });

  it('ranks threats beside a risk matrix whose cells filter them, and marks the cheapest attack path', async () => {
    await showGraph();
    const rows = page.locator('#panel tr.threat');
    expect(await rows.evaluateAll(items => items.map(item => (item as HTMLElement).dataset.id))).toEqual(['T1', 'T2']);
    await page.locator('#panel .cell[data-likelihood="3"][data-impact="3"]').click();
    expect(await rows.evaluateAll(items => items.map(item => (item as HTMLElement).dataset.id))).toEqual(['T1']);
    await page.locator('#panel .cell[data-likelihood="3"][data-impact="3"]').click();
    expect(await rows.count()).toBe(2);
    expect(await page.locator('#panel .attack li.on-path > .node-text').allTextContents()).toEqual(['Read invoices', 'Guess an id']);
    await rows.first().click();
    expect((await recorded()).posted).toContainEqual({ type: 'reveal', id: 'T1' });
  });

  /** Whether the "arranging…" mark was shown since the last call, and whether it is gone now. */
  async function arranging(): Promise<{ shown: boolean; gone: boolean }> {
    return page.evaluate(() => {
      const mark = document.getElementById('arranging')!;
      const seen = window as unknown as { arrangingShown?: boolean; arrangingWatch?: MutationObserver };
      const shown = seen.arrangingShown ?? false;
      seen.arrangingShown = !mark.hidden;
      seen.arrangingWatch ??= new MutationObserver(() => { seen.arrangingShown ||= !mark.hidden; });
      seen.arrangingWatch.observe(mark, { attributes: true, attributeFilter: ['hidden'] });
      return { shown, gone: mark.hidden };
    });
  }

  it('draws a structural edit at once from the previous picture, marked as arranging, then elk\'s layout', async () => {
    await showGraph();
    await arranging();
    // A new element and flow: elk's input changes, so the first picture is provisional.
    await showGraph(await graphOf(`${MODEL}\nprocess Worker "Payments worker"\nflow Job: Api -> Worker`));
    await expect.poll(arranging).toEqual({ shown: true, gone: true });
    expect(await page.locator('#canvas svg [data-id="Job"] .tm-flow-line').count()).toBe(1);
    // A new threat on an element that has one already changes nothing elk sees: exact at once.
    await showGraph(await graphOf(`${MODEL}\nprocess Worker "Payments worker"\nflow Job: Api -> Worker\nthreat T3 "Replayed order" { on Api  stride I }`));
    expect(await arranging()).toEqual({ shown: false, gone: true });
    expect(await page.locator('#canvas [data-id="Api"] .tm-marker').getAttribute('data-count')).toBe('2');
  });

  it('redraws an edited model: fitted while the user has not zoomed, in place once they have', async () => {
    const svg = page.locator('#canvas svg');
    await showGraph();
    const fitted = await svg.getAttribute('viewBox');
    await showGraph(await graphOf(`${MODEL}\nprocess Worker "Payments worker"\nflow Job: Api -> Worker`));
    await page.locator('#arranging').waitFor({ state: 'hidden' });
    const refitted = await svg.getAttribute('viewBox');
    expect(Number(refitted!.split(' ')[2])).toBeGreaterThan(Number(fitted!.split(' ')[2]));
    await page.locator('#zoom-in').click();
    const zoomed = await svg.getAttribute('viewBox');
    await showGraph(await graphOf(`${MODEL}\nprocess Worker "Payments worker"\nflow Job: Api -> Worker\nstore Log`));
    await page.locator('#arranging').waitFor({ state: 'hidden' });
    expect(await svg.getAttribute('viewBox')).toBe(zoomed);
  });

  it('says so when the layout worker fails, instead of waiting for it', async () => {
    const broken = await openPreview('throw new Error("no elk here");');
    await broken.page.evaluate(data => window.postMessage(data, '*'), { type: 'graph', uri: 'file:///shop.tm', fileName: 'shop.tm', graph } satisfies PreviewMessage);
    await expect.poll(() => broken.page.locator('#status').textContent()).toMatch(/^The diagram could not be laid out: the layout worker failed/);
    await broken.page.close();
  });

  it('collapses a boundary to one box that keeps its crossing flows and counts what it hides, and expands it on a click', async () => {
    await showGraph();
    await page.locator('#canvas [data-collapse="Shop"]').click();
    const box = page.locator('#canvas .tm-nodes > [data-id="Shop"]');
    await box.waitFor();
    await page.locator('#arranging').waitFor({ state: 'hidden' });
    expect(await box.getAttribute('class')).toContain('tm-collapsed');
    expect(await box.locator('text').first().textContent()).toBe('Shop backend (2 elements, 1 flow)');
    // The flow from outside now ends at the box; the flow inside is hidden with its ends.
    expect(await page.locator('#canvas [data-id="Checkout"]').count()).toBe(1);
    expect(await page.locator('#canvas [data-id="Save"], #canvas [data-id="Api"], #canvas [data-id="Orders"]').count()).toBe(0);
    // The box carries the threats of what it hides: T1 on Api.
    expect(await box.locator('.tm-marker').getAttribute('data-count')).toBe('1');
    expect((await recorded()).state).toMatchObject({ collapsed: ['Shop'] });
    await box.hover();
    expect(await page.locator('#hover').textContent()).toContain('Hides 2 elements, 1 flow. Click to expand.');
    await box.click();
    await page.locator('#canvas [data-id="Api"]').waitFor();
    expect(await page.locator('#canvas .tm-nodes > [data-id="Shop"]').count()).toBe(0);
    expect((await recorded()).state).toMatchObject({ collapsed: [] });
  });

  it('collapses and expands every boundary from the toolbar', async () => {
    await showGraph();
    await page.locator('#collapse-all').click();
    await page.locator('#canvas .tm-nodes > [data-id="Shop"].tm-collapsed').waitFor();
    expect(await page.locator('#canvas [data-id="Api"]').count()).toBe(0);
    await page.locator('#expand-all').click();
    await page.locator('#canvas [data-id="Api"]').waitFor();
    expect(await page.locator('#canvas .tm-collapsed').count()).toBe(0);
  });

  it('shows only the neighbourhood of the element under the cursor in the focus view', async () => {
    const chain = await graphOf('process A\nprocess B\nprocess C\nprocess D\nprocess E\nflow AB: A -> B\nflow BC: B -> C\nflow CD: C -> D\nflow DE: D -> E');
    await showGraph(chain, 'chain.tm');
    const drawnIds = () => page.locator('#canvas .tm-nodes > [data-id]').evaluateAll(items => items.map(item => (item as SVGGElement).dataset.id));
    await send({ type: 'select', ids: ['B'] });
    await page.locator('#focus').check();
    await expect.poll(drawnIds).toEqual(['A', 'B', 'C']);
    expect(await page.locator('#view-summary').textContent()).toBe('3 of 5 elements shown');
    // It follows the cursor.
    await send({ type: 'select', ids: ['D'] });
    await expect.poll(drawnIds).toEqual(['C', 'D', 'E']);
    await page.locator('#focus-hops').selectOption('2');
    await expect.poll(drawnIds).toEqual(['B', 'C', 'D', 'E']);
    expect((await recorded()).state).toMatchObject({ focusHops: 2 });
    await page.locator('#focus').uncheck();
    await expect.poll(drawnIds).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(await page.locator('#view-summary').textContent()).toBe('');
    await send({ type: 'select', ids: [] });
  });

  it('finds by name, expanding the boundary that hides the match, and shows it at a readable size', async () => {
    await showGraph();
    await page.locator('#collapse-all').click();
    await page.locator('#canvas .tm-nodes > [data-id="Shop"].tm-collapsed').waitFor();
    await page.locator('#find').fill('orders');
    expect(await page.locator('#find-count').textContent()).toBe('1');
    await page.locator('#find').press('Enter');
    const orders = page.locator('#canvas [data-id="Orders"]');
    await orders.waitFor();
    await expect.poll(() => orders.getAttribute('class')).toContain('tm-found');
    expect(await orders.getAttribute('class')).toContain('tm-selected');
    expect(await page.locator('#find-count').textContent()).toBe('1 of 1');
    expect(await textPixels()).toBeGreaterThanOrEqual(READABLE_TEXT_PX);
    expect(await onCanvas('Orders')).toBe(true);
    await page.locator('#find').fill('no such thing');
    expect(await page.locator('#find-count').textContent()).toBe('no match');
    await page.locator('#find').press('Escape');
    expect(await page.locator('#canvas .tm-found').count()).toBe(0);
  });

  it('draws a model\'s first picture at once, before elk\'s layout, then elk\'s', async () => {
    const release = await page.evaluate(() => document.querySelector('#canvas svg')?.remove());
    void release;
    await arranging();
    await send({ type: 'graph', uri: 'file:///first.tm', fileName: 'first.tm', graph });
    await page.locator('#canvas svg [data-id="Api"]').waitFor();
    await expect.poll(arranging).toEqual({ shown: true, gone: true });
  });

  it('drops malformed messages, says so on the console, and keeps drawing', async () => {
    const warnings: string[] = [];
    const listener = (message: { type(): string; text(): string }) => {
      if (message.type() === 'warning') warnings.push(message.text());
    };
    page.on('console', listener);
    for (const malformed of [null, 'graph', { type: 'graph', uri: 'file:///x.tm', fileName: 'x.tm', graph: 5 }, { type: 'select', ids: [1, 2] }, { type: 'evil' }, { type: 'lock', locked: 'yes' }]) {
      await page.evaluate(data => window.postMessage(data, '*'), malformed);
    }
    await expect.poll(() => warnings.length).toBe(6);
    expect(warnings.every(warning => warning.startsWith('tm preview: a malformed message was ignored'))).toBe(true);
    page.off('console', listener);
    await showGraph();
    expect(incidents.errors).toEqual([]);
  });

  it('keeps hostile labels inert: no script runs, nothing is fetched', async () => {
    await showGraph(await graphOf(hostileModel()), 'hostile.tm');
    // Long labels make a wide picture: all of it, to hover any part.
    await page.locator('#fit').click();
    await page.locator('#canvas [data-id="App"]').hover();
    await page.locator('#hover').waitFor();
    const texts = await page.locator('#canvas text').allTextContents();
    expect(texts).toContain(HOSTILE_LABELS[0]);
    expect(await page.locator('#panel').textContent()).toContain(HOSTILE_LABELS[2]);
    expect(await page.locator('img, iframe, foreignObject, script:not([nonce])').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'webview-hostile.png') });
    // Collapsed, the hostile boundary label is the box's label: still text. Found, still text.
    await page.locator('#collapse-all').click();
    const box = page.locator('#canvas .tm-nodes > [data-id="Zone"].tm-collapsed');
    await box.waitFor();
    expect(await box.locator('text').first().textContent()).toContain(HOSTILE_LABELS[1].slice(0, 10));
    await box.hover();
    expect(await page.locator('#hover').textContent()).toContain(HOSTILE_LABELS[1]);
    // Matches the boundary, then the flow inside it, which expands it.
    await page.locator('#find').fill('<script>');
    await page.locator('#find').press('Enter');
    expect(await page.locator('#find-count').textContent()).toBe('1 of 2');
    await page.locator('#find').press('Enter');
    await page.locator('#canvas [data-id="Save"].tm-found').waitFor();
    expect(await page.locator('img, iframe, foreignObject, script:not([nonce])').count()).toBe(0);
    expect(incidents).toEqual({ requests: [], dialogs: [], errors: [], cspViolations: [] });
  });
});
