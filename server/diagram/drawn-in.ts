// Flows an edit adds, drawn into the picture on screen instead of being handed to elk. elk's
// layers leave no room for a flow between two shapes of one layer (a node and the boundary drawn
// beside it): one of them goes a whole layer lower, and everything below with it, or the
// crossing minimisation reshuffles the layers the new flow's long route runs past
// (docs/diagram.md, Layout, After an edit). Drawn in, nothing moves: each flow is routed
// orthogonally over a grid laid on the picture, around nodes, labels and boundary label rows,
// crossing other flows and boundary outlines as rarely as it can, never running along them and
// never straying further from its ends than a detour would; its label block goes on a free
// stretch of its route. arrange.ts keeps such a picture only when it has no fault the picture
// before it did not have.
import { boundaryLabelBoxes } from './boundary-labels.js';
import { DIAGRAM_PADDING } from './elk-graph.js';
import { edgeLabelSize } from './metrics.js';
import type { Segment } from './readability.js';
import { centre, DETOUR_LIMIT, distanceToRoute, inflate, overlapArea, segments, union } from './readability.js';
import type { Box, DiagramEdge, DiagramGraph, DiagramLayout, DiagramNode, EdgeRoute, Point } from './types.js';

/** The grid's pitch, unless the picture is so large that the grid would pass MAX_CELLS. */
const STEP = 8;
const MAX_CELLS = 60_000;
/** A route keeps this far from every node (its ends' too, except for the stubs at its ports). */
const NODE_CLEARANCE = 10;
/** A route never runs alongside another line (a flow, a boundary's outline) closer than this. */
const LINE_CLEARANCE = 6;
/** Around other labels and boundary label rows. */
const LABEL_CLEARANCE = 4;
/** A port keeps this far from the other flows' lines at its side of the node. */
const PORT_GAP = 12;
/** Costs, in pixels of route: a bend, a crossing with another flow, a boundary's outline crossed. */
const BEND = 24;
const FLOW_CROSSING = 160;
const OUTLINE_CROSSING = 80;
/** A route with more bends than this, as elk's seldom have, is not drawn in. */
const MAX_BENDS = 8;
/** After a bend, a route runs on for at least this many cells. */
const TURN_RUN = 2;
/** A label beside its line rather than on it costs this much more. */
const BESIDE_LABEL = 120;
/** Between a label block and the bends of its line, or the line it sits beside. */
const LABEL_GAP = LABEL_CLEARANCE + 2;

/** The four directions a route moves in: +x, -x, +y, -y. */
const DX = [1, -1, 0, 0];
const DY = [0, 0, 1, -1];
const horizontal = (direction: number): boolean => direction < 2;
/** The directions in the order a route turns through them clockwise (y grows downwards). */
const CLOCKWISE = [0, 2, 1, 3];

/**
 * `layout` with each of `flows` (ids of `graph`'s edges, which `layout` has no route for) drawn
 * into it, every other shape where it was; undefined when one of them finds no route or no room
 * for its label. The result's `drawnIn` lists them, with those of `layout`.
 */
export function drawFlowsIn(layout: DiagramLayout, graph: DiagramGraph, flows: readonly string[], labels = true): DiagramLayout | undefined {
  const edges: Record<string, EdgeRoute> = { ...layout.edges };
  const byId = new Map(graph.edges.map(edge => [edge.id, edge]));
  for (const id of flows) {
    const edge = byId.get(id);
    if (!edge || edge.source === edge.target || !layout.nodes[edge.source] || !layout.nodes[edge.target]) return undefined;
    const route = routeFlow({ ...layout, graph, edges }, edge, labels);
    if (!route) return undefined;
    edges[id] = route;
  }
  let right = layout.width;
  let down = layout.height;
  for (const id of flows) {
    const { points, label } = edges[id];
    for (const point of [...points, { x: label.x + label.width, y: label.y + label.height }]) {
      right = Math.max(right, Math.ceil(point.x + DIAGRAM_PADDING));
      down = Math.max(down, Math.ceil(point.y + DIAGRAM_PADDING));
    }
  }
  const drawnIn = [...new Set([...(layout.drawnIn ?? []), ...flows])].filter(id => byId.has(id)).sort();
  return { ...layout, graph, edges, width: right, height: down, drawnIn };
}

