// The preview webview's page. Pure, so the Chromium tests load exactly this page with the real
// bundle. Nothing is inline but the nonce-tagged script tag itself; styles and the script come
// from the extension's out/ folder only, and the page may load nothing else. The one exception
// to loading by tag is the layout worker: a webview may start a worker only from a blob: URL,
// so the script fetches the worker's code from out/ (`connect-src`) and starts it from a blob
// it made itself (`worker-src blob:`).
import { escapeXml } from '../../server/escape/xml.js';

export interface PreviewPageResources {
  /** The webview's `cspSource`: where the extension's own files are served from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** out/layout-worker.js: elk, run off the page's thread. */
  layoutWorkerUri: string;
  /** Fresh for every page. */
  nonce: string;
}

export function previewHtml({ cspSource, scriptUri, styleUri, layoutWorkerUri, nonce }: PreviewPageResources): string {
  const csp = [
    "default-src 'none'",
    `img-src ${escapeXml(cspSource)}`,
    `style-src ${escapeXml(cspSource)}`,
    `script-src 'nonce-${escapeXml(nonce)}'`,
    `connect-src ${escapeXml(cspSource)}`,
    'worker-src blob:',
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeXml(styleUri)}">
<title>Data-flow diagram</title>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Diagram">
  <span id="file-name" class="file-name"></span>
  <span id="arranging" class="arranging" role="status" title="A quick picture until the exact layout is ready" hidden>arranging…</span>
  <span class="find"><input type="search" id="find" placeholder="Find…" aria-label="Find an element, flow or boundary by name" title="Find by name or label: Enter shows the next match, Shift+Enter the previous"><span id="find-count" class="find-count" aria-live="polite"></span></span>
  <label title="Show only the neighbourhood of the element under the editor's cursor"><input type="checkbox" id="focus"> Focus</label>
  <select id="focus-hops" aria-label="Focus depth" title="How many flows away from the selection the focus view reaches"><option value="1">1 hop</option><option value="2">2 hops</option><option value="3">3 hops</option></select>
  <button type="button" id="collapse-all" title="Collapse every outermost boundary to one box">Collapse all</button>
  <button type="button" id="expand-all" title="Expand every collapsed boundary">Expand all</button>
  <button type="button" id="zoom-in" title="Zoom in">+</button>
  <button type="button" id="zoom-out" title="Zoom out">−</button>
  <button type="button" id="fit" title="Fit the diagram to the window">Fit</button>
  <label><input type="checkbox" id="show-markers" checked> Threat markers</label>
  <label><input type="checkbox" id="show-labels" checked> Flow labels</label>
  <button type="button" id="toggle-panel" aria-pressed="true" title="Show or hide the threat panel">Threats</button>
</header>
<div id="status" class="status" role="status" hidden></div>
<main>
  <div id="canvas" class="canvas" aria-label="Data-flow diagram"></div>
  <aside id="panel" class="panel" aria-label="Threats"></aside>
</main>
<div id="hover" class="hover" role="tooltip" hidden></div>
<script nonce="${escapeXml(nonce)}" src="${escapeXml(scriptUri)}" data-layout-worker="${escapeXml(layoutWorkerUri)}"></script>
</body>
</html>
`;
}
