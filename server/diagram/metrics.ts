// Sizes of what the SVG writer draws, computed from label lengths alone so a layout is the same
// in Node and in every browser: no font measuring.
import type { Box, DiagramBoundary, DiagramEdge, DiagramNode, ThreatMarker } from './types.js';

export const FONT_SIZE = 12;
/** Generous for a 12px sans-serif, so text stays inside its shape. */
export const CHAR_WIDTH = 7.2;
export const LINE_HEIGHT = 16;
/** Longer labels are cut with an ellipsis; the full text is in the element's tooltip. */
export const MAX_LABEL_CHARS = 40;
export const MARKER_RADIUS = 9;

const NODE_PADDING_X = 16;
const NODE_PADDING_Y = 10;
const NODE_MIN_WIDTH = 96;
/** Space around the text of a flow's label block. */
export const EDGE_LABEL_PADDING = 4;

export function textWidth(text: string): number {
  return Array.from(text).length * CHAR_WIDTH;
}

export function truncate(text: string, max = MAX_LABEL_CHARS): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function uncoveredText(letters: readonly string[]): string | undefined {
  return letters.length > 0 ? `uncovered ${letters.join(' ')}` : undefined;
}

/** `from idp.tm`: the caption of what another file declares (its whole path is in the tooltip). */
export function importedCaption(importedFrom: string | undefined): string | undefined {
  return importedFrom === undefined ? undefined : truncate(`from ${importedFrom.slice(importedFrom.lastIndexOf('/') + 1)}`);
}

/** The text lines inside a node: its label, then its uncovered letters, then the file it comes from. */
export function nodeLines(node: DiagramNode): string[] {
  const lines = [truncate(node.label)];
  const uncovered = uncoveredText(node.uncovered);
  if (uncovered) lines.push(uncovered);
  const caption = importedCaption(node.importedFrom);
  if (caption) lines.push(caption);
  return lines;
}

export function nodeSize(node: DiagramNode): { width: number; height: number } {
  const lines = nodeLines(node);
  // A process is a pill: its round ends need room beyond the text.
  const ends = node.kind === 'process' ? LINE_HEIGHT : 0;
  const width = Math.max(NODE_MIN_WIDTH, Math.max(...lines.map(textWidth)) + 2 * NODE_PADDING_X + ends);
  return { width: Math.ceil(width), height: lines.length * LINE_HEIGHT + 2 * NODE_PADDING_Y };
}

/** A line of a flow's label block, with the class the SVG writer draws it in. */
export interface EdgeLine {
  text: string;
  className: 'tm-label' | 'tm-protocol' | 'tm-uncovered';
}

/**
 * What a flow with a reply exchanges, for its label: `⇄ credentials / session token` (what it
 * carries, then what comes back), or `← session token` when it carries nothing it names.
 * Undefined for a flow without `returns`.
 */
export function flowExchange(edge: Pick<DiagramEdge, 'carries' | 'returns'>): string | undefined {
  if (!edge.returns) return undefined;
  const back = edge.returns.join(', ');
  return edge.carries && edge.carries.length > 0 ? `⇄ ${edge.carries.join(', ')} / ${back}` : `← ${back}`;
}

/**
 * The text lines of a flow's label block: label, protocol, uncovered letters, and what a reply
 * exchanges, on the label's line when both fit, else on a line of its own. That line is cut to
 * the block's other lines, or EXCHANGE_CHARS when they are shorter: lists of returned data ran
 * to 40 characters and made the Threagile demo's picture 2,143 px wide, with 7 detours (1,581
 * px and none at 24).
 */
export function edgeLines(edge: DiagramEdge): EdgeLine[] {
  const rest: EdgeLine[] = [];
  if (edge.protocol) rest.push({ text: truncate(edge.protocol), className: 'tm-protocol' });
  const uncovered = uncoveredText(edge.uncovered);
  if (uncovered) rest.push({ text: uncovered, className: 'tm-uncovered' });
  const label = truncate(edge.label);
  const exchange = flowExchange(edge);
  if (exchange === undefined) return [{ text: label, className: 'tm-label' }, ...rest];
  const room = Math.max(EXCHANGE_CHARS, ...[label, ...rest.map(line => line.text)].map(text => Array.from(text).length));
  const together = `${edge.label} ${exchange}`;
  const heading: EdgeLine[] = Array.from(together).length <= room
    ? [{ text: together, className: 'tm-label' }]
    : [{ text: label, className: 'tm-label' }, { text: truncate(exchange, room), className: 'tm-label' }];
  return [...heading, ...rest];
}

/** What a reply exchanges gets at least this many characters on a flow's label. */
const EXCHANGE_CHARS = 24;

/** Room for the label block, with the threat marker to its left when there is one. */
export function edgeLabelSize(edge: DiagramEdge): { width: number; height: number } {
  const lines = edgeLines(edge);
  const marker = hasMarker(edge.threats) ? 2 * MARKER_RADIUS + EDGE_LABEL_PADDING : 0;
  return {
    width: Math.ceil(Math.max(...lines.map(line => textWidth(line.text))) + 2 * EDGE_LABEL_PADDING + marker),
    height: Math.max(lines.length * LINE_HEIGHT, 2 * MARKER_RADIUS) + 2 * EDGE_LABEL_PADDING,
  };
}

/** Between a boundary's label and the caption of the file it comes from. */
export const BOUNDARY_CAPTION_GAP = 8;

/** The width of a boundary's label row: its threat marker, when it has one, its label, and the file it comes from. */
export function boundaryLabelWidth(boundary: Pick<DiagramBoundary, 'label' | 'threats' | 'importedFrom'>): number {
  const caption = importedCaption(boundary.importedFrom);
  return (hasMarker(boundary.threats) ? 2 * MARKER_RADIUS + EDGE_LABEL_PADDING : 0) + textWidth(truncate(boundary.label))
    + (caption ? BOUNDARY_CAPTION_GAP + textWidth(caption) : 0);
}

/** Where the SVG writer draws a boundary's label row, from the boundary's top left corner: its text's baseline and left end. */
export const BOUNDARY_LABEL_BASELINE = 18;
const BOUNDARY_LABEL_INSET = 10;
/** The label row's ink, from the top of the threat marker (or the preview's collapse button) to the text's descenders. */
const BOUNDARY_LABEL_TOP = 4;
const BOUNDARY_LABEL_BOTTOM = 23;

/** The box a boundary's label row covers when the boundary is drawn at `box`. */
export function boundaryLabelBox(boundary: Pick<DiagramBoundary, 'label' | 'threats' | 'importedFrom'>, box: Box): Box {
  return { x: box.x + BOUNDARY_LABEL_INSET, y: box.y + BOUNDARY_LABEL_TOP, width: boundaryLabelWidth(boundary), height: BOUNDARY_LABEL_BOTTOM - BOUNDARY_LABEL_TOP };
}

export function hasMarker(marker: ThreatMarker): boolean {
  return marker.count > 0;
}
