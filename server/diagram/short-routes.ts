// Flows elk draws the long way round, given a short route. elk routes a flow it is handed
// against its layers (a flow crossing-flips.ts turned round, a flow between boundaries that
// talk both ways) out of its source's far side and around the picture into its target: a loop
// or a detour, though the two ends often face each other across one gap. Such a flow gets, where
// one exists, a route with at most two bends between two sides of its ends that passes through
// no node and runs along no other flow, its label centred on the route's longest stretch; the
// picture keeps whichever of the two is more readable (docs/diagram.md, Layout).
import { DIAGRAM_PADDING } from './elk-graph.js';
import type { Readability, Segment } from './readability.js';
import { boxesOverlap, collinearOverlap, compareRanks, DETOUR_LIMIT, inflate, inside, measureReadability, properIntersection, segmentCutsBox, segments, SHARED_STRETCH, union } from './readability.js';
import type { Box, DiagramLayout, EdgeRoute, Point } from './types.js';

/** How far from a node's or a boundary's outline a route turns. */
const CLEARANCE = 12;
/** Routes tried per flow (with three places for the label each), the fewest crossings and shortest first. */
const ROUTES_TRIED = 4;

/**
 * `layout` with each flow counted among its detours or loops rerouted where that makes the
 * picture more readable by `rank` (lower first, key by key); its figures, and the flows rerouted.
 */
export function shortenRoundabouts(layout: DiagramLayout, rank: (figures: Readability) => number[]): { layout: DiagramLayout; figures: Readability; rerouted: string[] } {
  let best = { layout, figures: measureReadability(layout) };
  const rerouted: string[] = [];
  for (const flow of best.figures.roundaboutFlows) {
    // The first route (fewest crossings, then shortest) and label place that reads better is kept.
    improve: for (const points of shortRoutes(best.layout, flow)) {
      for (const label of labelPlaces(best.layout, flow, points)) {
        const candidate = withRoute(best.layout, flow, { points, label });
        const figures = measureReadability(candidate);
        if (compareRanks(rank(figures), rank(best.figures)) < 0) {
          best = { layout: candidate, figures };
          rerouted.push(flow);
          break improve;
        }
      }
    }
  }
  return { ...best, rerouted };
}

type Side = 'top' | 'bottom' | 'left' | 'right';

/** Where a route may leave or enter a box on one side: spread along a top or bottom (clear of a process's rounded ends), the middle of a left or right. */
function anchors(box: Box, side: Side): Point[] {
  if (side === 'left' || side === 'right') return [{ x: side === 'left' ? box.x : box.x + box.width, y: box.y + box.height / 2 }];
  const y = side === 'top' ? box.y : box.y + box.height;
  const inset = Math.min(box.height / 2, box.width / 2);
  return [0.5, 0.3, 0.7, 0.15, 0.85].map(share => ({ x: Math.min(Math.max(box.x + box.width * share, box.x + inset), box.x + box.width - inset), y }));
}

/** The way out of a side, as a unit step. */
const OUTWARDS: Record<Side, Point> = { top: { x: 0, y: -1 }, bottom: { x: 0, y: 1 }, left: { x: -1, y: 0 }, right: { x: 1, y: 0 } };

/**
 * Routes from the source's outline to the target's with at most two bends, each leaving and
 * entering a side outwards from its box, through no node and along no other flow; the fewest
 * crossings first, then the fewest other flows' labels run under, then the shortest.
 */
function shortRoutes(layout: DiagramLayout, flow: string): Point[][] {
  const edge = layout.graph.edges.find(candidate => candidate.id === flow)!;
  const source = layout.nodes[edge.source];
  const target = layout.nodes[edge.target];
  const boxes = [...Object.values(layout.nodes), ...Object.values(layout.boundaries)];
  // Where a stretch across may run: clear of each node and boundary, on either side.
  // Not along a boundary's outline, where the route would be read as part of it.
  const outlinesY = Object.values(layout.boundaries).flatMap(box => [box.y, box.y + box.height]);
  const outlinesX = Object.values(layout.boundaries).flatMap(box => [box.x, box.x + box.width]);
  const clear = (outlines: number[]) => (lane: number): boolean => outlines.every(outline => Math.abs(outline - lane) >= CLEARANCE / 2);
  // Nor farther from the two ends than a detour.
  const ends = inflate(union(source, target), DETOUR_LIMIT);
  const lanesY = [...new Set(boxes.flatMap(box => [box.y - CLEARANCE, box.y + box.height + CLEARANCE]))]
    .filter(y => y >= ends.y && y <= ends.y + ends.height).filter(clear(outlinesY));
  const lanesX = [...new Set(boxes.flatMap(box => [box.x - CLEARANCE, box.x + box.width + CLEARANCE]))]
    .filter(x => x >= ends.x && x <= ends.x + ends.width).filter(clear(outlinesX));
  const routes: Point[][] = [];
  const sides: Side[] = ['top', 'bottom', 'left', 'right'];
  for (const from of sides) {
    for (const to of sides) {
      for (const start of anchors(source, from)) {
        for (const end of anchors(target, to)) routes.push(...routesBetween(start, from, end, to, lanesX, lanesY));
      }
    }
  }
  const otherFlows = layout.graph.edges.filter(other => other.id !== flow && layout.edges[other.id]).map(other => layout.edges[other.id]);
  const others = otherFlows.map(route => segments(route.points));
  // Under another flow's label, a route reads as that label's: among routes as crossed, those under none come first.
  const labels = otherFlows.filter(route => route.label.width > 0).map(route => inflate(route.label, 2));
  const inner = Object.values(layout.nodes).map(box => inflate(box, -2));
  const scored: { points: Point[]; cost: number }[] = [];
  for (const points of routes) {
    if (points.some(point => point.x < 0 || point.y < 0 || !inside(point, ends))) continue;
    const stretches = segments(points);
    if (stretches.some(stretch => inner.some(box => segmentCutsBox(stretch, box)))) continue;
    if (others.some(route => sharedLength(stretches, route) > SHARED_STRETCH)) continue;
    const crossings = others.reduce((sum, route) => sum + crossingCount(stretches, route), 0);
    const labelsUnder = labels.filter(label => stretches.some(stretch => segmentCutsBox(stretch, label))).length;
    scored.push({ points, cost: crossings * 1e8 + labelsUnder * 1e6 + length(stretches) });
  }
  return scored.sort((a, b) => a.cost - b.cost).slice(0, ROUTES_TRIED).map(route => route.points);
}

