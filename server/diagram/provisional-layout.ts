// A picture to show at once after an edit that changes what elk lays out (a node, a flow, a
// boundary, a size), while elk computes the exact layout, which takes about a second at 200
// elements (docs/performance.md, The preview). It is built from the picture on screen: what still
// exists stays where it was, so nothing the user was looking at jumps; a new node goes below the
// lowest node of its boundary (or below the picture), clear of every node and of other
// boundaries; boundaries grow to enclose their members; a flow keeps its route while both its
// ends stay put, and is otherwise drawn straight. The preview marks it as provisional and
// replaces it with elk's layout as soon as that arrives.
import { drawnContainer } from './containers.js';
import { BOUNDARY_LABEL_HEIGHT, BOUNDARY_PADDING, boundaryMinimumWidth, DIAGRAM_PADDING, NODE_SPACING } from './elk-graph.js';
import { edgeLabelSize, nodeSize } from './metrics.js';
import type { Box, DiagramEdge, DiagramGraph, DiagramLayout, EdgeRoute, Point } from './types.js';

export function provisionalLayout(graph: DiagramGraph, previous: DiagramLayout): DiagramLayout {
  const before = previous.graph;
  const containerBefore = new Map(before.nodes.map(node => [node.id, drawnContainer(before, node.zone)]));
  const parentBefore = new Map(before.boundaries.map(boundary => [boundary.id, boundary.parent]));
  const parentOf = new Map(graph.boundaries.map(boundary => [boundary.id, boundary.parent]));
  const containerOf = new Map(graph.nodes.map(node => [node.id, drawnContainer(graph, node.zone)]));

  // Nodes that stay in their boundary keep their place (with their new size).
  const nodes: Record<string, Box> = {};
  for (const node of graph.nodes) {
    const old = previous.nodes[node.id];
    if (old && containerBefore.get(node.id) === containerOf.get(node.id)) nodes[node.id] = { x: old.x, y: old.y, ...nodeSize(node) };
  }
  const keptBoundaries = new Map<string, Box>();
  for (const boundary of graph.boundaries) {
    const old = previous.boundaries[boundary.id];
    if (old && parentBefore.has(boundary.id) && parentBefore.get(boundary.id) === boundary.parent) keptBoundaries.set(boundary.id, old);
  }
  let bottom = DIAGRAM_PADDING;
  for (const box of [...Object.values(nodes), ...keptBoundaries.values()]) bottom = Math.max(bottom, box.y + box.height);

  // New nodes, in source order: each below the lowest node of its boundary, then further down
  // until it is clear of every node and of every boundary it is not in.
  const lowest = new Map<string | undefined, Box>();
  for (const node of graph.nodes) {
    const box = nodes[node.id];
    const container = containerOf.get(node.id);
    if (box && (lowest.get(container)?.y ?? -Infinity) < box.y) lowest.set(container, box);
  }
  for (const node of graph.nodes) {
    if (nodes[node.id]) continue;
    const container = containerOf.get(node.id);
    const enclosing = ancestors(container, parentOf);
    const obstacles = [
      ...Object.values(nodes),
      ...[...keptBoundaries].filter(([id]) => !enclosing.has(id)).map(([, box]) => box),
    ];
    const anchor = lowest.get(container);
    const box = anchor
      ? { x: anchor.x, y: anchor.y + anchor.height + NODE_SPACING, ...nodeSize(node) }
      : { x: DIAGRAM_PADDING, y: bottom + NODE_SPACING, ...nodeSize(node) };
    for (let blocker = obstacles.find(other => overlaps(box, other)); blocker; blocker = obstacles.find(other => overlaps(box, other))) {
      box.y = blocker.y + blocker.height + NODE_SPACING;
    }
    nodes[node.id] = box;
    lowest.set(container, box);
    bottom = Math.max(bottom, box.y + box.height);
  }

  // Boundaries, innermost first (parents come before their children in `graph.boundaries`).
  const boundaries: Record<string, Box> = {};
  for (const boundary of [...graph.boundaries].reverse()) {
    const members = [
      ...graph.nodes.filter(node => containerOf.get(node.id) === boundary.id).map(node => nodes[node.id]),
      ...graph.boundaries.filter(child => child.parent === boundary.id).map(child => boundaries[child.id]),
    ];
    const kept = keptBoundaries.get(boundary.id);
    let box: Box;
    if (members.length > 0) {
      const around = union(members);
      const padded = {
        x: around.x - BOUNDARY_PADDING,
        y: around.y - BOUNDARY_LABEL_HEIGHT - BOUNDARY_PADDING / 2,
        width: Math.max(around.width + 2 * BOUNDARY_PADDING, boundaryMinimumWidth(boundary)),
        height: around.height + BOUNDARY_LABEL_HEIGHT + 1.5 * BOUNDARY_PADDING,
      };
      box = kept ? union([kept, padded]) : padded;
    } else {
      box = kept ?? { x: DIAGRAM_PADDING, y: bottom + NODE_SPACING, width: boundaryMinimumWidth(boundary), height: BOUNDARY_LABEL_HEIGHT + 2 * BOUNDARY_PADDING };
    }
    boundaries[boundary.id] = box;
    bottom = Math.max(bottom, box.y + box.height);
  }

  const edges: Record<string, EdgeRoute> = {};
  const edgeBefore = new Map(before.edges.map(edge => [edge.id, edge]));
  for (const edge of graph.edges) {
    const source = nodes[edge.source];
    const target = nodes[edge.target];
    if (!source || !target) continue;
    const old = previous.edges[edge.id];
    const was = edgeBefore.get(edge.id);
    const size = edgeLabelSize(edge);
    if (old && was && was.source === edge.source && was.target === edge.target
      && sameBox(previous.nodes[edge.source], source) && sameBox(previous.nodes[edge.target], target)) {
      edges[edge.id] = { points: old.points, label: { x: old.label.x, y: old.label.y, ...size } };
    } else {
      edges[edge.id] = straightRoute(edge, source, target);
    }
  }
  return { ...withExtent(graph, nodes, boundaries, edges), direction: previous.direction, reversed: previous.reversed };
}

