// The focus view: the neighbourhood of what is selected, so one part of a big model can be read
// at a size where its text is legible. A graph transform applied before layout, like collapsing
// (collapse.ts). Pure.
import type { DiagramGraph } from './types.js';

/**
 * The elements at most `hops` flows away from the selection (flows followed either way), the
 * flows between them and the boundaries around them. A selected flow stands for its two ends, a
 * selected boundary for the elements inside it. With nothing of the graph selected, the graph
 * is returned whole.
 */
export function focusGraph(graph: DiagramGraph, selection: readonly string[], hops: number): DiagramGraph {
  const selected = new Set(selection);
  const start = new Set<string>();
  for (const node of graph.nodes) {
    if (selected.has(node.id) || node.zone.some(zone => selected.has(zone))) start.add(node.id);
  }
  for (const edge of graph.edges) {
    if (selected.has(edge.id)) start.add(edge.source).add(edge.target);
  }
  if (start.size === 0) return graph;

  const neighbours = new Map<string, string[]>();
  const link = (from: string, to: string) => neighbours.set(from, [...(neighbours.get(from) ?? []), to]);
  for (const edge of graph.edges) {
    link(edge.source, edge.target);
    link(edge.target, edge.source);
  }
  const kept = new Set(start);
  let frontier = [...start];
  for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const neighbour of neighbours.get(id) ?? []) {
        if (!kept.has(neighbour)) {
          kept.add(neighbour);
          next.push(neighbour);
        }
      }
    }
    frontier = next;
  }

  const nodes = graph.nodes.filter(node => kept.has(node.id));
  const zones = new Set(nodes.flatMap(node => node.zone));
  for (const boundary of graph.boundaries) if (selected.has(boundary.id)) zones.add(boundary.id);
  return {
    ...graph,
    nodes,
    boundaries: graph.boundaries.filter(boundary => zones.has(boundary.id)),
    edges: graph.edges.filter(edge => kept.has(edge.source) && kept.has(edge.target)),
  };
}
