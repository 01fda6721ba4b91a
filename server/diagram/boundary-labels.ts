// Where each boundary's label row goes along the boundary's top edge. Flows enter a boundary
// through its top, often near its left end, where the label sat and was crossed out by their
// lines; the row goes to the leftmost stretch of the top edge that no flow, flow label or node
// crosses, clear of the preview's collapse button in the top-right corner (else where the
// fewest cross it). The SVG writer draws it there and the readability measure checks it there.
import { boundaryLabelBox } from './metrics.js';
import type { Box, DiagramBoundary, DiagramLayout } from './types.js';

/** The preview's collapse button and its margin, at the right end of the top edge (client/webview/main.ts). */
export const COLLAPSE_BUTTON = 24;
/** Free room kept on each side of the label row. */
export const LABEL_CLEARANCE = 3;

/** Where a boundary's label row goes, how many things cross it there, and what lies across its band. */
export interface LabelPlacement {
  row: Box;
  crossed: number;
  /** The stretches along the row's band that flows, flow labels and nodes cover. */
  taken: [number, number][];
}

/** Each drawn boundary's label row, by boundary id. */
export function boundaryLabelBoxes(layout: DiagramLayout): Map<string, Box> {
  const rows = new Map<string, Box>();
  for (const boundary of layout.graph.boundaries) {
    const placement = placeBoundaryLabel(layout, boundary);
    if (placement) rows.set(boundary.id, placement.row);
  }
  return rows;
}

/** Where `boundary`'s label row goes in `layout`; undefined when the boundary is not drawn. */
export function placeBoundaryLabel(layout: DiagramLayout, boundary: DiagramBoundary): LabelPlacement | undefined {
  const box = layout.boundaries[boundary.id];
  if (!box) return undefined;
  const row = boundaryLabelBox(boundary, box);
  // What crosses the row's band, as stretches along it.
  const taken: [number, number][] = [];
  for (const route of Object.values(layout.edges)) {
    route.points.slice(1).forEach((b, index) => {
      const a = route.points[index];
      if (Math.max(a.y, b.y) >= row.y && Math.min(a.y, b.y) <= row.y + row.height) taken.push(stretchInBand(a, b, row));
    });
  }
  for (const other of [...Object.values(layout.nodes), ...Object.values(layout.edges).map(route => route.label)]) {
    if (other.y < row.y + row.height && other.y + other.height > row.y) taken.push([other.x, other.x + other.width]);
  }
  // The row's left end at the inset, or just right of something in the band: the place
  // crossed by the fewest, leftmost among equals.
  const last = Math.max(row.x, box.x + box.width - COLLAPSE_BUTTON - row.width);
  const crossings = (x: number): number => taken.filter(([from, to]) => to + LABEL_CLEARANCE > x && from - LABEL_CLEARANCE < x + row.width).length;
  let best = { x: row.x, crossed: crossings(row.x) };
  for (const [, to] of taken) {
    const x = to + LABEL_CLEARANCE;
    if (best.crossed === 0 || x <= row.x || x > last) continue;
    const crossed = crossings(x);
    if (crossed < best.crossed || (crossed === best.crossed && x < best.x)) best = { x, crossed };
  }
  return { row: { ...row, x: best.x }, crossed: best.crossed, taken };
}

/** The stretch along the row's band that the segment from `a` to `b` covers. */
function stretchInBand(a: { x: number; y: number }, b: { x: number; y: number }, row: Box): [number, number] {
  if (a.y === b.y) return [Math.min(a.x, b.x), Math.max(a.x, b.x)];
  const at = (y: number): number => a.x + ((b.x - a.x) * (y - a.y)) / (b.y - a.y);
  const top = Math.max(row.y, Math.min(a.y, b.y));
  const bottom = Math.min(row.y + row.height, Math.max(a.y, b.y));
  const [first, second] = [at(top), at(bottom)];
  return [Math.min(first, second), Math.max(first, second)];
}
