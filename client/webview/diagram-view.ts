// What part of the model the preview draws: the server's graph, narrowed to the selection's
// neighbourhood when the focus view is on (server/diagram/focus.ts), with the boundaries the
// user collapsed drawn as one box each (server/diagram/collapse.ts); and what find-by-name
// matches. Pure: the page calls it for every graph and every change of the controls.
import type { CollapsedGraph } from '../../server/diagram/collapse.js';
import { collapseBoundaries } from '../../server/diagram/collapse.js';
import { focusGraph } from '../../server/diagram/focus.js';
import type { DiagramGraph } from '../../server/diagram/types.js';

export interface ViewOptions {
  /** Boundaries drawn as one box. */
  collapsed: readonly string[];
  /** The focus view: the neighbourhood of `selection`, `hops` flows deep. */
  focus?: { selection: readonly string[]; hops: number };
}

export function diagramView(graph: DiagramGraph, { collapsed, focus }: ViewOptions): CollapsedGraph {
  if (!focus) return collapseBoundaries(graph, collapsed);
  // The boundaries around the selection stay open: collapsing them would hide what the focus is on.
  const open = enclosingBoundaries(graph, focus.selection);
  return collapseBoundaries(focusGraph(graph, focus.selection, focus.hops), collapsed.filter(id => !open.has(id)));
}

/** The boundaries that hold any of `ids` (elements, flows' ends, boundaries), and those boundaries themselves. */
export function enclosingBoundaries(graph: DiagramGraph, ids: readonly string[]): Set<string> {
  const wanted = new Set(ids);
  for (const edge of graph.edges) {
    if (wanted.has(edge.id)) wanted.add(edge.source).add(edge.target);
  }
  const parentOf = new Map(graph.boundaries.map(boundary => [boundary.id, boundary.parent]));
  const enclosing = new Set<string>();
  for (const node of graph.nodes) if (wanted.has(node.id)) node.zone.forEach(zone => enclosing.add(zone));
  for (const id of wanted) {
    for (let boundary: string | undefined = id; boundary !== undefined && parentOf.has(boundary) && !enclosing.has(boundary); boundary = parentOf.get(boundary)) enclosing.add(boundary);
  }
  return enclosing;
}

/**
 * Find-by-name: the elements, boundaries and flows whose name or label contains `query`,
 * ignoring case, in the order they are declared. An empty query matches nothing.
 */
export function findByName(graph: DiagramGraph, query: string): string[] {
  const wanted = query.trim().toLowerCase();
  if (wanted === '') return [];
  return [...graph.nodes, ...graph.boundaries, ...graph.edges]
    .filter(item => item.id.toLowerCase().includes(wanted) || item.label.toLowerCase().includes(wanted))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map(item => item.id);
}
