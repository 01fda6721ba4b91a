// What elkjs is asked to lay out, what its answer means, and when an earlier answer still
// holds. No engine here: layout.ts runs elk in process (Node, `tm dfd`), the preview's page runs
// it in a worker (client/webview/layout-engine.ts), and both share this, so the picture is the
// same. The page also answers edits that change nothing elk sees from the previous layout.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { memoizedByObject } from '../domain/memo.js';
import { COLLAPSE_BUTTON, LABEL_CLEARANCE } from './boundary-labels.js';
import { drawnContainer } from './containers.js';
import { flowsAgainstOrder, shapeParents, siblingsBelowCommonContainer } from './orientation.js';
import { boundaryLabelWidth, nodeSize, edgeLabelSize } from './metrics.js';
import type { Box, DiagramBoundary, DiagramGraph, DiagramLayout, DiagramNode, EdgeRoute, Point } from './types.js';

/**
 * Room above a boundary's members for its label row (which reaches 23 px below the boundary's
 * top, metrics.ts), half the padding below it: 28 px. It was 36, which five nested boundaries
 * paid five times over (docs/diagram.md, Layout).
 */
export const BOUNDARY_LABEL_HEIGHT = 20;
export const BOUNDARY_PADDING = 16;
/** Around the whole picture. */
export const DIAGRAM_PADDING = 16;
/** Between neighbouring nodes of one layer. */
export const NODE_SPACING = 36;

/** A boundary is at least as wide as its label row. */
export function boundaryMinimumWidth(boundary: Pick<DiagramBoundary, 'label' | 'threats' | 'importedFrom'>): number {
  return Math.ceil(boundaryLabelWidth(boundary) + 2 * BOUNDARY_PADDING);
}

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  // Three crossing-minimisation runs from randomised starts instead of elk's default seven
  // (about 40 % of its time) or one (more crossings on the benchmark's models, docs/diagram.md).
  'elk.layered.thoroughness': '3',
  'elk.randomSeed': '1',
  'elk.spacing.nodeNode': String(NODE_SPACING),
  'elk.layered.spacing.nodeNodeBetweenLayers': '24',
  'elk.spacing.edgeLabel': '4',
  'elk.padding': `[top=${DIAGRAM_PADDING},left=${DIAGRAM_PADDING},bottom=${DIAGRAM_PADDING},right=${DIAGRAM_PADDING}]`,
  // Every coordinate in the result is absolute, whatever the nesting.
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
};

/** elk's own option for a label drawn on its line; it is read from each label, not from the root. */
const INLINE_LABEL = { 'elk.edgeLabels.inline': 'true' };

export type LayoutDirection = 'down' | 'right';

export interface ElkInputOptions {
  direction?: LayoutDirection;
  /** Label blocks on flows; default true. */
  labels?: boolean;
  /**
   * After an edit, the positions on screen (the previous layout, new shapes placed as in the
   * provisional picture): the order of each container's shapes and the way each old flow is
   * given follow it, so what was there stays about where it was.
   */
  seed?: DiagramLayout;
  /** The flows and orientations of elk's layout the seed was made from (its `graph.edges` and `reversed`). */
  seedFlows?: Pick<DiagramLayout, 'reversed'> & { edges: DiagramGraph['edges'] };
  /**
   * With a seed, how a new flow is handed to elk: as written (the default), or the way the seed
   * runs from its source to its target, so it closes no cycle that elk would break by moving
   * half the picture (a flow from a pipeline's end back to its start).
   */
  newFlows?: 'as-written' | 'as-drawn';
  /** elk's random seed (its crossing minimisation starts from random orders); default 1. */
  randomSeed?: number;
  /** With a seed, elk keeps each node's place across its layer (interactive node placement) instead of placing them afresh. */
  placeAsSeeded?: boolean;
  /** Flows handed to elk the other way round from orientation.ts's choice (arrange.ts's search for fewer crossings, crossing-flips.ts). */
  flipped?: ReadonlySet<string>;
  /** Sinks alone in a level's last layer go to its first (orientation.ts). */
  foldTrailingSinks?: boolean;
}

export const NODE_ID = (id: string): string => `n:${id}`;
export const BOUNDARY_ID = (id: string): string => `b:${id}`;
export const EDGE_ID = (id: string): string => `e:${id}`;

