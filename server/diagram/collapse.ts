// Collapsed boundaries: a graph transform applied before layout, so a big model's picture can
// be reduced to the parts one is reading, and the renderer and layout stay the ones every
// picture uses. A collapsed boundary becomes one box in its parent: every element, flow and
// boundary inside it is hidden; a flow that crosses its edge now ends at the box, with its own
// label, markers and id; the box says how much it hides and carries the threat marker of what
// it hides and of the boundary itself. Pure, over the graph the server sends.
import { MAX_LABEL_CHARS, truncate } from './metrics.js';
import type { DiagramBoundary, DiagramGraph, DiagramNode, DiagramThreat, ThreatMarker } from './types.js';

/** What a collapsed boundary hides. */
export interface HiddenCounts {
  elements: number;
  flows: number;
  boundaries: number;
}

export interface CollapsedGraph {
  /** The graph to lay out and draw. */
  graph: DiagramGraph;
  /** Each hidden element, flow and boundary, with the collapsed boundary whose box stands for it. */
  hiddenIn: ReadonlyMap<string, string>;
  /** The boxes standing for collapsed boundaries, by boundary id, with what each hides. */
  collapsed: ReadonlyMap<string, HiddenCounts>;
}


/**
 * The graph with each boundary of `collapse` drawn as one box. A boundary inside another
 * collapsed one is hidden in the outer box; ids that are not boundaries of the graph are ignored.
 */
export function collapseBoundaries(graph: DiagramGraph, collapse: Iterable<string>): CollapsedGraph {
  const wanted = new Set(collapse);
  const boundaryById = new Map(graph.boundaries.map(boundary => [boundary.id, boundary]));
  const hiddenIn = new Map<string, string>();
  const counts = new Map<string, HiddenCounts>();
  if (![...wanted].some(id => boundaryById.has(id))) return { graph, hiddenIn, collapsed: counts };

  /** Outermost first: the boundary's enclosing chain, itself last. Parents precede children in the graph, so the chain is short and acyclic. */
  const chainOf = (boundary: DiagramBoundary): string[] => {
    const chain: string[] = [];
    const seen = new Set<string>();
    for (let id: string | undefined = boundary.id; id !== undefined && !seen.has(id); id = boundaryById.get(id)?.parent) {
      seen.add(id);
      chain.unshift(id);
    }
    return chain;
  };
  /** The outermost collapsed boundary among `zone` (outermost first), if any. */
  const holderIn = (zone: readonly string[]): string | undefined => zone.find(id => wanted.has(id) && boundaryById.has(id));

  const collapsedBoxes: DiagramBoundary[] = [];
  const boundaries: DiagramBoundary[] = [];
  for (const boundary of graph.boundaries) {
    const holder = holderIn(chainOf(boundary));
    if (holder === undefined) boundaries.push(boundary);
    else if (holder === boundary.id) {
      collapsedBoxes.push(boundary);
      counts.set(boundary.id, { elements: 0, flows: 0, boundaries: 0 });
    } else {
      hiddenIn.set(boundary.id, holder);
      counts.get(holder)!.boundaries++;
    }
  }

  const hide = (id: string, holder: string, kind: keyof HiddenCounts): void => {
    hiddenIn.set(id, holder);
    counts.get(holder)![kind]++;
  };

  const visibleNodes: DiagramNode[] = [];
  /** Where each box goes in the node list: at its first hidden element, so source order holds. */
  const boxAt = new Map<string, number>();
  for (const node of graph.nodes) {
    const holder = holderIn(node.zone);
    if (holder === undefined) {
      visibleNodes.push(node);
      continue;
    }
    hide(node.id, holder, 'elements');
    if (!boxAt.has(holder)) {
      boxAt.set(holder, visibleNodes.length);
      visibleNodes.push(node); // replaced by the box below
    }
  }

  const edges = graph.edges.flatMap(edge => {
    const source = hiddenIn.get(edge.source) ?? edge.source;
    const target = hiddenIn.get(edge.target) ?? edge.target;
    if (source === edge.source && target === edge.target) return [edge];
    // Both ends in the same box: the flow is inside it.
    if (source === target) {
      hide(edge.id, source, 'flows');
      return [];
    }
    return [{ ...edge, source, target }];
  });

  const hiddenThreats = new Map<string, DiagramThreat[]>();
  for (const threat of graph.threats) {
    // On something hidden in a box, or on the collapsed boundary itself.
    const holders = new Set(threat.targets.flatMap(target => hiddenIn.get(target) ?? (counts.has(target) ? [target] : [])));
    for (const holder of holders) hiddenThreats.set(holder, [...(hiddenThreats.get(holder) ?? []), threat]);
  }
  for (const boundary of collapsedBoxes) {
    const box: DiagramNode = {
      id: boundary.id,
      kind: 'external',
      label: boxLabel(boundary.label, counts.get(boundary.id)!),
      zone: chainOf(boundary).slice(0, -1),
      threats: combinedMarker(hiddenThreats.get(boundary.id) ?? []),
      uncovered: [],
      ...(boundary.outOfScope !== undefined ? { outOfScope: boundary.outOfScope } : {}),
      range: boundary.range,
      selectionRange: boundary.selectionRange,
    };
    const at = boxAt.get(boundary.id);
    if (at === undefined) visibleNodes.push(box);
    else visibleNodes[at] = box;
  }

  return { graph: { ...graph, nodes: visibleNodes, boundaries, edges }, hiddenIn, collapsed: counts };
}

/**
 * The box's label: the boundary's, then what it hides, all of it within the length the SVG
 * writer shows, so its cut never takes the count away (the hover card says it all).
 */
function boxLabel(label: string, counts: HiddenCounts): string {
  const full = ` (${describeCounts(counts)})`;
  const suffix = Array.from(label).length + full.length <= MAX_LABEL_CHARS ? full : ` (${plural(counts.elements, 'element')})`;
  return `${truncate(label, Math.max(1, MAX_LABEL_CHARS - suffix.length))}${suffix}`;
}

/** "4 elements, 3 flows": what a collapsed boundary hides. */
export function describeCounts({ elements, flows, boundaries }: HiddenCounts): string {
  const parts = [plural(elements, 'element'), plural(flows, 'flow')];
  if (boundaries > 0) parts.push(plural(boundaries, 'boundary', 'boundaries'));
  return parts.join(', ');
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The threats on anything hidden, each once: their count, and the bucket of the highest score among them. */
function combinedMarker(threats: readonly DiagramThreat[]): ThreatMarker {
  const worst = threats.reduce<DiagramThreat | undefined>((top, threat) => (threat.score !== undefined && (top?.score === undefined || threat.score > top.score) ? threat : top), undefined);
  return { count: threats.length, highestBucket: worst?.bucket };
}
