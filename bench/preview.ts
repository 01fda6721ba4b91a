// The preview's work after the model is checked: model → graph (server) → layout → SVG (in the
// webview, the same code), timed in process on models parsed by the checking services. Three
// situations, because the preview treats them differently (client/webview/live-layout.ts):
// - opened: the first picture, drawn with the quick layout before elk's (first-picture.ts
//   times it in the real page);
// - cold: elk lays the graph out (a model opened, or elk's answer to a structural edit);
// - an edit elk would not see (a threat added): the previous layout is reused, no elk run;
// - a structural edit (an element and a flow added): a provisional picture from the previous
//   layout at once, then elk's layout, which in the editor runs in a worker.
import { performance } from 'node:perf_hooks';
import { EmptyFileSystem, URI } from 'langium';
import { analyzeModel } from '../server/domain/analysis.js';
import type { ModelAnalysis } from '../server/domain/analysis.js';
import { layoutKey, reuseLayout } from '../server/diagram/elk-graph.js';
import { layoutGraph, modelGraph, renderSvg } from '../server/diagram/index.js';
import type { DiagramGraph, DiagramLayout } from '../server/diagram/index.js';
import { provisionalLayout } from '../server/diagram/provisional-layout.js';
import { quickLayout } from '../server/diagram/quick-layout.js';
import type { Model } from '../server/language/generated/ast.js';
import { createTmServices } from '../server/lsp/tm-lsp-module.js';
import { median } from './statistics.js';

/** Wall and CPU milliseconds of one step. */
export interface Clocked {
  wall: number;
  cpu: number;
}

/** Medians, in milliseconds of wall time, except `totalCpu`: the CPU time of the whole cold pipeline. */
export interface PreviewFigures {
  /** A model opened: checked, its graph built and sent as JSON (the server's part of the first picture). */
  serverGraph: number;
  /** The page's part: its graph drawn with the quick layout, in process. */
  quickPicture: number;
  graph: number;
  layout: number;
  svg: number;
  total: number;
  totalCpu: number;
  /** A threat added: graph → previous layout → SVG. */
  layoutReused: Clocked;
  /** An element and a flow added: graph → provisional layout → SVG. */
  provisional: Clocked;
  /** The same edit: graph → elk's layout → SVG, which replaces the provisional picture. */
  exactAfterEdit: Clocked;
}

/** Another threat on P0 and Out0 with a letter T0 already covers there: no node, flow or size changes. */
const THREAT_ADDED = 'threat Textra "Another threat" {\n  on P0, Out0\n  stride T\n  likelihood 1  impact 1\n}\n';
const ELEMENT_ADDED = 'process Pextra "Process Pextra" { privilege service }\nflow Fextra: P0 -> Pextra "flow Fextra" { protocol HTTPS }\n';
/** The edits cost milliseconds, so they get more runs than the cold layout. */
const MIN_EDIT_REPEATS = 5;

function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const services = createTmServices(EmptyFileSystem);
let documents = 0;

export async function analysisOf(text: string): Promise<ModelAnalysis> {
  const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
  const document = LangiumDocumentFactory.fromString<Model>(text, URI.file(`/bench/preview-${documents++}.tm`));
  LangiumDocuments.addDocument(document);
  await DocumentBuilder.build([document], { validation: true });
  LangiumDocuments.deleteDocument(document.uri);
  return analyzeModel(document.parseResult.value);
}

/** The graph the server sends for a model. */
export async function diagramGraphOf(text: string): Promise<DiagramGraph> {
  return modelGraph(await analysisOf(text));
}

/** Wall and CPU time of `action`, in milliseconds. */
async function clocked<T>(action: () => Promise<T> | T): Promise<Clocked & { value: T }> {
  const cpuStart = cpuNow();
  const start = performance.now();
  const value = await action();
  return { wall: performance.now() - start, cpu: cpuNow() - cpuStart, value };
}

function medians(runs: readonly Clocked[]): Clocked {
  return { wall: median(runs.map(run => run.wall)), cpu: median(runs.map(run => run.cpu)) };
}

export async function previewPipeline(text: string, repeats: number): Promise<PreviewFigures> {
  const analysis = await analysisOf(text);

  const opened = [];
  const quick = [];
  for (let i = 0; i <= Math.max(repeats, MIN_EDIT_REPEATS); i++) {
    const sent = await clocked(async () => JSON.stringify(modelGraph(await analysisOf(text))));
    const drawn = await clocked(() => renderSvg(quickLayout(JSON.parse(sent.value) as DiagramGraph)));
    if (i > 0) {
      opened.push(sent.wall);
      quick.push(drawn.wall);
    }
  }

  const runs: Array<Pick<PreviewFigures, 'graph' | 'layout' | 'svg' | 'total' | 'totalCpu'>> = [];
  let cold: DiagramLayout | undefined;
  // One more run than measured: the first loads and warms the layout engine.
  for (let i = 0; i <= repeats; i++) {
    const cpuStart = cpuNow();
    const start = performance.now();
    const graph = modelGraph(analysis);
    const graphed = performance.now();
    const layout = await layoutGraph(graph);
    const laidOut = performance.now();
    renderSvg(layout);
    const end = performance.now();
    const cpu = cpuNow() - cpuStart;
    if (i > 0) runs.push({ graph: graphed - start, layout: laidOut - graphed, svg: end - laidOut, total: end - start, totalCpu: cpu });
    cold = layout;
  }

  const threatAdded = await analysisOf(text + THREAT_ADDED);
  const elementAdded = await analysisOf(text + ELEMENT_ADDED);
  // The figures below are only what they say if the edits are what they claim to be.
  if (layoutKey(modelGraph(threatAdded)) !== layoutKey(cold!.graph)) throw new Error('bench: the added threat changed what elk lays out');
  if (layoutKey(modelGraph(elementAdded)) === layoutKey(cold!.graph)) throw new Error('bench: the added element did not change what elk lays out');

  const editRepeats = Math.max(repeats, MIN_EDIT_REPEATS);
  const reused = [];
  const provisional = [];
  for (let i = 0; i <= editRepeats; i++) {
    const reuse = await clocked(() => renderSvg(reuseLayout(cold, modelGraph(threatAdded))!));
    const draft = await clocked(() => renderSvg(provisionalLayout(modelGraph(elementAdded), cold!)));
    if (i > 0) {
      reused.push(reuse);
      provisional.push(draft);
    }
  }
  const exact = [];
  for (let i = 0; i < repeats; i++) exact.push(await clocked(async () => renderSvg(await layoutGraph(modelGraph(elementAdded)))));

  const pick = (key: keyof (typeof runs)[number]) => median(runs.map(run => run[key]));
  return {
    serverGraph: median(opened), quickPicture: median(quick),
    graph: pick('graph'), layout: pick('layout'), svg: pick('svg'), total: pick('total'), totalCpu: pick('totalCpu'),
    layoutReused: medians(reused), provisional: medians(provisional), exactAfterEdit: medians(exact),
  };
}
