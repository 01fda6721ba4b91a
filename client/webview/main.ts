// The preview webview: lays out and draws the graph the extension sends, with the same renderer
// as `tm dfd`, and turns clicks, hovers and toggles into highlights and `reveal` requests. elk
// runs in a worker; live-layout.ts decides what is drawn meanwhile. For big models: boundaries
// collapse to one box and expand again, the focus view shows the selection's neighbourhood, and
// find-by-name brings a match into view at a readable size (diagram-view.ts, viewport.ts).
import { describeCounts } from '../../server/diagram/collapse.js';
import type { CollapsedGraph } from '../../server/diagram/collapse.js';
import { renderSvg } from '../../server/diagram/svg.js';
import { DIAGRAM_STYLE } from '../../server/diagram/theme.js';
import type { Box, DiagramGraph, DiagramLayout } from '../../server/diagram/types.js';
import type { PreviewReply, PreviewState } from '../../server/protocol.js';
import { checkMessage, checkState, MAX_FOCUS_HOPS } from '../preview/messages.js';
import { diagramView, enclosingBoundaries, findByName } from './diagram-view.js';
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
// The saved state is data like any message: only its well-formed fields are used.
let state: PreviewState = checkState(vscode.getState()) ?? { showMarkers: true, showLabels: true };

const workerLayout = new WorkerLayout((document.currentScript as HTMLScriptElement).dataset.layoutWorker!);

const canvas = byId('canvas');
const hover = byId('hover');
const status = byId('status');
const arranging = byId('arranging');
const panel = byId('panel');
const showMarkers = byId('show-markers') as HTMLInputElement;
const showLabels = byId('show-labels') as HTMLInputElement;
const focusToggle = byId('focus') as HTMLInputElement;
const focusHops = byId('focus-hops') as HTMLSelectElement;
const findInput = byId('find') as HTMLInputElement;
const findCount = byId('find-count');
const viewSummary = byId('view-summary');

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
/** What the focus view is centred on: the last selection that was not empty. */
let focusOn: string[] = [];
/** The model whose graph came last: its file name and the server's whole graph. */
let source: { uri: string; fileName: string; graph: DiagramGraph } | undefined;
/** What is drawn of it: collapsed boxes, the focus (diagram-view.ts). */
let view: CollapsedGraph | undefined;
/** The next picture opens as a new model does (viewport.ts), instead of keeping the user's view. */
let opening = true;
/** Find-by-name: the matches, and which one was last shown. */
let found: string[] = [];
let foundIndex = -1;
/** An element to bring into view once the picture that shows it is drawn (a find that expanded a boundary). */
let pendingReveal: string | undefined;
const live = new LiveLayout({
  layout: (graph, previous) => workerLayout.layout(graph, { previous }),
  show: draw,
  fail: error => showStatus(`The diagram could not be laid out: ${error instanceof Error ? error.message : String(error)}`),
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const checked = checkMessage(event.data);
  if (!checked.ok) {
    console.warn(`tm preview: a malformed message was ignored (${checked.reason}).`);
    return;
  }
  const message = checked.value;
  switch (message.type) {
    case 'graph':
      if (source?.uri !== message.uri) {
        opening = true;
        // What was selected in another model; the editor sends this one's selection next.
        selected = [];
        focusOn = [];
        // Boundaries of another model: what was collapsed there means nothing here.
        if (state.uri !== message.uri) setState({ ...state, collapsed: [] });
      }
      source = { uri: message.uri, fileName: message.fileName, graph: message.graph };
      redraw();
      updateFound();
      return;
    case 'unavailable':
      showStatus(`${message.fileName}: ${message.reason}.`);
      return;
    case 'select':
      selected = message.ids;
      if (state.focusHops !== undefined && moveFocus()) return;
      mark('tm-selected', selected);
      revealSelected();
      return;
    case 'lock':
      setState({ ...state, locked: message.locked });
      return;
  }
});

/** Centres the focus view on a new selection; whether it moved (and the picture was redrawn). */
function moveFocus(): boolean {
  if (selected.length === 0 || selected.join('\n') === focusOn.join('\n')) return false;
  focusOn = selected;
  opening = true;
  redraw();
  return true;
}

/** Lays out and draws the part of the model the controls ask for. */
function redraw(): void {
  if (!source) return;
  const focus = state.focusHops !== undefined && focusOn.length > 0 ? { selection: focusOn, hops: state.focusHops } : undefined;
  view = diagramView(source.graph, { collapsed: state.collapsed ?? [], focus });
  const shown = view.graph.nodes.filter(node => !view!.collapsed.has(node.id)).length;
  const total = source.graph.nodes.length;
  viewSummary.textContent = shown < total ? `${shown} of ${total} elements shown` : '';
  live.update(source.uri, view.graph);
}

