// The DFD of a report comes from the one renderer (server/diagram), so the picture in a
// report is the picture in the editor (docs/language.md §9).
import type { FlowCoverageMode, ModelAnalysis } from '../domain/analysis.js';
import { layoutGraph, modelGraph, renderMermaid, renderSvg, withoutCoverageMarks } from '../diagram/index.js';

export interface ReportDiagram {
  svg: string;
  mermaid: string;
}

/** `today` is the report's day: the picture's statuses are the report's. */
export async function reportDiagram(analysis: ModelAnalysis, coverageFlows: FlowCoverageMode, today?: string): Promise<ReportDiagram> {
  const checked = modelGraph(analysis, { coverageFlows, today });
  // Coverage turned off shows no "uncovered" letters anywhere, as in `tm dfd --coverage none`.
  const graph = coverageFlows === 'none' ? withoutCoverageMarks(checked) : checked;
  // A report may sit in a page with other SVGs: its own id prefix keeps their ids apart.
  return { svg: renderSvg(await layoutGraph(graph), { idPrefix: 'tm-report' }), mermaid: renderMermaid(graph) };
}