/** One flow's route through `layout` (which holds every other shape and route), with its label block. */
function routeFlow(layout: DiagramLayout, edge: DiagramEdge, labels: boolean): EdgeRoute | undefined {
  const source = layout.nodes[edge.source];
  const target = layout.nodes[edge.target];
  const nodeOf = new Map(layout.graph.nodes.map(node => [node.id, node]));
  const flowLines = Object.values(layout.edges).flatMap(route => segments(route.points));
  const outlines = Object.values(layout.boundaries).flatMap(sides);
  const labelRows = [...boundaryLabelBoxes(layout).values()];
  const labelBoxes = Object.values(layout.edges).map(route => route.label).filter(box => box.width > 0);
  // What a label block may not cover.
  const covered = new CoveredPlaces([...Object.values(layout.nodes), ...labelBoxes, ...labelRows], [...flowLines, ...outlines]);
  const grid = new Grid(layout, covered, source, target);
  for (const box of Object.values(layout.nodes)) grid.block(inflate(box, NODE_CLEARANCE));
  for (const box of [...labelRows, ...labelBoxes]) grid.block(inflate(box, LABEL_CLEARANCE));
  // Never further from the box around its ends than a detour (readability.ts) would be.
  grid.keepWithin(inflate(union(source, target), DETOUR_LIMIT - 2 * STEP));
  for (const line of flowLines) grid.addLine(line, FLOW_CROSSING);
  for (const line of outlines) grid.addLine(line, OUTLINE_CROSSING);

  const others = Object.entries(layout.nodes).filter(([id]) => id !== edge.source && id !== edge.target).map(([, box]) => box);
  const starts = grid.ports(portSides(nodeOf.get(edge.source)!, source), flowLines, outlines, others);
  const goals = grid.ports(portSides(nodeOf.get(edge.target)!, target), flowLines, outlines, others);
  const size = labels ? edgeLabelSize(edge) : undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const route = grid.cheapestRoute(starts, goals, size);
    // A route that needs many bends (its label would fit only off the way) is left to elk.
    if (!route || route.points.length - 2 > MAX_BENDS) return undefined;
    // A tight curl (two bends the same way around a short run) is closed and the search runs
    // again; so is a label its own route runs through or close by other than where it carries it.
    const curl = tightCurl(route.points);
    if (curl) {
      grid.block(inflate(boxAround(curl), STEP));
      continue;
    }
    if (!route.label) return { points: route.points, label: midpointBox(route.points) };
    const own = segments(route.points);
    const onItsLine = own.some(segment => distanceToRoute(centre(route.label!), [segment]) < 1);
    if (own.filter(segment => cutsBox(segment, inflate(route.label!, LINE_CLEARANCE))).length <= (onItsLine ? 1 : 0)) return { points: route.points, label: route.label };
    grid.block(route.label);
  }
  return undefined;
}

/** Searches for a route without a tight curl, whose label its own line does not run through. */
const ATTEMPTS = 3;
/** A run between two bends the same way shorter than this is a tight curl: it reads as a glitch. */
const CURL_RUN = 3 * STEP;

/** The first run between two bends that turn the same way, shorter than CURL_RUN. */
function tightCurl(points: readonly Point[]): Segment | undefined {
  const turn = (a: Point, b: Point, c: Point): number => Math.sign((b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x));
  for (let k = 1; k + 2 < points.length; k++) {
    const [a, b, c, d] = [points[k - 1], points[k], points[k + 1], points[k + 2]];
    if (Math.hypot(c.x - b.x, c.y - b.y) < CURL_RUN && turn(a, b, c) === turn(b, c, d)) return { a: b, b: c };
  }
  return undefined;
}

/** Where a flow may meet a node of this kind: along each side, the stretch a port may sit on. */
interface PortSide {
  /** The direction a route leaves the node by this side (an index into DX/DY). */
  outward: number;
  /** The side's fixed coordinate, and the range of the other along it. */
  at: number;
  from: number;
  to: number;
}