/** A flow drawn straight from the source's outline to the target's, its label block at the middle. */
export function straightRoute(edge: DiagramEdge, source: Box, target: Box): EdgeRoute {
  const size = edgeLabelSize(edge);
  const start = borderToward(source, centre(target));
  const end = borderToward(target, centre(source));
  const middle = { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 };
  return { points: [start, end], label: { x: middle.x - size.width / 2, y: middle.y - size.height / 2, ...size } };
}

/** The layout of these positions, as large as what they cover plus the picture's padding. */
export function withExtent(graph: DiagramGraph, nodes: Record<string, Box>, boundaries: Record<string, Box>, edges: Record<string, EdgeRoute>): DiagramLayout {
  let right = 0;
  let down = 0;
  const cover = (x: number, y: number) => {
    right = Math.max(right, x);
    down = Math.max(down, y);
  };
  for (const box of [...Object.values(nodes), ...Object.values(boundaries), ...Object.values(edges).map(route => route.label)]) cover(box.x + box.width, box.y + box.height);
  for (const route of Object.values(edges)) for (const point of route.points) cover(point.x, point.y);
  return { graph, width: Math.ceil(right + DIAGRAM_PADDING), height: Math.ceil(down + DIAGRAM_PADDING), nodes, boundaries, edges };
}

function ancestors(boundary: string | undefined, parentOf: ReadonlyMap<string, string | undefined>): Set<string> {
  const chain = new Set<string>();
  for (let id = boundary; id !== undefined && !chain.has(id); id = parentOf.get(id)) chain.add(id);
  return chain;
}

/** Loops here, never Math.max(...boxes): spreading 100,000 values into one call overflows the stack. */
function union(boxes: readonly Box[]): Box {
  let x = Infinity, y = Infinity, right = -Infinity, down = -Infinity;
  for (const box of boxes) {
    x = Math.min(x, box.x);
    y = Math.min(y, box.y);
    right = Math.max(right, box.x + box.width);
    down = Math.max(down, box.y + box.height);
  }
  return { x, y, width: right - x, height: down - y };
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function sameBox(a: Box | undefined, b: Box): boolean {
  return a !== undefined && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

export function centre(box: Box): Point {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Where the line from the box's centre towards `toward` leaves the box. */
export function borderToward(box: Box, toward: Point): Point {
  const from = centre(box);
  const dx = toward.x - from.x;
  const dy = toward.y - from.y;
  const scale = Math.min(dx === 0 ? Infinity : box.width / 2 / Math.abs(dx), dy === 0 ? Infinity : box.height / 2 / Math.abs(dy), 1);
  return { x: from.x + dx * scale, y: from.y + dy * scale };
}