/**
 * elk's input for a graph: boundaries as compound nodes, nodes and label blocks with the sizes
 * the SVG writer draws, everything in source order, so the same graph always gets the same
 * input. Flows running against the order of their siblings (orientation.ts) are given reversed.
 */
export function elkInput(graph: DiagramGraph, options: ElkInputOptions = {}): ElkNode {
  const direction = options.direction === 'right' ? 'RIGHT' : 'DOWN';
  const seed = options.seed;
  const rootOptions: Record<string, string> = { ...ROOT_OPTIONS, 'elk.direction': direction };
  if (options.randomSeed !== undefined) rootOptions['elk.randomSeed'] = String(options.randomSeed);
  if (seed && options.placeAsSeeded) rootOptions['elk.layered.nodePlacement.strategy'] = 'INTERACTIVE';
  const root: ElkNode = { id: 'root', layoutOptions: rootOptions, children: [], edges: [] };
  const containers = new Map<string, ElkNode>();
  const childrenOf = (boundary: string | undefined): ElkNode[] => ((boundary !== undefined && containers.get(boundary)) || root).children!;
  // elk reads a seeded position relative to the shape's container.
  const position = (box: Box | undefined, container: string | undefined): { x?: number; y?: number } => {
    const origin = container === undefined ? undefined : seed?.boundaries[container];
    return box ? { x: box.x - (origin?.x ?? 0), y: box.y - (origin?.y ?? 0) } : {};
  };
  // Parents come before their children in `graph.boundaries`.
  // elk (0.12, hierarchy included) applies a compound node's minimum size before it turns its
  // left-to-right layout downwards, so top to bottom it is given transposed: given as (width,
  // height), a boundary came out as tall as its label is wide, and narrower than its label.
  const minimumHeight = BOUNDARY_LABEL_HEIGHT + 2 * BOUNDARY_PADDING;
  // Top to bottom, the flows into a boundary around one element come through its top edge above
  // the element, which elk puts at the boundary's left: the label row must fit to its right, not
  // over them (boundary-labels.ts places it; elk knew only the row's width).
  const members = new Map<string, DiagramNode[]>();
  for (const node of graph.nodes) {
    const container = drawnContainer(graph, node.zone);
    if (container === undefined) continue;
    const list = members.get(container);
    if (list) list.push(node);
    else members.set(container, [node]);
  }
  const holdsBoundaries = new Set(graph.boundaries.map(boundary => boundary.parent));
  const minimumWidth = (boundary: DiagramBoundary): number => {
    const sole = members.get(boundary.id);
    if (direction !== 'DOWN' || sole?.length !== 1 || holdsBoundaries.has(boundary.id)) return boundaryMinimumWidth(boundary);
    return Math.max(boundaryMinimumWidth(boundary), Math.ceil(BOUNDARY_PADDING + nodeSize(sole[0]).width + LABEL_CLEARANCE + boundaryLabelWidth(boundary) + COLLAPSE_BUTTON));
  };
  // An empty boundary is no compound node to elk, whose minimum it takes as given: transposed,
  // it came out 52 px wide under a label three times as wide.
  const transposed = (boundary: DiagramBoundary): boolean => direction === 'DOWN' && (members.has(boundary.id) || holdsBoundaries.has(boundary.id));
  for (const boundary of graph.boundaries) {
    const container: ElkNode = {
      id: BOUNDARY_ID(boundary.id),
      ...position(seed?.boundaries[boundary.id], boundary.parent),
      children: [],
      layoutOptions: {
        'elk.padding': `[top=${BOUNDARY_LABEL_HEIGHT + BOUNDARY_PADDING / 2},left=${BOUNDARY_PADDING},bottom=${BOUNDARY_PADDING},right=${BOUNDARY_PADDING}]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': transposed(boundary) ? `(${minimumHeight}, ${minimumWidth(boundary)})` : `(${minimumWidth(boundary)}, ${minimumHeight})`,
      },
    };
    containers.set(boundary.id, container);
    childrenOf(boundary.parent).push(container);
  }
  for (const node of graph.nodes) {
    const container = drawnContainer(graph, node.zone);
    childrenOf(container).push({ id: NODE_ID(node.id), ...position(seed?.nodes[node.id], container), ...nodeSize(node) });
  }
  if (seed) {
    for (const container of [root, ...containers.values()]) container.children = seededOrder(container.children!, seed, direction === 'DOWN');
  }
  const reversed = flowsAgainstOrder(graph, { foldTrailingSinks: options.foldTrailingSinks });
  // A flow that was there before keeps the way elk was given it; a new one is given as written,
  // or the way the picture on screen goes from its source to its target (between the shapes
  // under their common container).
  if (seed) {
    const before = new Map((options.seedFlows?.edges ?? []).map(edge => [edge.id, edge]));
    const reversedBefore = new Set(options.seedFlows?.reversed);
    const parentOf = shapeParents(graph);
    const along = (shape: string): number | undefined => {
      const box = (shape.startsWith('b:') ? seed.boundaries : seed.nodes)[shape.slice(2)];
      return box && (direction === 'DOWN' ? box.y + box.height / 2 : box.x + box.width / 2);
    };
    for (const edge of graph.edges) {
      const old = before.get(edge.id);
      if (old && old.source === edge.source && old.target === edge.target) {
        if (reversedBefore.has(edge.id)) reversed.add(edge.id);
        else reversed.delete(edge.id);
        continue;
      }
      if (options.newFlows !== 'as-drawn') {
        reversed.delete(edge.id);
        continue;
      }
      const ends = siblingsBelowCommonContainer(NODE_ID(edge.source), NODE_ID(edge.target), parentOf);
      const [from, to] = ends ? ends.map(along) : [];
      if (from === undefined || to === undefined || Math.abs(from - to) <= SAME_LAYER) continue;
      if (from > to) reversed.add(edge.id);
      else reversed.delete(edge.id);
    }
  }
  for (const id of options.flipped ?? []) {
    if (!reversed.delete(id)) reversed.add(id);
  }
  for (const edge of graph.edges) {
    const [from, to] = reversed.has(edge.id) ? [edge.target, edge.source] : [edge.source, edge.target];
    const elkEdge: ElkExtendedEdge = { id: EDGE_ID(edge.id), sources: [NODE_ID(from)], targets: [NODE_ID(to)] };
    if (options.labels !== false) elkEdge.labels = [{ id: `l:${edge.id}`, text: edge.label, ...edgeLabelSize(edge), layoutOptions: INLINE_LABEL }];
    root.edges!.push(elkEdge);
  }
  return root;
}

/**
 * The shapes of one container in the order the seed shows them, layer by layer (rows when the
 * flows run down) and across each layer, new shapes last in source order: elk keeps to the
 * order of its input where it can (considerModelOrder), so the picture keeps its arrangement.
 */
function seededOrder(children: ElkNode[], seed: DiagramLayout, down: boolean): ElkNode[] {
  const boxOf = (shape: ElkNode): Box | undefined => (shape.id.startsWith('b:') ? seed.boundaries : seed.nodes)[shape.id.slice(2)];
  const placed = children.filter(shape => boxOf(shape) !== undefined);
  const unplaced = children.filter(shape => boxOf(shape) === undefined);
  const along = (shape: ElkNode): number => (down ? boxOf(shape)!.y : boxOf(shape)!.x);
  const across = (shape: ElkNode): number => (down ? boxOf(shape)!.x : boxOf(shape)!.y);
  placed.sort((a, b) => along(a) - along(b));
  const layerOf = new Map<ElkNode, number>();
  let layer = 0;
  let layerStart = placed.length > 0 ? along(placed[0]) : 0;
  for (const shape of placed) {
    if (along(shape) - layerStart > SAME_LAYER) {
      layer++;
      layerStart = along(shape);
    }
    layerOf.set(shape, layer);
  }
  placed.sort((a, b) => layerOf.get(a)! - layerOf.get(b)! || across(a) - across(b));
  return [...placed, ...unplaced];
}

/** Shapes whose near sides are this close along the flows are taken to be in one layer. */
export const SAME_LAYER = 12;

/** The positions in elk's answer to `elkInput(graph)`, every route from its flow's source to its target. */
export function readLayout(graph: DiagramGraph, result: ElkNode, direction: LayoutDirection = 'down'): DiagramLayout {
  const nodes: Record<string, Box> = {};
  const boundaries: Record<string, Box> = {};
  const edges: Record<string, EdgeRoute> = {};
  const sourceOf = new Map(graph.edges.map(edge => [EDGE_ID(edge.id), NODE_ID(edge.source)]));
  const reversed: string[] = [];
  const shapes: ElkNode[] = [result];
  while (shapes.length > 0) {
    const shape = shapes.pop()!;
    // One at a time: spreading a boundary of 100,000 members into push() overflows the stack.
    for (const child of shape.children ?? []) shapes.push(child);
    for (const edge of shape.edges ?? []) {
      const backwards = edge.sources[0] !== sourceOf.get(edge.id);
      if (backwards) reversed.push(edge.id.slice(2));
      edges[edge.id.slice(2)] = edgeRoute(edge, backwards);
    }
    if (shape === result) continue;
    const box = { x: shape.x ?? 0, y: shape.y ?? 0, width: shape.width ?? 0, height: shape.height ?? 0 };
    if (shape.id.startsWith('b:')) boundaries[shape.id.slice(2)] = box;
    else nodes[shape.id.slice(2)] = box;
  }
  const layout = { graph, width: Math.ceil(result.width ?? 0), height: Math.ceil(result.height ?? 0), direction, reversed: reversed.sort(), nodes, boundaries, edges };
  tightenBoundaries(layout);
  return layout;
}

/**
 * elk leaves room at the far end of a boundary for layers it needed elsewhere (often a third of
 * its height, empty); each boundary is cut back to its members and the flows between them.
 */
function tightenBoundaries(layout: DiagramLayout): void {
  const { graph } = layout;
  const extents = new Map<string, number>();
  const reach = (boundary: string | undefined, far: number): void => {
    if (boundary !== undefined) extents.set(boundary, Math.max(extents.get(boundary) ?? -Infinity, far));
  };
  const down = layout.direction === 'down';
  const farEnd = (box: Box): number => (down ? box.y + box.height : box.x + box.width);
  const containerOf = new Map(graph.nodes.map(node => [node.id, drawnContainer(graph, node.zone)]));
  for (const node of graph.nodes) {
    const box = layout.nodes[node.id];
    if (box) reach(containerOf.get(node.id), farEnd(box));
  }
  for (const edge of graph.edges) {
    const container = containerOf.get(edge.source);
    if (container === undefined || container !== containerOf.get(edge.target)) continue;
    const route = layout.edges[edge.id];
    for (const point of route?.points ?? []) reach(container, down ? point.y : point.x);
    if (route) reach(container, farEnd(route.label));
  }
  // Innermost first: children come after their parents in the list.
  for (let index = graph.boundaries.length - 1; index >= 0; index--) {
    const boundary = graph.boundaries[index];
    const box = layout.boundaries[boundary.id];
    const extent = extents.get(boundary.id);
    if (!box || extent === undefined) continue;
    const minimum = down ? BOUNDARY_LABEL_HEIGHT + 2 * BOUNDARY_PADDING : boundaryMinimumWidth(boundary);
    const size = Math.max(extent + BOUNDARY_PADDING - (down ? box.y : box.x), minimum);
    if (down) box.height = Math.min(box.height, size);
    else box.width = Math.min(box.width, size);
    reach(boundary.parent, farEnd(box));
  }
  // And the picture to what is in it.
  let whole = 0;
  for (const box of [...Object.values(layout.nodes), ...Object.values(layout.boundaries)]) whole = Math.max(whole, farEnd(box));
  for (const route of Object.values(layout.edges)) {
    whole = Math.max(whole, farEnd(route.label));
    for (const point of route.points) whole = Math.max(whole, down ? point.y : point.x);
  }
  const size = Math.ceil(whole + DIAGRAM_PADDING);
  if (down) layout.height = Math.min(layout.height, size);
  else layout.width = Math.min(layout.width, size);
}

function edgeRoute(edge: ElkExtendedEdge, reversed: boolean): EdgeRoute {
  const points: Point[] = [];
  for (const section of edge.sections ?? []) {
    points.push(section.startPoint, ...(section.bendPoints ?? []), section.endPoint);
  }
  if (reversed) points.reverse();
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

/** Whether `box` is the size of `edge`'s label block (none when labels are left out). */
export function edgeLabelSizeMatches(edge: DiagramGraph['edges'][number], box: Box, labels: boolean): boolean {
  const size = labels ? edgeLabelSize(edge) : { width: 0, height: 0 };
  return box.width === size.width && box.height === size.height;
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
