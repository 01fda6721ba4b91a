// The one SVG writer, for the editor preview and every export (docs/language.md §9): external entity =
// rectangle, process = rounded box, data store = open-ended rectangle, flow = labelled arrow;
// boundaries dashed. Every element and flow is a `<g data-id="Name">` so the preview can
// find it, and every model string is escaped. What an imported file declares is drawn dashed,
// with the file's name under it (`from idp.tm`).
import { escapeXml } from '../escape/xml.js';
import { boundaryLabelBoxes } from './boundary-labels.js';
import { BOUNDARY_CAPTION_GAP, BOUNDARY_LABEL_BASELINE, EDGE_LABEL_PADDING, edgeLines, FONT_SIZE, hasMarker, importedCaption, LINE_HEIGHT, MARKER_RADIUS, nodeLines, truncate } from './metrics.js';
import { STANDALONE_STYLE } from './theme.js';
import type { Box, DiagramEdge, DiagramLayout, DiagramNode, DiagramThreat, Point, SourceLocation, ThreatMarker } from './types.js';

export interface SvgOptions {
  /**
   * A file of its own (default): the stylesheet with every colour written out is embedded, and
   * what is hidden is left out. The webview sets it false: it adopts the themed stylesheet and
   * hides and shows markers and labels with classes on the root.
   */
  embedStyle?: boolean;
  /** Prefix of the SVG's own ids, so several diagrams can share one HTML page. Default `tm`. */
  idPrefix?: string;
  /** Default true. */
  showMarkers?: boolean;
  /** Flow labels; default true. */
  showLabels?: boolean;
}

export function renderSvg(layout: DiagramLayout, options: SvgOptions = {}): string {
  const prefix = options.idPrefix ?? 'tm';
  const { graph, width, height } = layout;
  const threatsByTarget = new Map<string, DiagramThreat[]>();
  for (const threat of graph.threats) {
    for (const target of threat.targets) {
      const threats = threatsByTarget.get(target);
      if (threats) threats.push(threat);
      else threatsByTarget.set(target, [threat]);
    }
  }
  const rootClasses = ['tm-dfd'];
  if (options.showMarkers === false) rootClasses.push('tm-hide-markers');
  if (options.showLabels === false) rootClasses.push('tm-hide-labels');
  const title = graph.title ? `Data-flow diagram: ${graph.title}` : 'Data-flow diagram';

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="${rootClasses.join(' ')}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
  ];
  const standalone = options.embedStyle !== false;
  if (standalone) parts.push(`<style>${STANDALONE_STYLE}</style>`);
  const drawn = { markers: !standalone || options.showMarkers !== false, labels: !standalone || options.showLabels !== false };
  parts.push(
    '<defs>',
    arrowMarker(`${prefix}-arrow`, 'tm-arrowhead', 'end'),
    arrowMarker(`${prefix}-arrow-crossing`, 'tm-arrowhead-crossing', 'end'),
    arrowMarker(`${prefix}-arrow-start`, 'tm-arrowhead', 'start'),
    arrowMarker(`${prefix}-arrow-crossing-start`, 'tm-arrowhead-crossing', 'start'),
    '</defs>',
    `<rect class="tm-background" width="${width}" height="${height}"/>`,
    '<g class="tm-boundaries">',
  );
  const labelRows = boundaryLabelBoxes(layout);
  for (const boundary of graph.boundaries) {
    const box = layout.boundaries[boundary.id];
    const row = labelRows.get(boundary.id);
    if (!box || !row) continue;
    const caption = importedCaption(boundary.importedFrom);
    parts.push(
      `<g class="tm-boundary${boundary.outOfScope ? ' tm-out-of-scope' : ''}${importedClass(boundary)}" data-id="${escapeXml(boundary.id)}" data-kind="boundary">`,
      `<title>${escapeXml(tooltip(`${boundary.label} (trust boundary ${boundary.id}${fromText(boundary)})`, threatsByTarget.get(boundary.id) ?? [], [], boundary.outOfScope))}</title>`,
      `<rect class="tm-boundary-outline" ${boxAttributes(box)} rx="6" stroke-dasharray="7 4"/>`,
    );
    // The marker before the label, as on a flow, where no flow crosses the top edge (boundary-labels.ts).
    let labelX = row.x;
    if (hasMarker(boundary.threats)) {
      if (drawn.markers) parts.push(markerSvg(boundary.threats, { x: labelX + MARKER_RADIUS, y: box.y + BOUNDARY_LABEL_BASELINE - FONT_SIZE * 0.35 }));
      labelX += 2 * MARKER_RADIUS + EDGE_LABEL_PADDING;
    }
    parts.push(
      `<text class="tm-boundary-label" x="${n(labelX)}" y="${n(box.y + BOUNDARY_LABEL_BASELINE)}">${escapeXml(truncate(boundary.label))}`
        + `${caption ? `<tspan class="tm-imported-from" dx="${BOUNDARY_CAPTION_GAP}">${escapeXml(caption)}</tspan>` : ''}</text>`,
      '</g>',
    );
  }
  parts.push('</g>', '<g class="tm-flows">');
  for (const edge of graph.edges) {
    const route = layout.edges[edge.id];
    if (route) parts.push(flowSvg(edge, route.points, route.label, threatsByTarget.get(edge.id) ?? [], prefix, drawn));
  }
  parts.push('</g>', '<g class="tm-nodes">');
  for (const node of graph.nodes) {
    const box = layout.nodes[node.id];
    if (box) parts.push(nodeSvg(node, box, threatsByTarget.get(node.id) ?? [], drawn.markers));
  }
  parts.push('</g>', '</svg>');
  return parts.join('\n');
}