function draw({ layout: next, provisional }: Picture): void {
  const { uri, fileName } = source!;
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
  addCollapseControls(svg);
  canvas.replaceChildren(svg);
  panZoom.attach(svg, next.width, next.height, { opening, around: boxOf(selected[0]) });
  opening = false;
  mark('tm-selected', selected);
  mark('tm-found', found);
  sidePanel.render(next.graph);
  if (pendingReveal !== undefined) {
    const box = boxOf(pendingReveal);
    if (box) panZoom.reveal(box, { readable: true });
    if (!provisional) pendingReveal = undefined;
  }
}

/**
 * The collapse controls, drawn by the page over the shared renderer's picture: a collapsed
 * boundary's box is marked as one (it expands when clicked), and every open boundary gets a
 * button in its top-right corner that collapses it. Built with DOM calls: no model text here.
 */
function addCollapseControls(svg: SVGSVGElement): void {
  const collapsed = view?.collapsed ?? new Map();
  svg.querySelectorAll<SVGGElement>('.tm-nodes > [data-id]').forEach(item => {
    if (!collapsed.has(item.dataset.id!)) return;
    item.classList.add('tm-collapsed');
    item.dataset.kind = 'boundary';
  });
  svg.querySelectorAll<SVGGElement>('.tm-boundary[data-id]').forEach(item => {
    const box = layout?.boundaries[item.dataset.id!];
    if (!box) return;
    const size = 16;
    const button = svgElement('g', { class: 'tm-collapse-button', role: 'button', 'aria-label': 'Collapse this boundary' });
    button.dataset.collapse = item.dataset.id!;
    const x = box.x + box.width - size - 4;
    const y = box.y + 4;
    const title = svgElement('title', {});
    title.textContent = 'Collapse this boundary to one box';
    const minus = svgElement('path', { d: `M${x + 4} ${y + size / 2}H${x + size - 4}` });
    button.append(title, svgElement('rect', { x: String(x), y: String(y), width: String(size), height: String(size), rx: '3' }), minus);
    item.append(button);
  });
}

function svgElement(tag: string, attributes: Record<string, string>): SVGElement {
  const created: SVGElement = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  return created;
}

function setCollapsed(ids: readonly string[]): void {
  setState({ ...state, collapsed: [...new Set(ids)] });
  redraw();
}

/** Where an element, flow or boundary is drawn: its own box, the box of the collapsed boundary that hides it, or a flow's label. */
function boxOf(id: string | undefined): Box | undefined {
  if (id === undefined || !layout) return undefined;
  const shown = view?.hiddenIn.get(id) ?? id;
  return layout.nodes[shown] ?? layout.boundaries[shown] ?? layout.edges[shown]?.label;
}

function visibility(): { showMarkers: boolean; showLabels: boolean } {
  return { showMarkers: state.showMarkers, showLabels: state.showLabels };
}

/** Marks what the ids are drawn as: a hidden element's collapsed boundary stands for it. */
function mark(className: string, ids: readonly string[]): void {
  const wanted = new Set(ids.map(id => view?.hiddenIn.get(id) ?? id));
  canvas.querySelectorAll<SVGGElement>('[data-id]').forEach(item => item.classList.toggle(className, wanted.has(item.dataset.id!)));
}

function revealSelected(): void {
  const box = boxOf(selected[0]);
  if (box) panZoom.reveal(box);
}

