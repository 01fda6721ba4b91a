// Room for a boundary's label row where its top edge has none: flows entering a boundary of
// several members at several places can leave no stretch of the top edge as long as the label
// (boundary-labels.ts). Such a boundary is widened, after elk, on the side that needs less: to
// the left until the label fits before the first flow in, or to the right until it fits after
// the last one and before the collapse button. Only into empty room: nothing else (node, flow,
// flow label, other boundary) within half a padding of the added strip, an enclosing boundary
// widened as far where the boundary would no longer sit a padding inside it (on the same
// terms), and nothing past the picture's left margin. Nothing moves but outlines.
import { COLLAPSE_BUTTON, LABEL_CLEARANCE, placeBoundaryLabel } from './boundary-labels.js';
import { BOUNDARY_PADDING, DIAGRAM_PADDING } from './elk-graph.js';
import { boundaryLabelBox } from './metrics.js';
import { boxesOverlap, segmentCutsBox, segments } from './readability.js';
import type { Box, DiagramBoundary, DiagramLayout } from './types.js';

/** Free room kept around the strip a boundary is widened by. */
const ROOM_MARGIN = BOUNDARY_PADDING / 2;

/** `layout` with each boundary whose label row is crossed widened where that clears it; the layout is changed in place. */
export function widenForLabels(layout: DiagramLayout): DiagramLayout {
  const { boundaries } = layout.graph;
  // Innermost first (children come after their parents), so an enclosing boundary sees its members' new outlines.
  for (let index = boundaries.length - 1; index >= 0; index--) {
    const boundary = boundaries[index];
    const placement = placeBoundaryLabel(layout, boundary);
    if (!placement || placement.crossed === 0) continue;
    const box = layout.boundaries[boundary.id];
    const inset = boundaryLabelBox(boundary, box).x - box.x;
    const across = placement.taken.filter(([from, to]) => to >= box.x && from <= box.x + box.width);
    if (across.length === 0) continue;
    const first = across.reduce((least, [from]) => Math.min(least, from), Infinity);
    const last = across.reduce((most, [, to]) => Math.max(most, to), -Infinity);
    const left = Math.floor(first - LABEL_CLEARANCE - placement.row.width - inset);
    const right = Math.ceil(last + LABEL_CLEARANCE + placement.row.width + COLLAPSE_BUTTON);
    const widenings = [
      { ...box, x: left, width: box.x + box.width - left },
      { ...box, width: right - box.x },
    ].filter(candidate => candidate.width > box.width)
      .map(candidate => outlinesFor(layout, boundary, candidate))
      .filter(outlines => outlines !== undefined)
      .sort((a, b) => addedWidth(layout, a) - addedWidth(layout, b));
    for (const outlines of widenings) {
      const before = new Map([...outlines.keys()].map(id => [id, layout.boundaries[id]]));
      for (const [id, outline] of outlines) layout.boundaries[id] = outline;
      if (placeBoundaryLabel(layout, boundary)!.crossed === 0) break;
      for (const [id, outline] of before) layout.boundaries[id] = outline;
    }
  }
  for (const box of Object.values(layout.boundaries)) layout.width = Math.max(layout.width, Math.ceil(box.x + box.width + DIAGRAM_PADDING));
  return layout;
}

/** How much wider the outlines are than the boundaries they replace. */
function addedWidth(layout: DiagramLayout, outlines: Map<string, Box>): number {
  return [...outlines].reduce((sum, [id, outline]) => sum + outline.width - layout.boundaries[id].width, 0);
}

/**
 * The outlines that draw `boundary` at `widened`: it, and each enclosing boundary it would no
 * longer sit a padding inside, widened as far; undefined when a strip added to any of them, or
 * its margin, holds something or runs past the picture's left margin.
 */
function outlinesFor(layout: DiagramLayout, boundary: DiagramBoundary, widened: Box): Map<string, Box> | undefined {
  const box = layout.boundaries[boundary.id];
  if (widened.x < DIAGRAM_PADDING) return undefined;
  const strip = widened.x < box.x
    ? { x: widened.x - ROOM_MARGIN, y: box.y - ROOM_MARGIN, width: box.x - widened.x + ROOM_MARGIN, height: box.height + 2 * ROOM_MARGIN }
    : { x: box.x + box.width, y: box.y - ROOM_MARGIN, width: widened.x + widened.width - box.x - box.width + ROOM_MARGIN, height: box.height + 2 * ROOM_MARGIN };
  const ancestors = new Set<string>();
  for (let parent = boundary.parent; parent !== undefined; parent = layout.graph.boundaries.find(other => other.id === parent)?.parent) ancestors.add(parent);
  const others = Object.entries(layout.boundaries).filter(([id]) => id !== boundary.id && !ancestors.has(id)).map(([, other]) => other);
  if ([...Object.values(layout.nodes), ...others, ...Object.values(layout.edges).map(route => route.label)].some(other => boxesOverlap(strip, other))) return undefined;
  if (Object.values(layout.edges).some(route => segments(route.points).some(segment => segmentCutsBox(segment, strip)))) return undefined;
  const outlines = new Map([[boundary.id, widened]]);
  const parent = layout.graph.boundaries.find(other => other.id === boundary.parent);
  const outer = parent && layout.boundaries[parent.id];
  if (!parent || !outer) return outlines;
  const from = Math.min(outer.x, widened.x - BOUNDARY_PADDING);
  const to = Math.max(outer.x + outer.width, widened.x + widened.width + BOUNDARY_PADDING);
  if (from === outer.x && to === outer.x + outer.width) return outlines;
  const enclosing = outlinesFor(layout, parent, { ...outer, x: from, width: to - from });
  return enclosing && new Map([...outlines, ...enclosing]);
}