const KIND_WORDS: Record<DiagramNode['kind'], string> = { external: 'external entity', process: 'process', store: 'data store' };

/** What is drawn at all: a file leaves out what it hides. */
interface Drawn {
  markers: boolean;
  labels: boolean;
}

function nodeSvg(node: DiagramNode, box: Box, threats: DiagramThreat[], drawMarker: boolean): string {
  const parts = [
    `<g class="tm-node tm-${node.kind}${node.outOfScope ? ' tm-out-of-scope' : ''}${importedClass(node)}" data-id="${escapeXml(node.id)}" data-kind="${node.kind}">`,
    `<title>${escapeXml(tooltip(`${node.label} (${KIND_WORDS[node.kind]} ${node.id}${fromText(node)})`, threats, node.uncovered, node.outOfScope, undefined, node.id))}</title>`,
    shapeSvg(node.kind, box),
  ];
  const lines = nodeLines(node);
  const top = box.y + (box.height - lines.length * LINE_HEIGHT) / 2;
  // The label, its uncovered letters, and last the file it is imported from.
  const captionIndex = node.importedFrom === undefined ? -1 : lines.length - 1;
  lines.forEach((line, index) => {
    const className = index === 0 ? 'tm-label' : index === captionIndex ? 'tm-imported-from' : 'tm-uncovered';
    parts.push(`<text class="${className}" x="${n(box.x + box.width / 2)}" y="${n(baseline(top, index))}" text-anchor="middle">${escapeXml(line)}</text>`);
  });
  if (drawMarker && hasMarker(node.threats)) parts.push(markerSvg(node.threats, { x: box.x + box.width - 2, y: box.y + 2 }));
  parts.push('</g>');
  return parts.join('');
}

function shapeSvg(kind: DiagramNode['kind'], box: Box): string {
  switch (kind) {
    case 'external':
      return `<rect class="tm-shape" data-shape="external" ${boxAttributes(box)}/>`;
    case 'process':
      return `<rect class="tm-shape" data-shape="process" ${boxAttributes(box)} rx="${n(box.height / 2)}"/>`;
    case 'store': {
      // Open-ended: a line on top and one at the bottom; the filled rectangle only takes clicks.
      const right = box.x + box.width;
      const bottom = box.y + box.height;
      return `<rect class="tm-hit" ${boxAttributes(box)}/>`
        + `<path class="tm-shape" data-shape="store" d="M${n(box.x)} ${n(box.y)}H${n(right)}M${n(box.x)} ${n(bottom)}H${n(right)}"/>`;
    }
  }
}

