// Diagram graph → positions, with elkjs's layered algorithm. Boundaries are compound nodes, so
// nesting is laid out hierarchically and edges between zones are routed across them. The input
// is built in source order with sizes from label lengths, so the same model always gives the
// same picture and a small edit moves little.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import { nodeSize, edgeLabelSize, textWidth, truncate } from './metrics.js';
import type { Box, DiagramGraph, DiagramLayout, EdgeRoute, Point } from './types.js';

/** Room above a boundary's members for its label. */
export const BOUNDARY_LABEL_HEIGHT = 28;
const BOUNDARY_PADDING = 16;

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  // One crossing-minimisation run instead of the default seven from randomised starts: those
  // were about 40 % of the layout's CPU time. Starting from model order, the extra runs often
  // find no fewer crossings (payments.tm: the same SVG; the 200-element bench model: the same 204
  // crossings; the 50-element one: 66 instead of 50). See docs/performance.md, Preview.
  'elk.layered.thoroughness': '1',
  'elk.randomSeed': '1',
  'elk.spacing.nodeNode': '36',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.edgeLabel': '4',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  // Every coordinate in the result is absolute, whatever the nesting.
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
};

const NODE_ID = (id: string): string => `n:${id}`;
const BOUNDARY_ID = (id: string): string => `b:${id}`;
const EDGE_ID = (id: string): string => `e:${id}`;

let elk: InstanceType<typeof ELK> | undefined;

export async function layoutGraph(graph: DiagramGraph): Promise<DiagramLayout> {
  elk ??= new ELK();
  const result = await elk.layout(elkGraph(graph));

  const nodes: Record<string, Box> = {};
  const boundaries: Record<string, Box> = {};
  const edges: Record<string, EdgeRoute> = {};
  const shapes: ElkNode[] = [result];
  while (shapes.length > 0) {
    const shape = shapes.pop()!;
    shapes.push(...(shape.children ?? []));
    for (const edge of shape.edges ?? []) edges[edge.id.slice(2)] = edgeRoute(edge);
    if (shape === result) continue;
    const box = { x: shape.x ?? 0, y: shape.y ?? 0, width: shape.width ?? 0, height: shape.height ?? 0 };
    if (shape.id.startsWith('b:')) boundaries[shape.id.slice(2)] = box;
    else nodes[shape.id.slice(2)] = box;
  }

  return { graph, width: Math.ceil(result.width ?? 0), height: Math.ceil(result.height ?? 0), nodes, boundaries, edges };
}

function elkGraph(graph: DiagramGraph): ElkNode {
  const root: ElkNode = { id: 'root', layoutOptions: ROOT_OPTIONS, children: [], edges: [] };
  const containers = new Map<string, ElkNode>();
  // A zone that is not drawn (a later duplicate of a name) leaves its members at the top level.
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
    childrenOf(node.zone.at(-1)).push({ id: NODE_ID(node.id), ...nodeSize(node) });
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
