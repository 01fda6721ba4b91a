// How readable a laid-out diagram is, measured on its geometry (the boxes and routes the SVG
// writer draws): what docs/diagram.md's readability table reports and its targets judge.
import { boundaryLabelBoxes } from './boundary-labels.js';
import { FONT_SIZE } from './metrics.js';
import type { Box, DiagramLayout, Point } from './types.js';

export interface Readability {
  width: number;
  height: number;
  /** Pairs of flows whose lines cross (once per crossing point). */
  crossings: number;
  /** The ids of the flows that cross another, in the graph's order. */
  crossingFlows: string[];
  /** Flows whose route leaves the box around their two ends by more than DETOUR_LIMIT. */
  detours: number;
  /** The ids of the flows counted among the detours or the loops, in the graph's order. */
  roundaboutFlows: string[];
  /** Flows whose route turns through 270° or more in one sense: around something, back to where it came from. */
  loops: number;
  /** Labels nearer another flow's line than their own. */
  ambiguousLabels: number;
  labelOverlaps: number;
  labelNodeOverlaps: number;
  /** A boundary's label row overlapping a node, a flow's label or a flow's line. */
  boundaryLabelOverlaps: number;
  /** Flows drawn across a node that is neither of their ends. */
  flowsThroughNodes: number;
  /** Pairs of flows drawn on top of each other for more than a few pixels. */
  overlappingFlows: number;
  /** The text's size when the whole picture is fitted into the 700×900 panel (never above its own 12 px). */
  panelText: number;
  /** The text's size in a report 800 px wide. */
  reportText: number;
}

/** The side panel the preview opens in, and what its "fit" scales the picture to. */
export const PANEL = { width: 700, height: 900 };

/** The scale at which the whole layout fits the panel. */
export function panelScale(layout: Pick<DiagramLayout, 'width' | 'height'>): number {
  return Math.min(PANEL.width / Math.max(1, layout.width), PANEL.height / Math.max(1, layout.height));
}

/** Two ranks (lower is more readable) compared key by key: negative when `a` comes first. */
export function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export const DETOUR_LIMIT = 150;
export const REPORT_WIDTH = 800;
/** Two flows closer than this, side by side, are drawn on top of each other. */
const SAME_LINE = 1.5;
/** Shared stretches shorter than this (where two lines meet at a port) do not count. */
export const SHARED_STRETCH = 6;

export interface Segment {
  a: Point;
  b: Point;
}

export function measureReadability(layout: DiagramLayout): Readability {
  const edges = layout.graph.edges.filter(edge => layout.edges[edge.id] && layout.edges[edge.id].points.length >= 2);
  const segmentsOf = new Map(edges.map(edge => [edge.id, segments(layout.edges[edge.id].points)]));
  let crossings = 0;
  const crossing = new Set<string>();
  let overlappingFlows = 0;
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const first = edges[i];
      const second = edges[j];
      const sharedEnds = [first.source, first.target].filter(end => end === second.source || end === second.target).map(end => layout.nodes[end]);
      let crossed = 0;
      let shared = 0;
      for (const s of segmentsOf.get(first.id)!) {
        for (const t of segmentsOf.get(second.id)!) {
          const point = properIntersection(s, t);
          if (point && !sharedEnds.some(box => box && inside(point, inflate(box, 2)))) crossed++;
          shared += collinearOverlap(s, t);
        }
      }
      crossings += crossed;
      if (crossed > 0) crossing.add(first.id).add(second.id);
      if (shared > SHARED_STRETCH) overlappingFlows++;
    }
  }

  let detours = 0;
  let loops = 0;
  let flowsThroughNodes = 0;
  const roundaboutFlows: string[] = [];
  for (const edge of edges) {
    const points = layout.edges[edge.id].points;
    const ends = union(layout.nodes[edge.source], layout.nodes[edge.target]);
    const detour = points.some(point => outside(point, ends) > DETOUR_LIMIT);
    const loop = Math.abs(totalTurn(points)) >= 270 - 1;
    if (detour) detours++;
    if (loop) loops++;
    if (detour || loop) roundaboutFlows.push(edge.id);
    const others = layout.graph.nodes.filter(node => node.id !== edge.source && node.id !== edge.target).map(node => layout.nodes[node.id]);
    if (others.some(box => box && segmentsOf.get(edge.id)!.some(segment => segmentCutsBox(segment, inflate(box, -2))))) flowsThroughNodes++;
  }

  const labelled = edges.filter(edge => layout.edges[edge.id].label.width > 0);
  let ambiguousLabels = 0;
  for (const edge of labelled) {
    const middle = centre(layout.edges[edge.id].label);
    const own = distanceToRoute(middle, segmentsOf.get(edge.id)!);
    if (edges.some(other => other.id !== edge.id && distanceToRoute(middle, segmentsOf.get(other.id)!) < own - 0.5)) ambiguousLabels++;
  }
  let labelOverlaps = 0;
  for (let i = 0; i < labelled.length; i++) {
    for (let j = i + 1; j < labelled.length; j++) {
      if (overlapArea(layout.edges[labelled[i].id].label, layout.edges[labelled[j].id].label) > 1) labelOverlaps++;
    }
  }
  let labelNodeOverlaps = 0;
  for (const edge of labelled) {
    const label = layout.edges[edge.id].label;
    for (const box of Object.values(layout.nodes)) if (overlapArea(label, box) > 1) labelNodeOverlaps++;
  }

  let boundaryLabelOverlaps = 0;
  for (const row of boundaryLabelBoxes(layout).values()) {
    for (const node of Object.values(layout.nodes)) if (overlapArea(row, node) > 1) boundaryLabelOverlaps++;
    for (const edge of edges) {
      const route = layout.edges[edge.id];
      if (overlapArea(row, route.label) > 1) boundaryLabelOverlaps++;
      if (segmentsOf.get(edge.id)!.some(segment => segmentCutsBox(segment, row))) boundaryLabelOverlaps++;
    }
  }

  return {
    width: layout.width,
    height: layout.height,
    crossings,
    crossingFlows: edges.filter(edge => crossing.has(edge.id)).map(edge => edge.id),
    detours,
    roundaboutFlows,
    loops,
    ambiguousLabels,
    labelOverlaps,
    labelNodeOverlaps,
    boundaryLabelOverlaps,
    flowsThroughNodes,
    overlappingFlows,
    panelText: FONT_SIZE * Math.min(1, panelScale(layout)),
    reportText: FONT_SIZE * Math.min(1, REPORT_WIDTH / Math.max(1, layout.width)),
  };
}

