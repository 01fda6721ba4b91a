// Diagram graph → positions, with elkjs's layered algorithm run in process (the CLI, the
// reports, the extension's SVG export; the preview runs the same steps with elk in a worker).
// Boundaries are compound nodes, so nesting is laid out hierarchically and edges between zones
// are routed across them. The same model always gives the same picture.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { LayoutOptions } from './arrange.js';
import { layOut } from './arrange.js';
import type { DiagramGraph, DiagramLayout } from './types.js';

let elk: InstanceType<typeof ELK> | undefined;

export async function layoutGraph(graph: DiagramGraph, options: LayoutOptions = {}): Promise<DiagramLayout> {
  return layOut(graph, options, input => {
    elk ??= new ELK();
    return elk.layout(input);
  });
}
