// The DFD as a Mermaid `flowchart LR`, for Markdown that renders Mermaid (GitHub, GitLab, …).
// Mermaid has no open-ended rectangle, so a data store is its database cylinder. Labels are
// always quoted, with Mermaid's `#code;` entities for anything that could end the quote or be
// read as markup; ids are prefixed so no name can collide with a Mermaid keyword (`end`, …).
// What an imported file declares is dashed and says which file (`from idp.tm`), as in the SVG.
import { escapeMermaid } from '../escape/mermaid.js';
import { flowExchange, importedCaption } from './metrics.js';
import type { DiagramEdge, DiagramGraph, DiagramNode } from './types.js';

const SHAPES: Record<DiagramNode['kind'], [string, string]> = {
  external: ['[', ']'],
  process: ['([', '])'],
  store: ['[(', ')]'],
};

export function renderMermaid(graph: DiagramGraph): string {
  const lines = ['flowchart LR'];
  const nodesByZone = new Map<string | undefined, DiagramNode[]>();
  for (const node of graph.nodes) {
    const zone = node.zone.at(-1);
    const nodes = nodesByZone.get(zone);
    if (nodes) nodes.push(node);
    else nodesByZone.set(zone, [node]);
  }
  const childBoundaries = new Map<string | undefined, string[]>();
  for (const boundary of graph.boundaries) {
    const children = childBoundaries.get(boundary.parent);
    if (children) children.push(boundary.id);
    else childBoundaries.set(boundary.parent, [boundary.id]);
  }
  const labels = new Map(graph.boundaries.map(boundary => [boundary.id, boundary.label]));

  // Iterative, so deeply nested boundaries cannot overflow the stack.
  const stack: Array<{ boundary: string | undefined; depth: number } | { close: number }> = [{ boundary: undefined, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('close' in item) {
      lines.push(`${indent(item.close)}end`);
      continue;
    }
    const { boundary, depth } = item;
    if (boundary !== undefined) lines.push(`${indent(depth)}subgraph ${boundaryId(boundary)}["${escapeMermaid(labels.get(boundary)!)}"]`);
    const inner = boundary === undefined ? depth : depth + 1;
    for (const node of nodesByZone.get(boundary) ?? []) {
      const [open, close] = SHAPES[node.kind];
      lines.push(`${indent(inner)}${nodeId(node.id)}${open}"${escapeMermaid(nodeText(node))}"${close}`);
    }
    if (boundary !== undefined) stack.push({ close: depth });
    const children = childBoundaries.get(boundary) ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ boundary: children[i], depth: inner });
  }

  graph.edges.forEach(edge => {
    // A flow with a reply is one link with an arrowhead at each end, as in the SVG.
    const arrow = `${edge.returns ? '<' : ''}${edge.crossing ? '==>' : '-->'}`;
    lines.push(`  ${nodeId(edge.source)} ${arrow}|"${escapeMermaid(edgeText(edge))}"| ${nodeId(edge.target)}`);
  });

  const buckets = [
    { className: 'fixNow', bucket: 'fix now', style: 'stroke:#cf222e,stroke-width:3px' },
    { className: 'fixSoon', bucket: 'fix soon', style: 'stroke:#9a6700,stroke-width:2px' },
  ] as const;
  for (const { className, bucket, style } of buckets) {
    const members = graph.nodes.filter(node => node.threats.highestBucket === bucket).map(node => nodeId(node.id));
    if (members.length > 0) lines.push(`  classDef ${className} ${style}`, `  class ${members.join(',')} ${className}`);
  }
  // Out of scope: muted and dashed, as in the SVG (a subgraph takes a class too); imported: dashed.
  lines.push(...styledAs('outOfScope', MUTED, graph, item => item.outOfScope !== undefined));
  lines.push(...styledAs('imported', DASHED, graph, item => item.importedFrom !== undefined));
  return `${lines.join('\n')}\n`;
}

const MUTED = 'opacity:0.4,stroke-dasharray:3 3';
const DASHED = 'stroke-dasharray:6 3';

function nodeText(node: DiagramNode): string {
  const details = [];
  if (node.threats.count > 0) details.push(`${node.threats.count} threat${node.threats.count === 1 ? '' : 's'}${node.threats.highestBucket ? `, ${node.threats.highestBucket}` : ''}`);
  if (node.uncovered.length > 0) details.push(`uncovered ${node.uncovered.join(' ')}`);
  const caption = importedCaption(node.importedFrom);
  if (caption) details.push(caption);
  return details.length > 0 ? `${node.label} (${details.join('; ')})` : node.label;
}

function edgeText(edge: DiagramEdge): string {
  const exchange = flowExchange(edge);
  const label = exchange === undefined ? edge.label : `${edge.label} ${exchange}`;
  return edge.protocol ? `${label} [${edge.protocol}]` : label;
}

function nodeId(id: string): string {
  return mermaidId('n', id);
}

function boundaryId(id: string): string {
  return mermaidId('b', id);
}

/**
 * A name as it is (`n_Api`); an id that is no name, such as an imported one (`idp.Login`),
 * under a prefix of its own with every other character than a letter or digit written as its
 * code (`ni_idp_2e_Login`), so no two ids meet and Mermaid reads each as one id.
 */
function mermaidId(prefix: string, id: string): string {
  return /^[A-Za-z0-9_]+$/.test(id) ? `${prefix}_${id}` : `${prefix}i_${id.replace(/[^A-Za-z0-9]/g, char => `_${char.codePointAt(0)!.toString(16)}_`)}`;
}

function indent(depth: number): string {
  return '  '.repeat(depth + 1);
}

/** A class and a link style for the boundaries, nodes and flows `marked` picks: none when it picks nothing. */
function styledAs(
  name: string,
  style: string,
  graph: DiagramGraph,
  marked: (item: { outOfScope?: string; importedFrom?: string }) => boolean,
): string[] {
  const lines: string[] = [];
  const ids = [...graph.boundaries.filter(marked).map(boundary => boundaryId(boundary.id)), ...graph.nodes.filter(marked).map(node => nodeId(node.id))];
  if (ids.length > 0) lines.push(`  classDef ${name} ${style}`, `  class ${ids.join(',')} ${name}`);
  const links = graph.edges.flatMap((edge, index) => (marked(edge) ? [index] : []));
  if (links.length > 0) lines.push(`  linkStyle ${links.join(',')} ${style}`);
  return lines;
}