canvas.addEventListener('click', event => {
  if (panZoom.dragged) return;
  const target = event.target as Element;
  const collapse = target.closest<SVGGElement>('[data-collapse]');
  if (collapse) {
    setCollapsed([...(state.collapsed ?? []), collapse.dataset.collapse!]);
    return;
  }
  const item = target.closest<SVGGElement>('[data-id]');
  if (!item) return;
  if (item.classList.contains('tm-collapsed')) {
    setCollapsed((state.collapsed ?? []).filter(id => id !== item.dataset.id));
    return;
  }
  selected = [item.dataset.id!];
  if (state.focusHops === undefined || !moveFocus()) mark('tm-selected', selected);
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
  const hidden = view?.collapsed.get(id);
  if (hidden) {
    const boundary = source?.graph.boundaries.find(each => each.id === id);
    hover.replaceChildren(
      element('div', { className: 'hover-title' }, element('strong', {}, boundary?.label ?? id), ` collapsed boundary ${id}`),
      element('div', {}, `Hides ${describeCounts(hidden)}. Click to expand.`),
    );
    placeHover(x, y);
    return;
  }
  const graph = layout!.graph;
  const drawn = graph.nodes.find(node => node.id === id) ?? graph.edges.find(edge => edge.id === id) ?? graph.boundaries.find(boundary => boundary.id === id);
  if (!drawn) return;
  const threats = sidePanel.threatsOn(id);
  const uncovered = 'uncovered' in drawn && drawn.uncovered.length > 0 ? drawn.uncovered : undefined;
  hover.replaceChildren(
    element('div', { className: 'hover-title' }, element('strong', {}, drawn.label), ` ${item.dataset.kind} ${id}`),
    ...('protocol' in drawn && drawn.protocol ? [element('div', {}, `Protocol ${drawn.protocol}${drawn.crossing ? ', crosses a trust boundary' : ''}`)] : []),
    ...('returns' in drawn && drawn.returns ? [element('div', {}, `Returns ${drawn.returns.join(', ')}`)] : []),
    ...(drawn.outOfScope !== undefined ? [element('div', { className: 'hover-out-of-scope' }, `Out of scope: ${drawn.outOfScope}`)] : []),
    threats.length > 0
      ? list({ className: 'hover-threats' }, threats.map(threat => element('li', { className: `bucket-${threat.bucket?.replace(' ', '-') ?? 'unscored'}` },
        element('strong', {}, threat.id), ` ${threat.title} — ${threat.bucket ?? 'unscored'}, ${threat.statusAt?.[id] ?? threat.status}`)))
      : element('div', { className: 'hover-none' }, item.dataset.kind === 'boundary' ? 'Trust boundary' : 'No threats yet'),
    ...(uncovered ? [element('div', { className: 'hover-uncovered' }, `Uncovered: ${uncovered.join(', ')}`)] : []),
  );
  placeHover(x, y);
}

function placeHover(x: number, y: number): void {
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
focusToggle.checked = state.focusHops !== undefined;
focusHops.value = String(state.focusHops ?? 1);
const changeFocus = () => {
  const hops = Math.min(MAX_FOCUS_HOPS, Math.max(1, Number(focusHops.value) || 1));
  setState({ ...state, focusHops: focusToggle.checked ? hops : undefined });
  if (selected.length > 0) focusOn = selected;
  opening = true;
  redraw();
};
focusToggle.addEventListener('change', changeFocus);
focusHops.addEventListener('change', () => {
  if (focusToggle.checked) changeFocus();
});
byId('collapse-all').addEventListener('click', () => {
  // The outermost boundaries: everything inside them goes with them.
  setCollapsed(source?.graph.boundaries.filter(boundary => boundary.parent === undefined).map(boundary => boundary.id) ?? []);
});
byId('expand-all').addEventListener('click', () => setCollapsed([]));

findInput.addEventListener('input', () => {
  foundIndex = -1;
  updateFound();
});
findInput.addEventListener('keydown', event => {
  if (event.key === 'Enter') {
    event.preventDefault();
    showFound(event.shiftKey ? -1 : 1);
  } else if (event.key === 'Escape') {
    findInput.value = '';
    foundIndex = -1;
    updateFound();
  }
});

/** Marks every match of the find box in the picture and says how many there are. */
function updateFound(): void {
  found = source ? findByName(source.graph, findInput.value) : [];
  if (foundIndex >= found.length) foundIndex = -1;
  mark('tm-found', found);
  findCount.textContent = findInput.value.trim() === '' ? '' : found.length === 0 ? 'no match' : `${foundIndex + 1 > 0 ? `${foundIndex + 1} of ` : ''}${found.length}`;
}

/**
 * Shows the next (or previous) match at a readable size and selects it: a boundary that hides
 * it is expanded, and the focus view moves to it.
 */
function showFound(step: number): void {
  if (found.length === 0 || !source) return;
  foundIndex = (foundIndex + step + found.length) % found.length;
  const id = found[foundIndex];
  updateFound();
  selected = [id];
  focusOn = selected;
  const enclosing = enclosingBoundaries(source.graph, [id]);
  const collapsed = state.collapsed ?? [];
  pendingReveal = id;
  if (collapsed.some(boundary => enclosing.has(boundary)) || state.focusHops !== undefined) {
    setCollapsed(collapsed.filter(boundary => !enclosing.has(boundary) || boundary === id));
  } else {
    mark('tm-selected', selected);
    const box = boxOf(id);
    if (box) panZoom.reveal(box, { readable: true });
    pendingReveal = undefined;
  }
}

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