/** Orthogonal routes from `start` (leaving outwards from side `from`) to `end` (entering through side `to`). */
function routesBetween(start: Point, from: Side, end: Point, to: Side, lanesX: readonly number[], lanesY: readonly number[]): Point[][] {
  const out = OUTWARDS[from];
  const back = OUTWARDS[to];
  // Does a stretch from the start to coordinate `value` leave outwards, and one from it enter inwards?
  const leaves = (axis: 'x' | 'y', value: number): boolean => (value - start[axis]) * out[axis] > 0;
  const enters = (axis: 'x' | 'y', value: number): boolean => (value - end[axis]) * back[axis] > 0;
  const routes: Point[][] = [];
  const vertical = (side: Side): boolean => side === 'top' || side === 'bottom';
  if (vertical(from) && vertical(to)) {
    if (start.x === end.x && leaves('y', end.y) && enters('y', start.y)) routes.push([start, end]);
    for (const y of lanesY) if (leaves('y', y) && enters('y', y)) routes.push([start, { x: start.x, y }, { x: end.x, y }, end]);
  } else if (!vertical(from) && !vertical(to)) {
    if (start.y === end.y && leaves('x', end.x) && enters('x', start.x)) routes.push([start, end]);
    for (const x of lanesX) if (leaves('x', x) && enters('x', x)) routes.push([start, { x, y: start.y }, { x, y: end.y }, end]);
  } else if (vertical(from)) {
    if (leaves('y', end.y) && enters('x', start.x)) routes.push([start, { x: start.x, y: end.y }, end]);
  } else if (leaves('x', end.x) && enters('y', start.y)) {
    routes.push([start, { x: end.x, y: start.y }, end]);
  }
  return routes;
}

/**
 * Up to three places for the label on the route's longest stretch along the flows (down or
 * across, as elk puts its labels): its middle, a third and two thirds along; none across a
 * boundary's outline; the one farthest from the other labels first.
 */
function labelPlaces(layout: DiagramLayout, flow: string, points: readonly Point[]): Box[] {
  const label = layout.edges[flow].label;
  if (label.width === 0) return [{ ...midpoint(points[0], points.at(-1)!), width: 0, height: 0 }];
  const stretches = segments(points);
  const down = layout.direction !== 'right';
  const along = stretches.filter(({ a, b }) => (down ? a.x === b.x : a.y === b.y));
  const longest = (along.length > 0 ? along : stretches).reduce((a, b) => (length([b]) > length([a]) ? b : a));
  const boundaries = Object.values(layout.boundaries);
  const otherLabels = Object.entries(layout.edges).filter(([id, route]) => id !== flow && route.label.width > 0).map(([, route]) => route.label);
  const clearance = (place: Box): number => Math.min(Infinity, ...otherLabels.map(other => gap(place, other)));
  return [0.5, 1 / 3, 2 / 3].map(share => {
    const centre = { x: longest.a.x + (longest.b.x - longest.a.x) * share, y: longest.a.y + (longest.b.y - longest.a.y) * share };
    return { x: centre.x - label.width / 2, y: centre.y - label.height / 2, width: label.width, height: label.height };
  }).filter(place => boundaries.every(boundary => contains(boundary, place) || !boxesOverlap(boundary, place)))
    .sort((a, b) => clearance(b) - clearance(a));
}

/** How far apart two boxes are (0 when they touch or overlap). */
function gap(a: Box, b: Box): number {
  const dx = Math.max(0, a.x - (b.x + b.width), b.x - (a.x + a.width));
  const dy = Math.max(0, a.y - (b.y + b.height), b.y - (a.y + a.height));
  return Math.hypot(dx, dy);
}

function contains(outer: Box, inner: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}


function withRoute(layout: DiagramLayout, flow: string, route: EdgeRoute): DiagramLayout {
  let { width, height } = layout;
  for (const point of [...route.points, { x: route.label.x + route.label.width, y: route.label.y + route.label.height }]) {
    width = Math.max(width, Math.ceil(point.x + DIAGRAM_PADDING));
    height = Math.max(height, Math.ceil(point.y + DIAGRAM_PADDING));
  }
  return { ...layout, width, height, edges: { ...layout.edges, [flow]: route } };
}

function crossingCount(route: readonly Segment[], other: readonly Segment[]): number {
  let count = 0;
  for (const s of route) for (const t of other) if (properIntersection(s, t)) count++;
  return count;
}

function sharedLength(route: readonly Segment[], other: readonly Segment[]): number {
  let shared = 0;
  for (const s of route) for (const t of other) shared += collinearOverlap(s, t);
  return shared;
}

function length(stretches: readonly Segment[]): number {
  return stretches.reduce((sum, { a, b }) => sum + Math.abs(b.x - a.x) + Math.abs(b.y - a.y), 0);
}

function midpoint(a: Point, b: Point): Point {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}