function portSides(node: DiagramNode, box: Box): PortSide[] {
  const inset = node.kind === 'process' ? box.height / 2 : PORT_GAP;
  const across: PortSide[] = [
    { outward: 3, at: box.y, from: box.x + inset, to: box.x + box.width - inset },
    { outward: 2, at: box.y + box.height, from: box.x + inset, to: box.x + box.width - inset },
  ];
  // A data store is open at its sides; a process (a pill) is met at the middle of its round ends.
  if (node.kind === 'store') return across;
  const middle = box.y + box.height / 2;
  const [from, to] = node.kind === 'process' ? [middle, middle] : [box.y + PORT_GAP, box.y + box.height - PORT_GAP];
  return [...across, { outward: 1, at: box.x, from, to }, { outward: 0, at: box.x + box.width, from, to }];
}

/** A port: the point on a node's outline, the grid cell its stub reaches, the stub's direction away from the node, and its cost. */
interface Port {
  point: Point;
  cell: number;
  outward: number;
  cost: number;
}

/** The size of a flow's label block. */
interface Size {
  width: number;
  height: number;
}

/** A route found on the grid: the points where it bends, and its label block's place. */
interface GridRoute {
  points: Point[];
  label?: Box;
}

/**
 * What a label block may not cover (nodes, other labels, boundary label rows) and the lines it may
 * not cross, in buckets of the picture, so that a place is tested against what lies near it.
 */
class CoveredPlaces {
  private readonly boxes = new Map<number, Box[]>();
  private readonly lines = new Map<number, Segment[]>();

  constructor(boxes: readonly Box[], lines: readonly Segment[]) {
    for (const box of boxes) this.bucketsOf(box, key => CoveredPlaces.add(this.boxes, key, box));
    for (const line of lines) this.bucketsOf(boxAround(line), key => CoveredPlaces.add(this.lines, key, line));
  }

  private static add<T>(map: Map<number, T[]>, key: number, item: T): void {
    const bucket = map.get(key);
    if (bucket) bucket.push(item);
    else map.set(key, [item]);
  }

  private bucketsOf(box: Box, visit: (key: number) => void): void {
    const [i0, i1] = [Math.floor(box.x / BUCKET), Math.floor((box.x + box.width) / BUCKET)];
    const [j0, j1] = [Math.floor(box.y / BUCKET), Math.floor((box.y + box.height) / BUCKET)];
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) visit(j * 100_000 + i);
  }

  /** Whether nothing covered overlaps `box` and no line runs through it. */
  free(box: Box): boolean {
    let free = box.x >= 0 && box.y >= 0;
    this.bucketsOf(box, key => {
      if (!free) return;
      if (this.boxes.get(key)?.some(other => overlapArea(box, other) > 0) || this.lines.get(key)?.some(line => cutsBox(line, box))) free = false;
    });
    return free;
  }

  /** Whether a line passes within `distance` of `point`. */
  lineWithin(point: Point, distance: number): boolean {
    let found = false;
    this.bucketsOf({ x: point.x - distance, y: point.y - distance, width: 2 * distance, height: 2 * distance }, key => {
      if (!found && this.lines.get(key)?.some(line => distanceToRoute(point, [line]) < distance)) found = true;
    });
    return found;
  }
}

/** The side of CoveredPlaces' buckets. */
const BUCKET = 64;

/**
 * The picture cut into cells on a grid whose lines are evenly spaced, plus the centre lines of
 * every node (so that a route may run straight between two aligned nodes and meet a pill at
 * the middle of its round end). A route moves between neighbouring cells.
 */
