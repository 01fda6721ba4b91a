// The preview webview: lays out and draws the graph the extension sends, with the same renderer
// as `tm dfd`, and turns clicks, hovers and toggles into highlights and `reveal` requests. elk
// runs in a worker; live-layout.ts decides what is drawn meanwhile.
import { renderSvg } from '../../server/diagram/svg.js';
import { DIAGRAM_STYLE } from '../../server/diagram/theme.js';
import type { DiagramLayout } from '../../server/diagram/types.js';
import type { PreviewMessage, PreviewReply, PreviewState } from '../../server/protocol.js';
import { WorkerLayout } from './layout-engine.js';
import type { Picture } from './live-layout.js';
import { LiveLayout } from './live-layout.js';
import { PanZoom } from './pan-zoom.js';
import { element, list, SidePanel } from './side-panel.js';

interface VsCodeApi {
  postMessage(message: PreviewReply): void;
  getState(): PreviewState | undefined;
  setState(state: PreviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: PreviewState = { showMarkers: true, showLabels: true, ...vscode.getState() };

const workerLayout = new WorkerLayout((document.currentScript as HTMLScriptElement).dataset.layoutWorker!);

const canvas = byId('canvas');
const hover = byId('hover');
const status = byId('status');
const arranging = byId('arranging');
const panel = byId('panel');
const showMarkers = byId('show-markers') as HTMLInputElement;
const showLabels = byId('show-labels') as HTMLInputElement;

// The CSP admits no inline <style>; a constructed stylesheet is script-made and allowed.
const sheet = new CSSStyleSheet();
sheet.replaceSync(DIAGRAM_STYLE);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const panZoom = new PanZoom(canvas);
const sidePanel = new SidePanel(panel, {
  reveal: id => vscode.postMessage({ type: 'reveal', id }),
  highlight: ids => mark('tm-related', ids),
});

let layout: DiagramLayout | undefined;
let selected: string[] = [];
/** The model whose graph came last, and its file name: what every picture is drawn for. */
let latestModel: { uri: string; fileName: string } | undefined;
const live = new LiveLayout({
  layout: graph => workerLayout.layout(graph),
  show: draw,
  fail: error => showStatus(`The diagram could not be laid out: ${error instanceof Error ? error.message : String(error)}`),
});

window.addEventListener('message', (event: MessageEvent<PreviewMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'graph':
      latestModel = { uri: message.uri, fileName: message.fileName };
      live.update(message.uri, message.graph);
      return;
    case 'unavailable':
      showStatus(`${message.fileName}: ${message.reason}.`);
      return;
    case 'select':
      selected = message.ids;
      mark('tm-selected', selected);
      revealSelected();
      return;
    case 'lock':
      setState({ ...state, locked: message.locked });
      return;
  }
});

function draw({ layout: next, provisional }: Picture): void {
  const { uri, fileName } = latestModel!;
  const sameModel = state.uri === uri && layout !== undefined;
  layout = next;
  setState({ ...state, uri });
  byId('file-name').textContent = fileName;
  arranging.hidden = !provisional;
  showStatus(undefined);

  // Parsed as XML, not HTML: markup in a label could only ever be text, and nothing runs.
  const parsed = new DOMParser().parseFromString(renderSvg(next, { embedStyle: false, ...visibility() }), 'image/svg+xml');
  // Adopted, not imported: moving the parsed tree into the page is cheaper than copying it.
  const svg = document.adoptNode(parsed.documentElement) as unknown as SVGSVGElement;
  // The hover card replaces the standalone SVG's tooltips.
  svg.querySelectorAll('[data-id] > title').forEach(title => title.remove());
  canvas.replaceChildren(svg);
  panZoom.attach(svg, next.width, next.height, !sameModel);
  mark('tm-selected', selected);
  sidePanel.render(next.graph);
}

function visibility(): { showMarkers: boolean; showLabels: boolean } {
  return { showMarkers: state.showMarkers, showLabels: state.showLabels };
}

function mark(className: string, ids: readonly string[]): void {
  const wanted = new Set(ids);
  canvas.querySelectorAll<SVGGElement>('[data-id]').forEach(item => item.classList.toggle(className, wanted.has(item.dataset.id!)));
}

function revealSelected(): void {
  const id = selected[0];
  const box = id !== undefined && layout ? layout.nodes[id] ?? layout.boundaries[id] ?? layout.edges[id]?.label : undefined;
  if (box) panZoom.reveal(box);
}

canvas.addEventListener('click', event => {
  if (panZoom.dragged) return;
  const item = (event.target as Element).closest<SVGGElement>('[data-id]');
  if (!item) return;
  selected = [item.dataset.id!];
  mark('tm-selected', selected);
  vscode.postMessage({ type: 'reveal', id: item.dataset.id! });
});

canvas.addEventListener('pointermove', event => {
  const item = (event.target as Element).closest<SVGGElement>('[data-id]');
  if (!item || !layout) {
    hover.hidden = true;
    return;
  }
  showHover(item, event.clientX, event.clientY);
});
canvas.addEventListener('pointerleave', () => {
  hover.hidden = true;
});

function showHover(item: SVGGElement, x: number, y: number): void {
  const id = item.dataset.id!;
  const graph = layout!.graph;
  const drawn = graph.nodes.find(node => node.id === id) ?? graph.edges.find(edge => edge.id === id) ?? graph.boundaries.find(boundary => boundary.id === id);
  if (!drawn) return;
  const threats = sidePanel.threatsOn(id);
  const uncovered = 'uncovered' in drawn && drawn.uncovered.length > 0 ? drawn.uncovered : undefined;
  hover.replaceChildren(
    element('div', { className: 'hover-title' }, element('strong', {}, drawn.label), ` ${item.dataset.kind} ${id}`),
    ...('protocol' in drawn && drawn.protocol ? [element('div', {}, `Protocol ${drawn.protocol}${drawn.crossing ? ', crosses a trust boundary' : ''}`)] : []),
    threats.length > 0
      ? list({ className: 'hover-threats' }, threats.map(threat => element('li', { className: `bucket-${threat.bucket?.replace(' ', '-') ?? 'unscored'}` },
        element('strong', {}, threat.id), ` ${threat.title} — ${threat.bucket ?? 'unscored'}, ${threat.status}`)))
      : element('div', { className: 'hover-none' }, item.dataset.kind === 'boundary' ? 'Trust boundary' : 'No threats yet'),
    ...(uncovered ? [element('div', { className: 'hover-uncovered' }, `Uncovered: ${uncovered.join(', ')}`)] : []),
  );
  hover.hidden = false;
  const margin = 12;
  hover.style.left = `${Math.min(x + margin, window.innerWidth - hover.offsetWidth - margin)}px`;
  hover.style.top = `${Math.min(y + margin, window.innerHeight - hover.offsetHeight - margin)}px`;
}

byId('zoom-in').addEventListener('click', () => panZoom.zoom(1.25));
byId('zoom-out').addEventListener('click', () => panZoom.zoom(1 / 1.25));
byId('fit').addEventListener('click', () => panZoom.fit());
showMarkers.checked = state.showMarkers;
showLabels.checked = state.showLabels;
showMarkers.addEventListener('change', () => toggle('showMarkers', showMarkers.checked, 'tm-hide-markers'));
showLabels.addEventListener('change', () => toggle('showLabels', showLabels.checked, 'tm-hide-labels'));
const togglePanel = byId('toggle-panel');
togglePanel.addEventListener('click', () => {
  panel.hidden = !panel.hidden;
  togglePanel.setAttribute('aria-pressed', String(!panel.hidden));
});

function toggle(key: 'showMarkers' | 'showLabels', shown: boolean, hiddenClass: string): void {
  setState({ ...state, [key]: shown });
  canvas.querySelector('svg')?.classList.toggle(hiddenClass, !shown);
}

function setState(next: PreviewState): void {
  state = next;
  vscode.setState(state);
}

function showStatus(text: string | undefined): void {
  status.hidden = text === undefined;
  status.textContent = text ?? '';
}

function byId(id: string): HTMLElement {
  return document.getElementById(id)!;
}

vscode.postMessage({ type: 'ready' });
