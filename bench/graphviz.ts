// The reference the readability benchmark compares with: Graphviz `dot` laying out the same
// boxes (every node fixed at the size tm draws it, a cluster per boundary, each flow labelled
// with its text), left to right and top to bottom. Its answer (`dot -Tjson`) is read into the
// same layout structure, so the same measurements apply. Only where `dot` is installed.
import { spawnSync } from 'node:child_process';
import { drawnContainer } from '../server/diagram/containers.js';
import { edgeLabelSize, edgeLines, nodeSize } from '../server/diagram/metrics.js';
import type { Box, DiagramGraph, DiagramLayout, EdgeRoute, Point } from '../server/diagram/types.js';

export function dotInstalled(): boolean {
  return spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;
}

const quote = (text: string): string => JSON.stringify(text);
const inches = (px: number): string => (px / 72).toFixed(3);

export function dotLayout(graph: DiagramGraph, rankdir: 'LR' | 'TB'): DiagramLayout {
  const lines = [`digraph G { graph [rankdir=${rankdir}, fontsize=12, nodesep=0.5, ranksep=0.33]; node [shape=box, fixedsize=true, label=""]; edge [fontsize=12];`];
  const childBoundaries = new Map<string | undefined, string[]>();
  for (const boundary of graph.boundaries) childBoundaries.set(boundary.parent, [...(childBoundaries.get(boundary.parent) ?? []), boundary.id]);
  const nodesIn = new Map<string | undefined, string[]>();
  for (const node of graph.nodes) {
    const container = drawnContainer(graph, node.zone);
    nodesIn.set(container, [...(nodesIn.get(container) ?? []), node.id]);
  }
  const labelOf = new Map(graph.boundaries.map(boundary => [boundary.id, boundary.label]));
  const emit = (container: string | undefined): void => {
    for (const id of nodesIn.get(container) ?? []) {
      const size = nodeSize(graph.nodes.find(node => node.id === id)!);
      lines.push(`${quote(`n:${id}`)} [width=${inches(size.width)}, height=${inches(size.height)}];`);
    }
    for (const child of childBoundaries.get(container) ?? []) {
      lines.push(`subgraph ${quote(`cluster_${child}`)} { label=${quote(labelOf.get(child)!)};`);
      emit(child);
      lines.push('}');
    }
  };
  emit(undefined);
  for (const edge of graph.edges) {
    lines.push(`${quote(`n:${edge.source}`)} -> ${quote(`n:${edge.target}`)} [id=${quote(edge.id)}, label=${quote(edgeLines(edge).map(line => line.text).join('\n'))}];`);
  }
  lines.push('}');
  const run = spawnSync('dot', ['-Tjson'], { input: lines.join('\n'), encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) throw new Error(`dot failed: ${run.stderr}`);
  return readDot(graph, JSON.parse(run.stdout) as DotJson);
}

interface DotObject {
  name: string;
  pos?: string;
  width?: string;
  height?: string;
  bb?: string;
}

interface DotJson {
  bb: string;
  objects?: DotObject[];
  edges?: { id?: string; pos?: string; lp?: string }[];
}

function readDot(graph: DiagramGraph, json: DotJson): DiagramLayout {
  const [, , width, height] = json.bb.split(',').map(Number);
  const flip = (x: number, y: number): Point => ({ x, y: height - y });
  const nodes: Record<string, Box> = {};
  const boundaries: Record<string, Box> = {};
  for (const object of json.objects ?? []) {
    if (object.name.startsWith('cluster_') && object.bb) {
      const [x0, y0, x1, y1] = object.bb.split(',').map(Number);
      boundaries[object.name.slice('cluster_'.length)] = { x: x0, y: height - y1, width: x1 - x0, height: y1 - y0 };
    } else if (object.name.startsWith('n:') && object.pos) {
      const [x, y] = object.pos.split(',').map(Number);
      const w = Number(object.width) * 72;
      const h = Number(object.height) * 72;
      const centre = flip(x, y);
      nodes[object.name.slice(2)] = { x: centre.x - w / 2, y: centre.y - h / 2, width: w, height: h };
    }
  }
  const edges: Record<string, EdgeRoute> = {};
  const byId = new Map(graph.edges.map(edge => [edge.id, edge]));
  for (const edge of json.edges ?? []) {
    const flow = edge.id === undefined ? undefined : byId.get(edge.id);
    if (!flow || !edge.pos) continue;
    let end: Point | undefined;
    const controls: Point[] = [];
    for (const token of edge.pos.split(' ')) {
      const parts = token.split(',');
      if (parts[0] === 'e') end = flip(Number(parts[1]), Number(parts[2]));
      else if (parts[0] !== 's') controls.push(flip(Number(parts[0]), Number(parts[1])));
    }
    const points = sampleBeziers(controls);
    if (end) points.push(end);
    const size = edgeLabelSize(flow);
    const [lx, ly] = (edge.lp ?? '0,0').split(',').map(Number);
    const labelCentre = flip(lx, ly);
    edges[flow.id] = { points, label: { x: labelCentre.x - size.width / 2, y: labelCentre.y - size.height / 2, ...size } };
  }
  return { graph, width: Math.ceil(width), height: Math.ceil(height), direction: 'down', nodes, boundaries, edges };
}

/** A piecewise cubic Bézier (3n + 1 control points) as a polyline of 8 steps per piece. */
function sampleBeziers(controls: readonly Point[]): Point[] {
  const points: Point[] = controls.length > 0 ? [controls[0]] : [];
  for (let i = 0; i + 3 < controls.length; i += 3) {
    const [p0, p1, p2, p3] = controls.slice(i, i + 4);
    for (let step = 1; step <= 8; step++) {
      const t = step / 8;
      const u = 1 - t;
      points.push({
        x: u * u * u * p0.x + 3 * u * u * t * p1.x + 3 * u * t * t * p2.x + t * t * t * p3.x,
        y: u * u * u * p0.y + 3 * u * u * t * p1.y + 3 * u * t * t * p2.y + t * t * t * p3.y,
      });
    }
  }
  return points;
}