class Grid {
  readonly xs: number[];
  readonly ys: number[];
  private readonly step: number;
  private readonly blocked: Uint8Array;
  /** Moving along x (y) through this cell runs alongside another line. */
  private readonly noAlongX: Uint8Array;
  private readonly noAlongY: Uint8Array;
  /** The cost of the lines crossed moving from this cell to the next one along +x (+y). */
  private readonly costX: Float64Array;
  private readonly costY: Float64Array;
  /** The search's working arrays, by state (cheapestRouteLeaving), made once per grid. */
  private cost: Float64Array | undefined;
  private from: Int32Array | undefined;
  /** labelRuns' answers, and where each cell * 4 + direction's is among them (0: not asked yet). */
  private readonly runs: { end: number; label: Box; cost: number }[][] = [[]];
  private runsAt: Int32Array | undefined;
  constructor(layout: DiagramLayout, private readonly covered: CoveredPlaces, ...ends: Box[]) {
    this.step = Math.max(STEP, Math.ceil(Math.sqrt((layout.width * layout.height) / MAX_CELLS)));
    const centres = Object.values(layout.nodes).map(box => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 }));
    // The ends' corners too, so that stubs may leave from the ends of their sides.
    for (const box of ends) centres.push({ x: box.x, y: box.y }, { x: box.x + box.width, y: box.y + box.height });
    this.xs = gridLines(layout.width + 2 * this.step, this.step, centres.map(point => point.x));
    this.ys = gridLines(layout.height + 2 * this.step, this.step, centres.map(point => point.y));
    const cells = this.xs.length * this.ys.length;
    this.blocked = new Uint8Array(cells);
    this.noAlongX = new Uint8Array(cells);
    this.noAlongY = new Uint8Array(cells);
    this.costX = new Float64Array(cells);
    this.costY = new Float64Array(cells);
  }

  private cell(i: number, j: number): number {
    return j * this.xs.length + i;
  }

  private at(cell: number): Point {
    const width = this.xs.length;
    return { x: this.xs[cell % width], y: this.ys[Math.floor(cell / width)] };
  }

  /** Indexes of the grid lines in [low, high]. */
  private range(lines: readonly number[], low: number, high: number): [number, number] {
    return [lowerBound(lines, low), lowerBound(lines, high + 1e-9) - 1];
  }

  private eachCell(box: Box, visit: (cell: number) => void): void {
    const [i0, i1] = this.range(this.xs, box.x, box.x + box.width);
    const [j0, j1] = this.range(this.ys, box.y, box.y + box.height);
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) visit(this.cell(i, j));
  }

  block(box: Box): void {
    this.eachCell(box, cell => { this.blocked[cell] = 1; });
  }

  /** Cells outside `box` are closed. */
  keepWithin(box: Box): void {
    for (let j = 0; j < this.ys.length; j++) {
      for (let i = 0; i < this.xs.length; i++) {
        if (this.xs[i] < box.x || this.xs[i] > box.x + box.width || this.ys[j] < box.y || this.ys[j] > box.y + box.height) this.blocked[this.cell(i, j)] = 1;
      }
    }
  }

  /** Another line (a flow's, a boundary's side): crossing it costs `cost`, running along it is not allowed. */
  addLine({ a, b }: Segment, cost: number): void {
    const alongX = a.y === b.y;
    if (!alongX && a.x !== b.x) {
      // A slanted line (a hand-drawn picture): keep off the box around it.
      this.block({ x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) });
      return;
    }
    const [low, high] = alongX ? [Math.min(a.x, b.x), Math.max(a.x, b.x)] : [Math.min(a.y, b.y), Math.max(a.y, b.y)];
    const level = alongX ? a.y : a.x;
    const band = alongX
      ? { x: low - LINE_CLEARANCE, y: level - LINE_CLEARANCE, width: high - low + 2 * LINE_CLEARANCE, height: 2 * LINE_CLEARANCE }
      : { x: level - LINE_CLEARANCE, y: low - LINE_CLEARANCE, width: 2 * LINE_CLEARANCE, height: high - low + 2 * LINE_CLEARANCE };
    const noAlong = alongX ? this.noAlongX : this.noAlongY;
    this.eachCell(band, cell => { noAlong[cell] = 1; });
    // Moving across it from line k to k + 1 crosses it where lines[k] < level <= lines[k + 1].
    const across = alongX ? this.ys : this.xs;
    const before = lowerBound(across, level) - 1;
    if (before < 0) return;
    const [k0, k1] = this.range(alongX ? this.xs : this.ys, low + 1e-6, high - 1e-6);
    for (let k = k0; k <= k1; k++) {
      if (alongX) this.costY[this.cell(k, before)] += cost;
      else this.costX[this.cell(before, k)] += cost;
    }
  }

  /**
   * Where a route may meet a node, by the sides given: at each grid line across each side, a
   * stub straight out to the first cell beyond the node's clearance, crossing no flow and clear of
   * the lines already at that side.
   */
  ports(portSides: readonly PortSide[], flowLines: readonly Segment[], outlines: readonly Segment[], nodes: readonly Box[]): Port[] {
    const ports: Port[] = [];
    for (const side of portSides) {
      const alongX = !horizontal(side.outward);
      const along = alongX ? this.xs : this.ys;
      const across = alongX ? this.ys : this.xs;
      const sign = side.outward % 2 === 0 ? 1 : -1;
      const reach = side.at + sign * (NODE_CLEARANCE + 1);
      const index = sign > 0 ? lowerBound(across, reach) : lowerBound(across, reach + 1e-9) - 1;
      if (index < 0 || index >= across.length) continue;
      const [k0, k1] = this.range(along, side.from, side.to);
      for (let k = k0; k <= k1; k++) {
        const point = alongX ? { x: along[k], y: side.at } : { x: side.at, y: along[k] };
        const cell = alongX ? this.cell(k, index) : this.cell(index, k);
        if (this.blocked[cell]) continue;
        const stub = { a: point, b: this.at(cell) };
        if (flowLines.some(line => crosses(stub, line) || near(stub, line, PORT_GAP))) continue;
        if (outlines.some(line => near(stub, line, LINE_CLEARANCE)) || nodes.some(node => cutsBox(stub, node))) continue;
        const outlinesCrossed = outlines.filter(line => crosses(stub, line)).length;
        ports.push({ point, cell, outward: side.outward, cost: Math.abs(across[index] - side.at) + outlinesCrossed * OUTLINE_CROSSING });
      }
    }
    return ports;
  }

  /**
   * From `cell` along `direction`, a straight stretch long enough to carry a label block of
   * `size`, crossing nothing: where it ends, and each place the label fits along it (centred on
   * the line, else beside it with nothing else nearer its middle), with its cost.
   */
  private labelRuns(cell: number, direction: number, size: Size): { end: number; label: Box; cost: number }[] {
    this.runsAt ??= new Int32Array(this.xs.length * this.ys.length * 4);
    const key = cell * 4 + direction;
    if (this.runsAt[key] === 0) {
      this.runsAt[key] = this.runs.length;
      this.runs.push(this.findLabelRuns(cell, direction, size));
    }
    return this.runs[this.runsAt[key]];
  }

  private findLabelRuns(cell: number, direction: number, size: Size): { end: number; label: Box; cost: number }[] {
    const alongX = horizontal(direction);
    const needed = (alongX ? size.width : size.height) + 2 * LABEL_GAP;
    const noAlong = alongX ? this.noAlongX : this.noAlongY;
    const width = this.xs.length;
    const start = this.at(cell);
    let [i, j] = [cell % width, Math.floor(cell / width)];
    let end = cell;
    let travelled = 0;
    while (travelled < needed) {
      const [ni, nj] = [i + DX[direction], j + DY[direction]];
      if (ni < 0 || nj < 0 || ni >= width || nj >= this.ys.length) return [];
      const next = this.cell(ni, nj);
      const crossing = alongX ? this.costX[DX[direction] > 0 ? end : next] : this.costY[DY[direction] > 0 ? end : next];
      if (this.blocked[next] || noAlong[end] || noAlong[next] || crossing > 0) return [];
      [i, j, end] = [ni, nj, next];
      travelled = Math.abs(this.xs[i] - start.x) + Math.abs(this.ys[j] - start.y);
    }
    const middle = { x: (start.x + this.xs[i]) / 2, y: (start.y + this.ys[j]) / 2 };
    const centred = { x: middle.x - size.width / 2, y: middle.y - size.height / 2, ...size };
    const runs: { end: number; label: Box; cost: number }[] = [];
    if (this.covered.free(inflate(centred, LABEL_CLEARANCE))) runs.push({ end, label: centred, cost: travelled });
    const beside = alongX
      ? [{ ...centred, y: middle.y + LABEL_GAP }, { ...centred, y: middle.y - LABEL_GAP - size.height }]
      : [{ ...centred, x: middle.x + LABEL_GAP }, { ...centred, x: middle.x - LABEL_GAP - size.width }];
    for (const label of beside) {
      // Nearer its own line than any other, by LINE_CLEARANCE at least.
      const middleOfLabel = { x: label.x + label.width / 2, y: label.y + label.height / 2 };
      const own = (alongX ? size.height : size.width) / 2 + LABEL_GAP;
      if (this.covered.free(inflate(label, LABEL_CLEARANCE)) && !this.covered.lineWithin(middleOfLabel, own + LINE_CLEARANCE)) runs.push({ end, label, cost: travelled + BESIDE_LABEL });
    }
    return runs;
  }

  /**
   * The cheapest route from one of `starts` to one of `goals`, as the points where it bends, with
   * its label's place when it has a label of `labelSize`: an A* search over cells, whether the
   * route has passed its label yet, and how far it has turned (never three quarter-turns one
   * way: readability.ts counts that a loop), once for each side the route may leave by.
   */
  cheapestRoute(starts: readonly Port[], goals: readonly Port[], labelSize: Size | undefined): GridRoute | undefined {
    let best: { route: GridRoute; cost: number } | undefined;
    // The side nearest the goals first: its route bounds the searches from the others.
    const goalPoints = goals.map(goal => this.at(goal.cell));
    const distance = (start: Port): number => Math.min(...goalPoints.map(goal => Math.abs(goal.x - this.at(start.cell).x) + Math.abs(goal.y - this.at(start.cell).y)));
    const nearest = new Map<number, number>();
    for (const start of starts) nearest.set(start.outward, Math.min(nearest.get(start.outward) ?? Infinity, distance(start)));
    for (const outward of [...nearest.keys()].sort((a, b) => nearest.get(a)! - nearest.get(b)!)) {
      const found = this.cheapestRouteLeaving(starts.filter(start => start.outward === outward), outward, goals, labelSize, best?.cost ?? Infinity);
      if (found && (!best || found.cost < best.cost)) best = found;
    }
    return best?.route;
  }

  private cheapestRouteLeaving(starts: readonly Port[], outward: number, goals: readonly Port[], labelSize: Size | undefined, bound: number): { route: GridRoute; cost: number } | undefined {
    if (goals.length === 0) return undefined;
    // A state: cell * 10 + labelled * 5 + turned + 2, `turned` the quarter-turns made so far
    // (clockwise positive), from -2 to 2; the direction follows from it.
    const states = this.xs.length * this.ys.length * 10;
    this.cost ??= new Float64Array(states);
    this.from ??= new Int32Array(states);
    const [cost, from] = [this.cost.fill(Infinity), this.from.fill(-1)];
    const labelAt = new Map<number, Box>();
    const headings = [-2, -1, 0, 1, 2].map(turned => CLOCKWISE[(CLOCKWISE.indexOf(outward) + turned + 4) % 4]);
    const directionOf = (turned: number): number => headings[turned + 2];
    // A goal is reached moving towards its node (against its stub's outward direction), or
    // turning that way at its cell, with the label passed.
    const goalsAt = new Map<number, Port[]>();
    for (const goal of goals) goalsAt.set(goal.cell, [...(goalsAt.get(goal.cell) ?? []), goal]);
    // The distance to the box around the goals: never more than the route still to go.
    const goalPoints = goals.map(goal => this.at(goal.cell));
    const [left, right] = [Math.min(...goalPoints.map(point => point.x)), Math.max(...goalPoints.map(point => point.x))];
    const [top, bottom] = [Math.min(...goalPoints.map(point => point.y)), Math.max(...goalPoints.map(point => point.y))];
    const width = this.xs.length;
    const heuristic = (state: number): number => {
      const cell = Math.floor(state / 10);
      const x = this.xs[cell % width];
      const y = this.ys[Math.floor(cell / width)];
      return Math.max(0, left - x, x - right) + Math.max(0, top - y, y - bottom);
    };
    const queue = new MinHeap();
    const relax = (state: number, next: number, price: number): void => {
      if (price < cost[next]) {
        cost[next] = price;
        from[next] = state;
        queue.push(next, price + heuristic(next));
      }
    };
    const startOf = new Map<number, Port>();
    const unlabelled = labelSize ? 0 : 5;
    for (const start of starts) {
      const state = start.cell * 10 + unlabelled + 2;
      if (start.cost < cost[state]) startOf.set(state, start);
      relax(-1, state, start.cost);
    }
    let reached: number | undefined;
    let reachedGoal: Port | undefined;
    let best = bound;
    while (queue.size > 0) {
      const state = queue.pop();
      const estimate = queue.popped;
      if (estimate >= best) break;
      const spent = cost[state];
      if (estimate > spent + heuristic(state) + 1e-6) continue;
      const cell = Math.floor(state / 10);
      const labelled = state % 10 >= 5 ? 5 : 0;
      const turned = (state % 5) - 2;
      const direction = directionOf(turned);
      if (labelled) {
        for (const goal of goalsAt.get(cell) ?? []) {
          const turns = [turned, turned - 1, turned + 1].find(turn => Math.abs(turn) <= 2 && directionOf(turn) === (goal.outward ^ 1));
          const total = turns === undefined ? Infinity : spent + goal.cost + (turns === turned ? 0 : BEND);
          if (total < best) {
            best = total;
            reached = state;
            reachedGoal = goal;
          }
        }
      }
      const i = cell % width;
      const j = (cell - i) / width;
      // On to the neighbouring cell, or after a quarter-turn here on to the cell beyond it
      // (never on the spot: turns made there would leave no trace in the route and escape the
      // count; nor back after one cell: a jog that small reads as a glitch).
      for (let change = -1; change <= 1; change++) {
        const turn = turned + change;
        if (turn < -2 || turn > 2) continue;
        const heading = directionOf(turn);
        const noAlong = horizontal(heading) ? this.noAlongX : this.noAlongY;
        let [ci, cj, at, price] = [i, j, cell, spent + (change === 0 ? 0 : BEND)];
        for (let steps = change === 0 ? 1 : TURN_RUN; steps > 0 && price < Infinity; steps--) {
          const [ni, nj] = [ci + DX[heading], cj + DY[heading]];
          const next = ni < 0 || nj < 0 || ni >= width || nj >= this.ys.length ? -1 : this.cell(ni, nj);
          if (next < 0 || this.blocked[next] || noAlong[at] || noAlong[next]) {
            price = Infinity;
            break;
          }
          const crossing = horizontal(heading) ? this.costX[DX[heading] > 0 ? at : next] : this.costY[DY[heading] > 0 ? at : next];
          price += (horizontal(heading) ? Math.abs(this.xs[ni] - this.xs[ci]) : Math.abs(this.ys[nj] - this.ys[cj])) + crossing;
          [ci, cj, at] = [ni, nj, next];
        }
        if (price < Infinity) relax(state, at * 10 + labelled + turn + 2, price);
      }
      // Or the stretch that carries the label.
      if (!labelled && labelSize) {
        for (const run of this.labelRuns(cell, direction, labelSize)) {
          const next = run.end * 10 + 5 + turned + 2;
          if (spent + run.cost < cost[next]) labelAt.set(next, run.label);
          relax(state, next, spent + run.cost);
        }
      }
    }
    if (reached === undefined) return undefined;
    const cells: number[] = [];
    let label: Box | undefined;
    let state = reached;
    for (; from[state] >= 0; state = from[state]) {
      cells.push(Math.floor(state / 10));
      if (state % 10 >= 5 && from[state] % 10 < 5) label = labelAt.get(state);
    }
    cells.push(Math.floor(state / 10));
    cells.reverse();
    const points = [startOf.get(state)!.point, ...cells.map(cell => this.at(cell)), reachedGoal!.point];
    return { route: { points: straightened(points), label }, cost: best };
  }
}

