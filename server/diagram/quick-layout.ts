// The preview's first picture of a model, drawn before elk's layout exists: elk takes about half
// a second at 50 elements on an idle machine, and its worker must first be loaded, so on a busy
// one the preview would stay empty for seconds. This layout is linear in the size of the graph
// and in the same spirit as elk's (top to bottom, boundaries as boxes around their members):
// in each boundary, its members are put in layers by the flows between them (cycles broken in
// source order), each layer a row, rows wrapped when too wide; flows are straight. elk's layout
// replaces it as soon as it arrives (client/webview/live-layout.ts). It is also the layout of
// graphs too large for elk (arrange.ts, LAYOUT_CAP). Pure.
import { drawnContainer } from './containers.js';
import { BOUNDARY_LABEL_HEIGHT, BOUNDARY_PADDING, boundaryMinimumWidth, DIAGRAM_PADDING, NODE_SPACING } from './elk-graph.js';
import { nodeSize } from './metrics.js';
import { straightRoute, withExtent } from './provisional-layout.js';
import type { Box, DiagramGraph, DiagramLayout, EdgeRoute } from './types.js';

/** Between the rows of one boundary: room for the labels of the flows that run between them. */
const LAYER_SPACING = 48;
/** A row wider than this wraps, so a fan-out does not become one very wide line. */
const MAX_ROW_WIDTH = 960;

/** A node or a boundary, as a member of the boundary (or of the picture) that holds it. */
interface Member {
  id: string;
  isBoundary: boolean;
  width: number;
  height: number;
  /** Relative to the holder's inner origin. */
  x: number;
  y: number;
}

interface Holder {
  members: Member[];
  /** Flows between members, as pairs of member indexes. */
  links: Array<[number, number]>;
  width: number;
  height: number;
}

const ROOT = '';

export function quickLayout(graph: DiagramGraph): DiagramLayout {
  const drawnBoundaries = new Set(graph.boundaries.map(boundary => boundary.id));
  const holderOf = new Map<string, string>();
  for (const boundary of graph.boundaries) {
    holderOf.set(boundary.id, boundary.parent !== undefined && drawnBoundaries.has(boundary.parent) ? boundary.parent : ROOT);
  }
  for (const node of graph.nodes) holderOf.set(node.id, drawnContainer(graph, node.zone) ?? ROOT);

  const holders = new Map<string, Holder>([[ROOT, emptyHolder()], ...graph.boundaries.map(boundary => [boundary.id, emptyHolder()] as const)]);
  const indexIn = new Map<string, number>();
  const join = (id: string, isBoundary: boolean, size: { width: number; height: number }) => {
    const members = holders.get(holderOf.get(id)!)!.members;
    indexIn.set(id, members.length);
    members.push({ id, isBoundary, ...size, x: 0, y: 0 });
  };
  // Boundaries first would put every boundary above every loose node; source order is kept instead.
  const declared = [
    ...graph.boundaries.map(boundary => ({ id: boundary.id, isBoundary: true, at: boundary.range.start })),
    ...graph.nodes.map(node => ({ id: node.id, isBoundary: false, at: node.range.start })),
  ].sort((a, b) => a.at.line - b.at.line || a.at.character - b.at.character);
  const nodeById = new Map(graph.nodes.map(node => [node.id, node]));
  for (const { id, isBoundary } of declared) join(id, isBoundary, isBoundary ? { width: 0, height: 0 } : nodeSize(nodeById.get(id)!));

  // A flow links, in the innermost holder of both its ends, the two members that hold them.
  const chainOf = (id: string): string[] => {
    const chain = [id];
    for (let holder = holderOf.get(id); holder !== undefined && holder !== ROOT && chain.length <= graph.boundaries.length; holder = holderOf.get(holder)) chain.push(holder);
    chain.push(ROOT);
    return chain.reverse();
  };
  for (const edge of graph.edges) {
    const from = chainOf(edge.source);
    const to = chainOf(edge.target);
    let depth = 0;
    while (depth + 1 < from.length && depth + 1 < to.length && from[depth + 1] === to[depth + 1]) depth++;
    const [a, b] = [from[depth + 1], to[depth + 1]];
    if (a !== undefined && b !== undefined && a !== b) holders.get(from[depth])!.links.push([indexIn.get(a)!, indexIn.get(b)!]);
  }

  // Sizes from the innermost boundaries out (parents come before their children in the graph).
  const labelWidth = new Map(graph.boundaries.map(boundary => [boundary.id, boundaryMinimumWidth(boundary)]));
  for (const id of [...graph.boundaries.map(boundary => boundary.id)].reverse().concat(ROOT)) {
    const holder = holders.get(id)!;
    for (const member of holder.members) {
      if (!member.isBoundary) continue;
      const inner = holders.get(member.id)!;
      member.width = Math.ceil(Math.max(inner.width + 2 * BOUNDARY_PADDING, labelWidth.get(member.id)!));
      member.height = Math.ceil(inner.height + BOUNDARY_LABEL_HEIGHT + 1.5 * BOUNDARY_PADDING);
    }
    arrange(holder);
  }

  // Positions from the picture down.
  const nodes: Record<string, Box> = {};
  const boundaries: Record<string, Box> = {};
  const pending: Array<{ holder: Holder; x: number; y: number }> = [{ holder: holders.get(ROOT)!, x: DIAGRAM_PADDING, y: DIAGRAM_PADDING }];
  while (pending.length > 0) {
    const { holder, x, y } = pending.pop()!;
    for (const member of holder.members) {
      const box = { x: x + member.x, y: y + member.y, width: member.width, height: member.height };
      if (!member.isBoundary) {
        nodes[member.id] = box;
        continue;
      }
      boundaries[member.id] = box;
      pending.push({ holder: holders.get(member.id)!, x: box.x + BOUNDARY_PADDING, y: box.y + BOUNDARY_LABEL_HEIGHT + BOUNDARY_PADDING / 2 });
    }
  }

  const edges: Record<string, EdgeRoute> = {};
  for (const edge of graph.edges) {
    const source = nodes[edge.source];
    const target = nodes[edge.target];
    if (source && target) edges[edge.id] = straightRoute(edge, source, target);
  }
  return withExtent(graph, nodes, boundaries, edges);
}

