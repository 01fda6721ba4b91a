// Diagram graph → positions, with elkjs's layered algorithm run in process (the CLI, the
// reports, the extension's SVG export; the preview runs the same input in a worker). Boundaries
// are compound nodes, so nesting is laid out hierarchically and edges between zones are routed
// across them. The same model always gives the same picture and a small edit moves little.
import ELK from 'elkjs/lib/elk.bundled.js';
import { elkInput, readLayout } from './elk-graph.js';
import type { DiagramGraph, DiagramLayout } from './types.js';

let elk: InstanceType<typeof ELK> | undefined;

export async function layoutGraph(graph: DiagramGraph): Promise<DiagramLayout> {
  elk ??= new ELK();
  return readLayout(graph, await elk.layout(elkInput(graph)));
}