/** Lines every `step` px over [0, extent], plus `extra` lines; lines closer than 3 px to an extra one dropped. */
function gridLines(extent: number, step: number, extra: readonly number[]): number[] {
  const fixed = [...new Set(extra.map(value => Math.round(value * 2) / 2))].filter(value => value >= 0).sort((a, b) => a - b);
  const even: number[] = [];
  for (let value = step / 2; value <= extent; value += step) {
    const index = lowerBound(fixed, value);
    const nearest = Math.min(Math.abs((fixed[index] ?? Infinity) - value), Math.abs((fixed[index - 1] ?? -Infinity) - value));
    if (nearest >= 3) even.push(value);
  }
  return [...fixed, ...even].sort((a, b) => a - b);
}

/** The first index whose value is >= `value`. */
function lowerBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The points where a route bends: those on a straight run between two others dropped. */
function straightened(points: readonly Point[]): Point[] {
  const result: Point[] = [];
  for (const point of points) {
    if (result.length > 0 && result.at(-1)!.x === point.x && result.at(-1)!.y === point.y) continue;
    if (result.length >= 2) {
      const [a, b] = [result.at(-2)!, result.at(-1)!];
      if ((a.x === b.x && b.x === point.x) || (a.y === b.y && b.y === point.y)) result.pop();
    }
    result.push(point);
  }
  return result;
}

