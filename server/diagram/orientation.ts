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

/** Each shape's container, by elk id (`n:Api`, `b:Shop`); undefined at the top. */
export function shapeParents(graph: DiagramGraph): Map<string, string | undefined> {
  const parentOf = new Map<string, string | undefined>();
  for (const boundary of graph.boundaries) parentOf.set(`b:${boundary.id}`, boundary.parent === undefined ? undefined : `b:${boundary.parent}`);
  for (const node of graph.nodes) {
    const container = drawnContainer(graph, node.zone);
    parentOf.set(`n:${node.id}`, container === undefined ? undefined : `b:${container}`);
  }
  return parentOf;
}

export interface OrientationOptions {
  /**
   * At each level, the siblings that would make its last layer on their own, each a sink of
   * flows from the others, go to its first layer instead, their flows reversed (drawn upwards),
   * where the level then has one layer fewer. The layout tries it when a picture is too tall
   * for the panel (arrange.ts): an external reached only from deep inside a tall boundary sat
   * alone below it.
   */
  foldTrailingSinks?: boolean;
}

/** The ids of the flows to hand elk reversed. */
export function flowsAgainstOrder(graph: DiagramGraph, options: OrientationOptions = {}): Set<string> {
  const parentOf = shapeParents(graph);
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

  // Outer containers first: a sibling's pull reads the order of the levels above it.
  const rankOf = new Map<string, number>();
  const reversed = new Set<string>();
  for (const container of [undefined, ...graph.boundaries.map(boundary => `b:${boundary.id}`)]) {
    const flows = siblingFlows.get(container);
    if (!flows) continue;
    const siblings = [...new Set(flows.flatMap(flow => [flow.from, flow.to]))].sort((a, b) => compareStart(startOf.get(a), startOf.get(b)));
    const pull = outerPull(graph, container, parentOf, rankOf);
    const rank = greedyOrder(siblings, flows, pull);
    for (const [sibling, place] of rank) rankOf.set(sibling, place);
    const against = (flow: { from: string; to: string }): boolean => rank.get(flow.from)! > rank.get(flow.to)!;
    const folded = options.foldTrailingSinks ? trailingSinks(siblings, flows, against, pull) : new Set<string>();
    for (const flow of flows) if (against(flow) !== (folded.has(flow.from) || folded.has(flow.to))) reversed.add(flow.id);
  }
  return reversed;
}

/**
 * The siblings of one level alone in its last layer (counted as the longest chain of flows
 * from its front, as elk's layering does), when turning their flows round (all come in from
 * siblings) leaves the level with fewer layers and none of them is pulled to the level's end
 * by flows leaving its container (outerPull); else none.
 */
function trailingSinks(siblings: readonly string[], flows: readonly { from: string; to: string }[], against: (flow: { from: string; to: string }) => boolean, pull: ReadonlyMap<string, number>): Set<string> {
  const oriented = flows.map(flow => (against(flow) ? { from: flow.to, to: flow.from } : flow));
  const last = layerCount(siblings, oriented) - 1;
  if (last < 2) return new Set();
  const layerOf = layers(siblings, oriented);
  const candidates = new Set(siblings.filter(sibling => layerOf.get(sibling) === last));
  if ([...candidates].some(sibling => (pull.get(sibling) ?? 0) > 0)) return new Set();
  // Nothing leaves the last layer: every flow of a candidate comes in.
  const folded = oriented.map(flow => (candidates.has(flow.to) ? { from: flow.to, to: flow.from } : flow));
  return layerCount(siblings, folded) - 1 < last ? candidates : new Set();
}

