// What elkjs is asked to lay out, what its answer means, and when an earlier answer still
// holds. No engine here: layout.ts runs elk in process (Node, `tm dfd`), the preview's page runs
// it in a worker (client/webview/layout-engine.ts), and both share this, so the picture is the
// same. The page also answers edits that change nothing elk sees from the previous layout.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { memoizedByObject } from '../domain/memo.js';
import { nodeSize, edgeLabelSize, textWidth, truncate } from './metrics.js';
import type { Box, DiagramGraph, DiagramLayout, EdgeRoute, Point } from './types.js';

/** Room above a boundary's members for its label. */
export const BOUNDARY_LABEL_HEIGHT = 28;
export const BOUNDARY_PADDING = 16;
/** Around the whole picture. */
export const DIAGRAM_PADDING = 16;
/** Between neighbouring nodes of one layer. */
export const NODE_SPACING = 36;

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  // One crossing-minimisation run instead of the default seven from randomised starts: those
  // were about 40 % of the layout's CPU time. Starting from model order, the extra runs often
  // find no fewer crossings (payments.tm: the same SVG; the 200-element bench model: the same 204
  // crossings; the 50-element one: 66 instead of 50). See docs/performance.md, The preview.
  'elk.layered.thoroughness': '1',
  'elk.randomSeed': '1',
  'elk.spacing.nodeNode': String(NODE_SPACING),
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.edgeLabel': '4',
  'elk.padding': `[top=${DIAGRAM_PADDING},left=${DIAGRAM_PADDING},bottom=${DIAGRAM_PADDING},right=${DIAGRAM_PADDING}]`,
  // Every coordinate in the result is absolute, whatever the nesting.
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
};

export const NODE_ID = (id: string): string => `n:${id}`;
export const BOUNDARY_ID = (id: string): string => `b:${id}`;
export const EDGE_ID = (id: string): string => `e:${id}`;

/**
 * The boundary a node is drawn in: its innermost zone, unless that is not drawn (a later
 * duplicate of a name), which leaves the node at the top level.
 */
export function drawnContainer(graph: DiagramGraph, zone: readonly string[]): string | undefined {
  const innermost = zone.at(-1);
  return innermost !== undefined && graph.boundaries.some(boundary => boundary.id === innermost) ? innermost : undefined;
}

/**
 * elk's input for a graph: boundaries as compound nodes, nodes and label blocks with the sizes
 * the SVG writer draws, everything in source order, so the same graph always gets the same input.
 */
export function elkInput(graph: DiagramGraph): ElkNode {
  const root: ElkNode = { id: 'root', layoutOptions: ROOT_OPTIONS, children: [], edges: [] };
  const containers = new Map<string, ElkNode>();
  const childrenOf = (boundary: string | undefined): ElkNode[] => ((boundary !== undefined && containers.get(boundary)) || root).children!;
  // Parents come before their children in `graph.boundaries`.
  for (const boundary of graph.boundaries) {
    const minWidth = textWidth(truncate(boundary.label)) + 2 * BOUNDARY_PADDING;
    const container: ElkNode = {
      id: BOUNDARY_ID(boundary.id),
      children: [],
      layoutOptions: {
        'elk.padding': `[top=${BOUNDARY_LABEL_HEIGHT + BOUNDARY_PADDING / 2},left=${BOUNDARY_PADDING},bottom=${BOUNDARY_PADDING},right=${BOUNDARY_PADDING}]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${Math.ceil(minWidth)}, ${BOUNDARY_LABEL_HEIGHT + 2 * BOUNDARY_PADDING})`,
      },
    };
    containers.set(boundary.id, container);
    childrenOf(boundary.parent).push(container);
  }
  for (const node of graph.nodes) {
    childrenOf(drawnContainer(graph, node.zone)).push({ id: NODE_ID(node.id), ...nodeSize(node) });
  }
  for (const edge of graph.edges) {
    const elkEdge: ElkExtendedEdge = {
      id: EDGE_ID(edge.id),
      sources: [NODE_ID(edge.source)],
      targets: [NODE_ID(edge.target)],
      labels: [{ id: `l:${edge.id}`, text: edge.label, ...edgeLabelSize(edge) }],
    };
    root.edges!.push(elkEdge);
  }
  return root;
}

/** The positions in elk's answer to `elkInput(graph)`. */
export function readLayout(graph: DiagramGraph, result: ElkNode): DiagramLayout {
  const nodes: Record<string, Box> = {};
  const boundaries: Record<string, Box> = {};
  const edges: Record<string, EdgeRoute> = {};
  const shapes: ElkNode[] = [result];
  while (shapes.length > 0) {
    const shape = shapes.pop()!;
    // One at a time: spreading a boundary of 100,000 members into push() overflows the stack.
    for (const child of shape.children ?? []) shapes.push(child);
    for (const edge of shape.edges ?? []) edges[edge.id.slice(2)] = edgeRoute(edge);
    if (shape === result) continue;
    const box = { x: shape.x ?? 0, y: shape.y ?? 0, width: shape.width ?? 0, height: shape.height ?? 0 };
    if (shape.id.startsWith('b:')) boundaries[shape.id.slice(2)] = box;
    else nodes[shape.id.slice(2)] = box;
  }
  return { graph, width: Math.ceil(result.width ?? 0), height: Math.ceil(result.height ?? 0), nodes, boundaries, edges };
}

function edgeRoute(edge: ElkExtendedEdge): EdgeRoute {
  const points: Point[] = [];
  for (const section of edge.sections ?? []) {
    points.push(section.startPoint, ...(section.bendPoints ?? []), section.endPoint);
  }
  const label = edge.labels?.[0];
  const labelBox = label
    ? { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 }
    : midpointBox(points);
  return { points: points.map(({ x, y }) => ({ x, y })), label: labelBox };
}

function midpointBox(points: Point[]): Box {
  const middle = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
  return { x: middle.x, y: middle.y, width: 0, height: 0 };
}

/** elk's input as text: two graphs with the same key get the same positions. Computed once per graph. */
export const layoutKey: (graph: DiagramGraph) => string = memoizedByObject(graph => JSON.stringify(elkInput(graph)));

/**
 * The previous layout's positions for `graph`, when elk would be given exactly the same input
 * (the edit changed threats, decisions or text, but no node, flow, nesting or size); otherwise
 * undefined. `previous` must be elk's own layout of its graph.
 */
export function reuseLayout(previous: DiagramLayout | undefined, graph: DiagramGraph): DiagramLayout | undefined {
  if (!previous || layoutKey(previous.graph) !== layoutKey(graph)) return undefined;
  return { ...previous, graph };
}
