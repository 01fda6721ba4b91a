// Shared by the diagram tests: models parsed and linked in memory, and the example files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { expect } from 'vitest';
import type { Model } from '../../server/language/generated/ast.js';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';
import { analyzeModel } from '../../server/domain/analysis.js';
import type { Box, DiagramGraph, DiagramLayout, ModelGraphOptions } from '../../server/diagram/index.js';
import { modelGraph } from '../../server/diagram/index.js';
import { EXAMPLES_DIR } from '../examples.js';

const parse = parseHelper<Model>(createTmServices(EmptyFileSystem).Tm);

export async function parseModel(text: string): Promise<Model> {
  return (await parse(text)).parseResult.value;
}

export async function graphOf(text: string, options?: ModelGraphOptions): Promise<DiagramGraph> {
  return modelGraph(analyzeModel(await parseModel(text)), options);
}

/** The shared examples (../shared beside the project), when present, and the project's own. */
export function exampleFiles(): string[] {
  const folders = [path.resolve(import.meta.dirname, '../../../shared/examples'), EXAMPLES_DIR];
  return folders.filter(folder => fs.existsSync(folder)).flatMap(folder =>
    fs.readdirSync(folder).filter(name => name.endsWith('.tm')).sort().map(name => path.join(folder, name)));
}

/** Labels that would run script or load something if any writer let markup through. */
export const HOSTILE_LABELS = [
  '"><img src=x onerror=alert(1)>',
  '</text><script>alert(2)</script>',
  '\'><svg onload=alert(3)>',
  'a & b < c > d',
  '<foreignObject><iframe src=javascript:alert(4)></iframe></foreignObject>',
];

/** A model whose every label, the title and a boundary label are hostile. */
export function hostileModel(): string {
  const label = (index: number): string => JSON.stringify(HOSTILE_LABELS[index % HOSTILE_LABELS.length]);
  return `model ${label(0)}
external User ${label(0)}
boundary Zone ${label(1)} {
  process App ${label(2)}
  store Db ${label(3)} { kind database }
}
flow Login: User -> App ${label(4)} { protocol HTTPS }
flow Save: App -> Db ${label(1)} { protocol SQL }
threat T1 ${label(2)} { on App, Login  stride T  likelihood 3  impact 3 }
attack A1 ${label(3)} { realizes T1  or { ${label(4)} cost low  ${label(0)} cost high } }
`;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function inside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

/** Every node clear of every other, inside each of its boundaries; every boundary inside its parent; every flow routed. */
export function expectReadable(layout: DiagramLayout): void {
  const { graph } = layout;
  for (const [i, a] of graph.nodes.entries()) {
    for (const b of graph.nodes.slice(i + 1)) expect(overlaps(layout.nodes[a.id], layout.nodes[b.id]), `${a.id} overlaps ${b.id}`).toBe(false);
    for (const zone of a.zone) expect(inside(layout.nodes[a.id], layout.boundaries[zone]), `${a.id} in ${zone}`).toBe(true);
  }
  for (const boundary of graph.boundaries) {
    if (boundary.parent) expect(inside(layout.boundaries[boundary.id], layout.boundaries[boundary.parent]), `${boundary.id} in ${boundary.parent}`).toBe(true);
  }
  for (const edge of graph.edges) expect(layout.edges[edge.id]?.points.length, edge.id).toBeGreaterThanOrEqual(2);
}