function sides(box: Box): Segment[] {
  const [left, top, right, bottom] = [box.x, box.y, box.x + box.width, box.y + box.height];
  return [
    { a: { x: left, y: top }, b: { x: right, y: top } },
    { a: { x: right, y: top }, b: { x: right, y: bottom } },
    { a: { x: left, y: bottom }, b: { x: right, y: bottom } },
    { a: { x: left, y: top }, b: { x: left, y: bottom } },
  ];
}

/** Whether two axis-parallel segments cross (not merely touch at an end). */
function crosses(s: Segment, t: Segment): boolean {
  const [sh, th] = [s.a.y === s.b.y, t.a.y === t.b.y];
  if (sh === th) return false;
  const [h, v] = sh ? [s, t] : [t, s];
  const [x0, x1] = [Math.min(h.a.x, h.b.x), Math.max(h.a.x, h.b.x)];
  const [y0, y1] = [Math.min(v.a.y, v.b.y), Math.max(v.a.y, v.b.y)];
  return v.a.x > x0 && v.a.x < x1 && h.a.y > y0 && h.a.y < y1;
}

/** Whether two parallel segments run side by side closer than `gap`. */
function near(s: Segment, t: Segment, gap: number): boolean {
  const sh = s.a.y === s.b.y;
  if (sh !== (t.a.y === t.b.y)) return false;
  const key = (point: Point): number => (sh ? point.x : point.y);
  const level = (point: Point): number => (sh ? point.y : point.x);
  if (Math.abs(level(s.a) - level(t.a)) >= gap) return false;
  const [s0, s1] = [Math.min(key(s.a), key(s.b)), Math.max(key(s.a), key(s.b))];
  const [t0, t1] = [Math.min(key(t.a), key(t.b)), Math.max(key(t.a), key(t.b))];
  return Math.min(s1, t1) - Math.max(s0, t0) > -gap;
}

