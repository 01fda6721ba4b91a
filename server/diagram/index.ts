// The DFD renderer (docs/language.md §9): one pipeline, model → graph → layout → SVG, shared by the editor
// preview, `tm dfd`, `tm report` and the exports, so a picture in a report is the picture in
// the editor. This is its stable API:
//
//   modelGraph(analysis, options?)  pure; the JSON the preview receives: nodes, nested
//                                   boundaries, flows (crossing, markers, uncovered letters),
//                                   ranked threats and attack trees with the cheapest path.
//   layoutGraph(graph, options?)    elkjs layered, boundaries as compound nodes; deterministic
//                                   (threadLayoutGraph in thread-layout.ts: elk on a Node thread).
//   renderSvg(layout, options?)     the one SVG writer; themed through CSS variables.
//   renderMermaid(graph)            `flowchart LR` with a subgraph per boundary.
//   renderModelSvg(model, options?) all of the above for a parsed model.
//
// graph.ts needs Langium (it reads the AST); layout, SVG and Mermaid are plain TypeScript that
// also runs in the preview webview, which imports them directly rather than through here.
import type { Model } from '../language/generated/ast.js';
import { analyzeModel } from '../domain/analysis.js';
import type { ModelGraphOptions } from './graph.js';
import { modelGraph } from './graph.js';
import { layoutGraph } from './layout.js';
import type { SvgOptions } from './svg.js';
import { renderSvg } from './svg.js';

export { modelGraph, withoutCoverageMarks } from './graph.js';
export type { ModelGraphOptions } from './graph.js';
export { layoutGraph } from './layout.js';
export type { LayoutOptions } from './arrange.js';
export { exceedsLayoutCap, LAYOUT_CAP, medianMove } from './arrange.js';
export { panelScale } from './readability.js';
export { renderSvg } from './svg.js';
export type { SvgOptions } from './svg.js';
export { renderMermaid } from './mermaid.js';
export { DIAGRAM_STYLE } from './theme.js';
export type * from './types.js';

export async function renderModelSvg(model: Model, options: ModelGraphOptions & SvgOptions = {}): Promise<string> {
  return renderSvg(await layoutGraph(modelGraph(analyzeModel(model), options)), options);
}
