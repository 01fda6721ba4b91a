// The cheap layout for graphs too large for elk (docs/diagram.md, Large models). elk's layered
// algorithm grows much faster than the graph: one external with 500 flows to 500 processes took
// 53 s, and 5,000 ran out of memory. Here every container's members (its nodes and boundaries,
// in source order) are packed in rows, each boundary sized from its members, and flows are
// straight lines between their ends, their labels at the middle. Time and memory grow with the
// size of the graph; nothing recurses, however deep the nesting.
import { drawnContainer } from './containers.js';
import { BOUNDARY_LABEL_HEIGHT, BOUNDARY_PADDING, DIAGRAM_PADDING, NODE_SPACING } from './elk-graph.js';
import { edgeLabelSize, nodeSize, textWidth, truncate } from './metrics.js';
import { borderToward, centre } from './provisional-layout.js';
import type { Box, DiagramGraph, DiagramLayout, EdgeRoute } from './types.js';

interface Member {
  kind: 'node' | 'boundary';
  id: string;
  width: number;
  height: number;
  /** Offset from the container's top-left corner. */
  x: number;
  y: number;
}

export interface GridLayoutOptions {
  labels?: boolean;
}

export function gridLayout(graph: DiagramGraph, options: GridLayoutOptions = {}): DiagramLayout {
  const ROOT = '';
  const membersOf = new Map<string, Member[]>([[ROOT, []]]);
  for (const boundary of graph.boundaries) membersOf.set(boundary.id, []);
  const boundaryMembers: Member[] = [];
  for (const boundary of graph.boundaries) {
    const member: Member = { kind: 'boundary', id: boundary.id, width: 0, height: 0, x: 0, y: 0 };
    boundaryMembers.push(member);
    membersOf.get(boundary.parent ?? ROOT)!.push(member);
  }
  for (const node of graph.nodes) {
    membersOf.get(drawnContainer(graph, node.zone) ?? ROOT)!.push({ kind: 'node', id: node.id, ...nodeSize(node), x: 0, y: 0 });
  }

  // Innermost first (children come after their parents in the list), so each boundary's size
  // is known before its parent packs it.
  for (let index = graph.boundaries.length - 1; index >= 0; index--) {
    const boundary = graph.boundaries[index];
    const inner = pack(membersOf.get(boundary.id)!);
    const member = boundaryMembers[index];
    member.width = Math.max(inner.width + 2 * BOUNDARY_PADDING, textWidth(truncate(boundary.label)) + 2 * BOUNDARY_PADDING);
    member.height = inner.height + BOUNDARY_LABEL_HEIGHT + BOUNDARY_PADDING * 1.5;
  }
  const whole = pack(membersOf.get(ROOT)!);

  // Outermost first: each container's corner is known before its members are placed.
  const nodes: Record<string, Box> = {};
  const boundaries: Record<string, Box> = {};
  const place = (container: string, left: number, top: number): void => {
    for (const member of membersOf.get(container)!) {
      const box = { x: left + member.x, y: top + member.y, width: member.width, height: member.height };
      if (member.kind === 'node') nodes[member.id] = box;
      else boundaries[member.id] = box;
    }
  };
  place(ROOT, DIAGRAM_PADDING, DIAGRAM_PADDING);
  for (const boundary of graph.boundaries) {
    const box = boundaries[boundary.id];
    place(boundary.id, box.x + BOUNDARY_PADDING, box.y + BOUNDARY_LABEL_HEIGHT + BOUNDARY_PADDING / 2);
  }

  const edges: Record<string, EdgeRoute> = {};
  for (const edge of graph.edges) {
    const source = nodes[edge.source];
    const target = nodes[edge.target];
    const start = borderToward(source, centre(target));
    const end = borderToward(target, centre(source));
    const size = options.labels === false ? { width: 0, height: 0 } : edgeLabelSize(edge);
    const middle = { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 };
    edges[edge.id] = { points: [start, end], label: { x: middle.x - size.width / 2, y: middle.y - size.height / 2, ...size } };
  }
  return {
    graph,
    width: Math.ceil(whole.width + 2 * DIAGRAM_PADDING),
    height: Math.ceil(whole.height + 2 * DIAGRAM_PADDING),
    direction: 'right',
    cheap: true,
    nodes,
    boundaries,
    edges,
  };
}

/** Places the members in rows about as wide as the whole is tall; returns the size they take. */
function pack(members: Member[]): { width: number; height: number } {
  let area = 0;
  for (const member of members) area += (member.width + NODE_SPACING) * (member.height + NODE_SPACING);
  const rowWidth = Math.max(Math.sqrt(area) * 1.5, ...members.slice(0, 1).map(member => member.width));
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const member of members) {
    if (x > 0 && x + member.width > rowWidth) {
      x = 0;
      y += rowHeight + NODE_SPACING;
      rowHeight = 0;
    }
    member.x = x;
    member.y = y;
    x += member.width + NODE_SPACING;
    width = Math.max(width, x - NODE_SPACING);
    rowHeight = Math.max(rowHeight, member.height);
  }
  return { width, height: members.length === 0 ? 0 : y + rowHeight };
}
