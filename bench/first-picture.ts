// "First picture after opening a model": how long after the preview's page starts loading the
// user sees a diagram, in the real page (the webview bundle under its security policy, in
// Debian's Chromium, as test/diagram/webview-in-chromium.test.ts loads it), plus the server's
// part (the model checked, its graph built and sent as JSON). The page draws the graph at once
// with the quick layout (server/diagram/quick-layout.ts) and does not wait for elk's worker;
// elk's picture, which replaces it, is timed too. Skipped where Chromium is absent.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { previewHtml } from '../client/preview/html.js';
import type { DiagramGraph } from '../server/diagram/types.js';
import { median } from './statistics.js';

const CHROMIUM = '/usr/bin/chromium';
const ORIGIN = 'https://webview.bench';
const PAGE = `${ORIGIN}/index.html`;
const SCRIPT = `${ORIGIN}/out/webview.js`;
const STYLE = `${ORIGIN}/out/webview.css`;
const WORKER = `${ORIGIN}/out/layout-worker.js`;

export interface FirstPictureFigures {
  /** Page start → the first picture in the page (the quick layout), median ms. */
  firstPicture: number;
  /** Page start → elk's picture in its place, median ms. */
  exactPicture: number;
}

export const hasChromium = existsSync(CHROMIUM);

/** Page start to first picture and to elk's picture, over `repeats` fresh pages (the extension's out/ must be built). */
export async function firstPictureInBrowser(graph: DiagramGraph, repeats: number): Promise<FirstPictureFigures> {
  const out = join(process.cwd(), 'out');
  const [script, worker, style] = ['webview.js', 'layout-worker.js', 'webview.css'].map(name => readFileSync(join(out, name), 'utf8'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const first: number[] = [];
  const exact: number[] = [];
  try {
    // One more run than measured: the first warms Chromium's caches.
    for (let run = 0; run <= repeats; run++) {
      const page = await browser.newPage({ viewport: { width: 700, height: 900 } });
      const html = previewHtml({ cspSource: ORIGIN, scriptUri: SCRIPT, styleUri: STYLE, layoutWorkerUri: WORKER, nonce: `bench-${run}` });
      await page.route(PAGE, route => route.fulfill({ contentType: 'text/html', body: html }));
      await page.route(SCRIPT, route => route.fulfill({ contentType: 'text/javascript', body: script }));
      await page.route(STYLE, route => route.fulfill({ contentType: 'text/css', body: style }));
      await page.route(WORKER, route => route.fulfill({ contentType: 'text/javascript', body: worker }));
      // The extension's part: it sends the graph as soon as the page says it is ready.
      await page.addInitScript((graphJson: string) => {
        const timings = { first: 0, exact: 0 };
        Object.assign(window, {
          timings,
          acquireVsCodeApi: () => ({
            postMessage: (message: { type: string }) => {
              if (message.type === 'ready') window.postMessage({ type: 'graph', uri: 'file:///bench.tm', fileName: 'bench.tm', graph: JSON.parse(graphJson) as unknown }, '*');
            },
            getState: () => undefined,
            setState: () => undefined,
          }),
        });
        new MutationObserver(() => {
          const drawn = document.querySelector('#canvas svg [data-id]');
          const arranging = document.getElementById('arranging');
          if (drawn && timings.first === 0) timings.first = performance.now();
          if (drawn && arranging?.hidden && timings.exact === 0) timings.exact = performance.now();
        }).observe(document, { subtree: true, childList: true, attributes: true });
      }, JSON.stringify(graph));
      await page.goto(PAGE);
      await page.waitForFunction(() => (window as unknown as { timings: { exact: number } }).timings.exact > 0, undefined, { timeout: 120_000 });
      const timings = await page.evaluate(() => (window as unknown as { timings: { first: number; exact: number } }).timings);
      if (run > 0) {
        first.push(timings.first);
        exact.push(timings.exact);
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return { firstPicture: median(first), exactPicture: median(exact) };
}