export function segments(points: readonly Point[]): Segment[] {
  const result: Segment[] = [];
  for (let i = 1; i < points.length; i++) result.push({ a: points[i - 1], b: points[i] });
  return result;
}

function cross(o: Point, a: Point, b: Point): number {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/** The point where two segments cross, properly (not merely touching or running along each other). */
export function properIntersection(s: Segment, t: Segment): Point | undefined {
  const d1 = cross(t.a, t.b, s.a);
  const d2 = cross(t.a, t.b, s.b);
  const d3 = cross(s.a, s.b, t.a);
  const d4 = cross(s.a, s.b, t.b);
  if (!(((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))) return undefined;
  const ratio = d1 / (d1 - d2);
  return { x: s.a.x + (s.b.x - s.a.x) * ratio, y: s.a.y + (s.b.y - s.a.y) * ratio };
}

/** How long two segments run along the same line, within SAME_LINE of each other. */
export function collinearOverlap(s: Segment, t: Segment): number {
  const length = Math.hypot(s.b.x - s.a.x, s.b.y - s.a.y);
  if (length === 0) return 0;
  const ux = (s.b.x - s.a.x) / length;
  const uy = (s.b.y - s.a.y) / length;
  const offset = (p: Point): number => Math.abs((p.x - s.a.x) * uy - (p.y - s.a.y) * ux);
  if (offset(t.a) > SAME_LINE || offset(t.b) > SAME_LINE) return 0;
  const along = (p: Point): number => (p.x - s.a.x) * ux + (p.y - s.a.y) * uy;
  const [low, high] = [along(t.a), along(t.b)].sort((a, b) => a - b);
  return Math.max(0, Math.min(length, high) - Math.max(0, low));
}

/** Signed sum of the turns along a route, in degrees. */
function totalTurn(points: readonly Point[]): number {
  let total = 0;
  for (let i = 2; i < points.length; i++) {
    const a = Math.atan2(points[i - 1].y - points[i - 2].y, points[i - 1].x - points[i - 2].x);
    const b = Math.atan2(points[i].y - points[i - 1].y, points[i].x - points[i - 1].x);
    let turn = b - a;
    while (turn > Math.PI) turn -= 2 * Math.PI;
    while (turn < -Math.PI) turn += 2 * Math.PI;
    total += turn;
  }
  return (total * 180) / Math.PI;
}

export function segmentCutsBox(segment: Segment, box: Box): boolean {
  if (box.width <= 0 || box.height <= 0) return false;
  // Liang–Barsky clipping: does any part of the segment lie inside the box?
  let low = 0;
  let high = 1;
  const dx = segment.b.x - segment.a.x;
  const dy = segment.b.y - segment.a.y;
  const edges: [number, number][] = [
    [-dx, segment.a.x - box.x], [dx, box.x + box.width - segment.a.x],
    [-dy, segment.a.y - box.y], [dy, box.y + box.height - segment.a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) low = Math.max(low, r);
    else high = Math.min(high, r);
    if (low > high) return false;
  }
  return high - low > 1e-9;
}

export function distanceToRoute(point: Point, route: readonly Segment[]): number {
  let best = Infinity;
  for (const { a, b } of route) {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const lengthSquared = dx * dx + dy * dy;
    const ratio = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((point.x - a.x) * dx + (point.y - a.y) * dy) / lengthSquared));
    best = Math.min(best, Math.hypot(point.x - (a.x + ratio * dx), point.y - (a.y + ratio * dy)));
  }
  return best;
}

export function centre(box: Box): Point {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

export function inflate(box: Box, by: number): Box {
  return { x: box.x - by, y: box.y - by, width: box.width + 2 * by, height: box.height + 2 * by };
}

export function inside(point: Point, box: Box): boolean {
  return point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height;
}

/** How far a point lies outside a box; 0 inside. */
function outside(point: Point, box: Box): number {
  const dx = Math.max(box.x - point.x, 0, point.x - (box.x + box.width));
  const dy = Math.max(box.y - point.y, 0, point.y - (box.y + box.height));
  return Math.max(dx, dy);
}

export function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** Whether two boxes share any inner point (a box of no width or height inside another counts). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function overlapArea(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}