/** Each sibling's layer: the longest chain of (acyclic) flows leading to it. */
function layers(siblings: readonly string[], flows: readonly { from: string; to: string }[]): Map<string, number> {
  const layerOf = new Map(siblings.map(sibling => [sibling, 0]));
  // At most one pass per sibling: the flows form no cycle.
  for (let pass = 0; pass < siblings.length; pass++) {
    let changed = false;
    for (const flow of flows) {
      const layer = layerOf.get(flow.from)! + 1;
      if (layer > layerOf.get(flow.to)!) {
        layerOf.set(flow.to, layer);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return layerOf;
}

function layerCount(siblings: readonly string[], flows: readonly { from: string; to: string }[]): number {
  return Math.max(0, ...layers(siblings, flows).values()) + 1;
}

/**
 * How strongly the flows that leave `container` pull each of its shapes towards its end (+1 for
 * each flow out to something later in the order of the levels above, or in from something
 * earlier... reversed: in from earlier pulls to the front): a shape that talks to what lies
 * below the container goes to its bottom, where its flows leave without running past its
 * other members (they made detours around them).
 */
function outerPull(graph: DiagramGraph, container: string | undefined, parentOf: ReadonlyMap<string, string | undefined>, rankOf: ReadonlyMap<string, number>): Map<string, number> {
  const pull = new Map<string, number>();
  if (container === undefined) return pull;
  const memberOf = (node: string): string | undefined => {
    for (let shape: string | undefined = node; shape !== undefined; shape = parentOf.get(shape)) {
      if (parentOf.get(shape) === container) return shape;
    }
    return undefined;
  };
  for (const edge of graph.edges) {
    const source = `n:${edge.source}`;
    const target = `n:${edge.target}`;
    const [from, to] = [memberOf(source), memberOf(target)];
    if ((from === undefined) === (to === undefined)) continue;
    const ends = siblingsBelowCommonContainer(source, target, parentOf);
    const [before, after] = ends ? ends.map(shape => rankOf.get(shape)) : [];
    if (before === undefined || after === undefined || before === after) continue;
    const downwards = before < after;
    const member = (from ?? to)!;
    // Out and down, or in from above: towards the end; otherwise towards the front.
    const towardsEnd = from !== undefined ? downwards : !downwards;
    pull.set(member, (pull.get(member) ?? 0) + (towardsEnd ? 1 : -1));
  }
  return pull;
}

/** The two shapes under the innermost container holding both ends; undefined for a flow from a node to itself. */
export function siblingsBelowCommonContainer(source: string, target: string, parentOf: ReadonlyMap<string, string | undefined>): [string, string] | undefined {
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
function greedyOrder(siblings: readonly string[], flows: readonly { from: string; to: string }[], pull: ReadonlyMap<string, number>): Map<string, number> {
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
  const pullOf = (sibling: string): number => pull.get(sibling) ?? 0;
  /** The first of `candidates` with the least key (ties in source order). */
  const least = (candidates: Iterable<string>, key: (sibling: string) => number): string | undefined => {
    let best: string | undefined;
    for (const sibling of candidates) if (best === undefined || key(sibling) < key(best)) best = sibling;
    return best;
  };
  while (remaining.size > 0) {
    // The sink pulled hardest to the end goes last.
    const sink = least([...remaining].filter(sibling => outDegree.get(sibling) === 0), sibling => -pullOf(sibling));
    if (sink !== undefined) {
      back.push(sink);
      remove(sink);
      continue;
    }
    const source = least([...remaining].filter(sibling => inDegree.get(sibling) === 0), pullOf);
    if (source !== undefined) {
      front.push(source);
      remove(source);
      continue;
    }
    // Most outgoing minus incoming flows; among equals, the one pulled least to the end.
    const best = least(remaining, sibling => (inDegree.get(sibling)! - outDegree.get(sibling)!) * 1_000 + pullOf(sibling))!;
    front.push(best);
    remove(best);
  }
  const order = [...front, ...back.reverse()];
  return new Map(order.map((sibling, index) => [sibling, index]));
}

function compareStart(a: SourceRange['start'] | undefined, b: SourceRange['start'] | undefined): number {
  return (a?.line ?? 0) - (b?.line ?? 0) || (a?.character ?? 0) - (b?.character ?? 0);
}