function emptyHolder(): Holder {
  return { members: [], links: [], width: 0, height: 0 };
}

/** Puts a holder's members in layered rows, and sets its inner size. */
function arrange(holder: Holder): void {
  const layers = layersOf(holder.members.length, holder.links);
  const rows: Member[][] = [];
  for (const [index, member] of holder.members.entries()) {
    (rows[layers[index]] ??= []).push(member);
  }
  const wrapped: Member[][] = [];
  for (const row of rows.filter(Boolean)) {
    let current: Member[] = [];
    let width = 0;
    for (const member of row) {
      if (current.length > 0 && width + NODE_SPACING + member.width > MAX_ROW_WIDTH) {
        wrapped.push(current);
        current = [];
        width = 0;
      }
      width += (current.length > 0 ? NODE_SPACING : 0) + member.width;
      current.push(member);
    }
    if (current.length > 0) wrapped.push(current);
  }
  const rowWidth = (row: Member[]) => row.reduce((sum, member) => sum + member.width, 0) + NODE_SPACING * (row.length - 1);
  holder.width = wrapped.reduce((widest, row) => Math.max(widest, rowWidth(row)), 0);
  let y = 0;
  for (const row of wrapped) {
    const height = row.reduce((tallest, member) => Math.max(tallest, member.height), 0);
    let x = (holder.width - rowWidth(row)) / 2;
    for (const member of row) {
      member.x = x;
      member.y = y + (height - member.height) / 2;
      x += member.width + NODE_SPACING;
    }
    y += height + LAYER_SPACING;
  }
  holder.height = Math.max(0, y - LAYER_SPACING);
}

/**
 * The layer of each member: 0 for one no flow enters, else one below the deepest member with a
 * flow into it. A flow that would close a cycle (found by a depth-first walk in source order)
 * is left out of the ranking. Iterative: no depth limit.
 */
function layersOf(count: number, links: ReadonlyArray<[number, number]>): number[] {
  const out: number[][] = Array.from({ length: count }, () => []);
  for (const [from, to] of links) if (from !== to) out[from].push(to);
  // Depth-first in source order, keeping the flows that do not lead back to a member on the path.
  const state = new Uint8Array(count); // 0 new, 1 on the path, 2 done
  const kept: number[][] = Array.from({ length: count }, () => []);
  const order: number[] = [];
  for (let root = 0; root < count; root++) {
    if (state[root] !== 0) continue;
    const stack: Array<{ member: number; next: number }> = [{ member: root, next: 0 }];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < out[top.member].length) {
        const to = out[top.member][top.next++];
        if (state[to] === 1) continue;
        kept[top.member].push(to);
        if (state[to] === 0) {
          state[to] = 1;
          stack.push({ member: to, next: 0 });
        }
      } else {
        state[top.member] = 2;
        order.push(top.member);
        stack.pop();
      }
    }
  }
  // Reverse finishing order is a topological order of the kept flows.
  const layers = new Array<number>(count).fill(0);
  for (let i = order.length - 1; i >= 0; i--) {
    const from = order[i];
    for (const to of kept[from]) layers[to] = Math.max(layers[to], layers[from] + 1);
  }
  return layers;
}
