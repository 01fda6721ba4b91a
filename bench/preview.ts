// The preview's work after the model is checked: model → graph (server) → layout → SVG (in the
// webview, the same code). Timed in process on a model parsed by the checking services.
import { performance } from 'node:perf_hooks';
import { EmptyFileSystem, URI } from 'langium';
import { analyzeModel } from '../server/domain/analysis.js';
import { layoutGraph, modelGraph, renderSvg } from '../server/diagram/index.js';
import type { Model } from '../server/language/generated/ast.js';
import { createTmServices } from '../server/language/tm-module.js';
import { median } from './statistics.js';

/** Medians, in milliseconds of wall time, except `totalCpu`: the CPU time of the whole pipeline. */
export interface PreviewFigures {
  graph: number;
  layout: number;
  svg: number;
  total: number;
  totalCpu: number;
}

function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const services = createTmServices(EmptyFileSystem);

export async function previewPipeline(text: string, repeats: number): Promise<PreviewFigures> {
  const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
  const document = LangiumDocumentFactory.fromString<Model>(text, URI.file('/bench/preview.tm'));
  LangiumDocuments.addDocument(document);
  await DocumentBuilder.build([document], { validation: true });
  LangiumDocuments.deleteDocument(document.uri);
  const analysis = analyzeModel(document.parseResult.value);

  const runs: PreviewFigures[] = [];
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
  }
  const pick = (key: keyof PreviewFigures) => median(runs.map(run => run[key]));
  return { graph: pick('graph'), layout: pick('layout'), svg: pick('svg'), total: pick('total'), totalCpu: pick('totalCpu') };
}