function flowSvg(edge: DiagramEdge, points: Point[], label: Box, threats: DiagramThreat[], prefix: string, drawn: Drawn): string {
  const classes = `tm-flow${edge.crossing ? ' tm-crossing' : ''}${edge.outOfScope ? ' tm-out-of-scope' : ''}${importedClass(edge)}`;
  const arrow = (end: 'start' | 'end') => `url(#${escapeXml(`${prefix}-arrow${edge.crossing ? '-crossing' : ''}${end === 'start' ? '-start' : ''}`)})`;
  const path = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${n(point.x)} ${n(point.y)}`).join('');
  const ends = `${edge.source} ${edge.returns ? '⇄' : '→'} ${edge.target}`;
  const heading = `${edge.label} (flow ${edge.id}: ${ends}${edge.protocol ? `, ${edge.protocol}` : ''}${edge.crossing ? ', crosses a trust boundary' : ''}${fromText(edge)})`;
  // A reply travels on the request's channel: one connector, an arrowhead at each end (docs/language.md §3).
  const replyArrow = edge.returns ? ` marker-start="${arrow('start')}"` : '';
  const parts = [
    `<g class="${classes}" data-id="${escapeXml(edge.id)}" data-kind="flow">`,
    `<title>${escapeXml(tooltip(heading, threats, edge.uncovered, edge.outOfScope, edge.returns, edge.id))}</title>`,
    `<path class="tm-flow-line" d="${path}"${replyArrow} marker-end="${arrow('end')}"/>`,
  ];
  if (!drawn.labels || label.width === 0) {
    parts.push('</g>');
    return parts.join('');
  }
  parts.push('<g class="tm-flow-label">', `<rect class="tm-label-bg" ${boxAttributes(label)} rx="3"/>`);
  let textX = label.x + EDGE_LABEL_PADDING;
  if (drawn.markers && hasMarker(edge.threats)) {
    parts.push(markerSvg(edge.threats, { x: textX + MARKER_RADIUS, y: label.y + label.height / 2 }));
    textX += 2 * MARKER_RADIUS + EDGE_LABEL_PADDING;
  }
  const lines = edgeLines(edge);
  const top = label.y + (label.height - lines.length * LINE_HEIGHT) / 2;
  lines.forEach((line, index) => {
    parts.push(`<text class="${line.className}" x="${n(textX)}" y="${n(baseline(top, index))}">${escapeXml(line.text)}</text>`);
  });
  parts.push('</g>', '</g>');
  return parts.join('');
}

function markerSvg(marker: ThreatMarker, center: Point): string {
  const bucket = marker.highestBucket ?? 'unscored';
  const bucketClass = `tm-bucket-${bucket.replace(' ', '-')}`;
  const count = marker.count > 99 ? '99+' : String(marker.count);
  return `<g class="tm-marker ${bucketClass}" data-count="${marker.count}" data-bucket="${bucket}">`
    + `<circle cx="${n(center.x)}" cy="${n(center.y)}" r="${MARKER_RADIUS}"/>`
    + `<text x="${n(center.x)}" y="${n(center.y + 3.5)}" text-anchor="middle">${count}</text></g>`;
}

/**
 * An arrowhead whose tip sits on the path's end, or (`start`) pointing back at its start.
 * Two markers rather than SVG 2's `orient="auto-start-reverse"`: resvg (the PNG export) does
 * not implement it and drew every arrowhead pointing right.
 */
function arrowMarker(id: string, className: string, end: 'start' | 'end'): string {
  const [refX, shape] = end === 'end' ? [9, 'M0 0L10 5L0 10z'] : [1, 'M10 0L0 5L10 10z'];
  return `<marker id="${escapeXml(id)}" viewBox="0 0 10 10" refX="${refX}" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto">`
    + `<path class="${className}" d="${shape}"/></marker>`;
}

/** ` tm-imported` on what another file declares: drawn dashed. */
function importedClass(item: SourceLocation): string {
  return item.importedFrom === undefined ? '' : ' tm-imported';
}

/** `, from platform/idp.tm` in the tooltip's heading of what another file declares. */
function fromText(item: SourceLocation): string {
  return item.importedFrom === undefined ? '' : `, from ${item.importedFrom}`;
}

/**
 * The tooltip: the heading, what a reply returns, why it is out of scope, then each threat with
 * its bucket and status (at this element or flow), then what is uncovered.
 */
function tooltip(heading: string, threats: DiagramThreat[], uncovered: readonly string[], outOfScope?: string, returns?: readonly string[], at?: string): string {
  const lines = [heading];
  if (returns) lines.push(`Returns: ${returns.join(', ')}`);
  if (outOfScope !== undefined) lines.push(`Out of scope: ${outOfScope}`);
  for (const threat of threats) {
    lines.push(`${threat.id} ${threat.title} — ${threat.bucket ?? 'unscored'}, ${(at === undefined ? undefined : threat.statusAt?.[at]) ?? threat.status}`);
  }
  if (uncovered.length > 0) lines.push(`Uncovered: ${uncovered.join(', ')}`);
  return lines.join('\n');
}

/** Baseline of a text line so it is centred vertically in its line box. */
function baseline(top: number, index: number): number {
  return top + index * LINE_HEIGHT + LINE_HEIGHT / 2 + FONT_SIZE * 0.35;
}

function boxAttributes(box: Box): string {
  return `x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}"`;
}

/** Coordinates with at most one decimal, so output is compact and stable. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}
