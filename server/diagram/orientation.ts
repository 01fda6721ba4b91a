// Which flows elk is handed backwards. elk's layered algorithm breaks cycles itself, but with
// boundaries as compound nodes it sees two-way traffic between boundaries as back edges and
// routes them around the whole picture (docs/diagram.md, Layout). So before elk runs, at every
// level of boundary nesting, the siblings (the nodes and boundaries directly inside one
// container) are put in one order with the greedy heuristic of Eades, Lin and Smyth (1993):
// sinks to the end, sources to the front, otherwise the sibling with the most outgoing minus
// incoming flows next, ties in source order. A flow that runs against that order is given to
// elk reversed, and its route is turned round afterwards: elk then sees no cycle at any level.
import { drawnContainer } from './containers.js';
import type { DiagramGraph, SourceRange } from './types.js';

/** The ids of the flows to hand elk reversed. */
export function flowsAgainstOrder(graph: DiagramGraph): Set<string> {
  const parentOf = new Map<string, string | undefined>();
  for (const boundary of graph.boundaries) parentOf.set(`b:${boundary.id}`, boundary.parent === undefined ? undefined : `b:${boundary.parent}`);
  for (const node of graph.nodes) {
    const container = drawnContainer(graph, node.zone);
    parentOf.set(`n:${node.id}`, container === undefined ? undefined : `b:${container}`);
  }
  const startOf = new Map<string, SourceRange['start']>();
  for (const boundary of graph.boundaries) startOf.set(`b:${boundary.id}`, boundary.range.start);
  for (const node of graph.nodes) startOf.set(`n:${node.id}`, node.range.start);

  // Each flow between two different siblings of its ends' innermost common container.
  const siblingFlows = new Map<string | undefined, { id: string; from: string; to: string }[]>();
  for (const edge of graph.edges) {
    const ends = siblingsBelowCommonContainer(`n:${edge.source}`, `n:${edge.target}`, parentOf);
    if (!ends) continue;
    const container = parentOf.get(ends[0]);
    const flows = siblingFlows.get(container) ?? [];
    flows.push({ id: edge.id, from: ends[0], to: ends[1] });
    siblingFlows.set(container, flows);
  }

  const reversed = new Set<string>();
  for (const flows of siblingFlows.values()) {
    const siblings = [...new Set(flows.flatMap(flow => [flow.from, flow.to]))].sort((a, b) => compareStart(startOf.get(a), startOf.get(b)));
    const rank = greedyOrder(siblings, flows);
    for (const flow of flows) if (rank.get(flow.from)! > rank.get(flow.to)!) reversed.add(flow.id);
  }
  return reversed;
}

/** The two shapes under the innermost container holding both ends; undefined for a flow from a node to itself. */
function siblingsBelowCommonContainer(source: string, target: string, parentOf: ReadonlyMap<string, string | undefined>): [string, string] | undefined {
  if (source === target) return undefined;
  const chain = (shape: string): string[] => {
    const shapes = [shape];
    // Parents come before children in the graph, so this walk ends.
    for (let parent = parentOf.get(shape); parent !== undefined; parent = parentOf.get(parent)) shapes.push(parent);
    return shapes.reverse();
  };
  const fromChain = chain(source);
  const toChain = chain(target);
  let depth = 0;
  while (depth < fromChain.length && depth < toChain.length && fromChain[depth] === toChain[depth]) depth++;
  return [fromChain[depth], toChain[depth]];
}

/** Eades–Lin–Smyth: each sibling's place in an order that few flows run against. */
function greedyOrder(siblings: readonly string[], flows: readonly { from: string; to: string }[]): Map<string, number> {
  const outgoing = new Map<string, string[]>(siblings.map(sibling => [sibling, []]));
  const incoming = new Map<string, string[]>(siblings.map(sibling => [sibling, []]));
  for (const flow of flows) {
    outgoing.get(flow.from)!.push(flow.to);
    incoming.get(flow.to)!.push(flow.from);
  }
  const outDegree = new Map(siblings.map(sibling => [sibling, outgoing.get(sibling)!.length]));
  const inDegree = new Map(siblings.map(sibling => [sibling, incoming.get(sibling)!.length]));
  const remaining = new Set(siblings);
  const remove = (sibling: string): void => {
    remaining.delete(sibling);
    for (const next of outgoing.get(sibling)!) inDegree.set(next, inDegree.get(next)! - 1);
    for (const previous of incoming.get(sibling)!) outDegree.set(previous, outDegree.get(previous)! - 1);
  };
  const front: string[] = [];
  const back: string[] = [];
  while (remaining.size > 0) {
    const sink = [...remaining].find(sibling => outDegree.get(sibling) === 0);
    if (sink !== undefined) {
      back.push(sink);
      remove(sink);
      continue;
    }
    const source = [...remaining].find(sibling => inDegree.get(sibling) === 0);
    if (source !== undefined) {
      front.push(source);
      remove(source);
      continue;
    }
    let best: string | undefined;
    for (const sibling of remaining) {
      if (best === undefined || outDegree.get(sibling)! - inDegree.get(sibling)! > outDegree.get(best)! - inDegree.get(best)!) best = sibling;
    }
    front.push(best!);
    remove(best!);
  }
  const order = [...front, ...back.reverse()];
  return new Map(order.map((sibling, index) => [sibling, index]));
}

function compareStart(a: SourceRange['start'] | undefined, b: SourceRange['start'] | undefined): number {
  return (a?.line ?? 0) - (b?.line ?? 0) || (a?.character ?? 0) - (b?.character ?? 0);
}