/** Whether any part of an axis-parallel segment lies inside the box. */
function cutsBox({ a, b }: Segment, box: Box): boolean {
  const [x0, x1] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
  const [y0, y1] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
  return x1 > box.x && x0 < box.x + box.width && y1 > box.y && y0 < box.y + box.height;
}

function boxAround({ a, b }: Segment): Box {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}

function midpointBox(points: readonly Point[]): Box {
  const middle = points[Math.floor(points.length / 2)];
  return { x: middle.x, y: middle.y, width: 0, height: 0 };
}

/** A binary heap of (item, priority), least priority first. */
class MinHeap {
  private readonly items: number[] = [];
  private readonly priorities: number[] = [];
  popped = 0;

  get size(): number {
    return this.items.length;
  }

  push(item: number, priority: number): void {
    let at = this.items.length;
    this.items.push(item);
    this.priorities.push(priority);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (this.priorities[parent] <= priority) break;
      this.items[at] = this.items[parent];
      this.priorities[at] = this.priorities[parent];
      at = parent;
    }
    this.items[at] = item;
    this.priorities[at] = priority;
  }

  /** Takes the item of least priority out; its priority is then `popped`. */
  pop(): number {
    const top = this.items[0];
    this.popped = this.priorities[0];
    const lastItem = this.items.pop()!;
    const lastPriority = this.priorities.pop()!;
    if (this.items.length > 0) {
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        if (left >= this.items.length) break;
        const child = left + 1 < this.items.length && this.priorities[left + 1] < this.priorities[left] ? left + 1 : left;
        if (this.priorities[child] >= lastPriority) break;
        this.items[at] = this.items[child];
        this.priorities[at] = this.priorities[child];
        at = child;
      }
      this.items[at] = lastItem;
      this.priorities[at] = lastPriority;
    }
    return top;
  }
}
