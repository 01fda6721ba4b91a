// Which boundary each node is drawn in: shared by elk's input, the orientation of flows, the
// provisional and the cheap layouts.
import type { DiagramGraph } from './types.js';

/**
 * The boundary a node is drawn in: its innermost zone, unless that is not drawn (a later
 * duplicate of a name), which leaves the node at the top level.
 */
export function drawnContainer(graph: DiagramGraph, zone: readonly string[]): string | undefined {
  const innermost = zone.at(-1);
  return innermost !== undefined && graph.boundaries.some(boundary => boundary.id === innermost) ? innermost : undefined;
}
