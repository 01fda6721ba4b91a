// The readability benchmark of the data-flow diagram (docs/diagram.md, Readability): every
// model the project ships or translates, plus a synthetic 20-element one, laid out by tm and,
// where Graphviz is installed, by `dot` on the same boxes; each picture measured
// (readability.ts) and judged against the targets of issue #20.
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { layoutGraph, modelGraph } from '../server/diagram/index.js';
import type { DiagramGraph, DiagramLayout } from '../server/diagram/index.js';
import { dotInstalled, dotLayout } from './graphviz.js';
import { analysisOf } from './preview.js';
import type { Readability } from '../server/diagram/readability.js';
import { measureReadability } from '../server/diagram/readability.js';
import { medianMove } from '../server/diagram/arrange.js';
import { syntheticModel, toTmText } from './synthetic-model.js';

export interface DiagramFigures {
  model: string;
  elements: number;
  /** Wall time of the fresh layout (every start, flip and short route), ms. */
  layoutMs: number;
  tm: Readability;
  /** The median distance a node moves after a flow is added, with the previous layout given / without. */
  moveAfterEdit: number;
  moveAfterEditFresh: number;
  /** What the picture after that edit has more than the one before: crossings, and other faults. */
  addedByEdit: { crossings: number; faults: number };
  /** Over RANDOM_EDITS flows between elements picked at random, each added alone: the largest median move, and the edits whose picture has a fault more. */
  randomEdits: { largestMove: number; withNewFault: number };
  dotLR?: Readability;
  dotTB?: Readability;
  /** Which targets the tm picture misses (empty: all met). */
  missed: string[];
}

/**
 * The models: the translated samples of bench/models, the project's examples, the shared ones
 * beside it, a synthetic 20-element one. A name in several folders is measured once, from the
 * first: bench/models keeps the benchmark's pytm and Threagile inputs fixed now that examples/
 * has fuller translations under the same names.
 */
export function benchmarkModels(root = process.cwd()): { name: string; text: string }[] {
  const folders = [join(root, 'bench/models'), join(root, 'examples'), resolve(root, '../shared/examples')];
  const models = folders.filter(existsSync).flatMap(folder => readdirSync(folder).filter(name => name.endsWith('.tm')).sort()
    .map(name => ({ name: basename(name, '.tm'), text: readFileSync(join(folder, name), 'utf8') })));
  const seen = new Set<string>();
  const unique = models.filter(model => !seen.has(model.name) && seen.add(model.name));
  return [...unique, { name: 'synthetic-20', text: toTmText(syntheticModel(20)) }];
}

/** Issue #20's targets. */
export const TARGETS = { reportText: 6, moveAfterEdit: 100 };

/** The smallest text the 700×900 panel fit may show: 7 px up to 12 elements, 5 px up to 25; none above. */
export function panelTextTarget(elements: number): number | undefined {
  return elements <= 12 ? 7 : elements <= 25 ? 5 : undefined;
}

/** Flow labels over each other or over nodes, and boundary labels over anything. */
export function labelOverlaps(figures: Readability): number {
  return figures.labelOverlaps + figures.labelNodeOverlaps + figures.boundaryLabelOverlaps;
}

export function targetsMissed(figures: Readability, elements: number, crossingReference: number | undefined, move: number): string[] {
  const missed: string[] = [];
  if (crossingReference !== undefined && figures.crossings > crossingReference) missed.push(`crossings ${figures.crossings} > dot's ${crossingReference}`);
  if (figures.detours > 0) missed.push(`${figures.detours} detours`);
  if (figures.loops > 0) missed.push(`${figures.loops} loops`);
  if (figures.ambiguousLabels > 0) missed.push(`${figures.ambiguousLabels} ambiguous labels`);
  if (labelOverlaps(figures) > 0) missed.push(`${labelOverlaps(figures)} label overlaps`);
  if (figures.flowsThroughNodes > 0) missed.push(`${figures.flowsThroughNodes} flows through nodes`);
  if (figures.overlappingFlows > 0) missed.push(`${figures.overlappingFlows} flows on top of each other`);
  const panelTarget = panelTextTarget(elements);
  if (panelTarget !== undefined && figures.panelText < panelTarget) missed.push(`panel text ${figures.panelText.toFixed(1)} px < ${panelTarget}`);
  if (figures.reportText < TARGETS.reportText) missed.push(`report text ${figures.reportText.toFixed(1)} px < ${TARGETS.reportText}`);
  if (move > TARGETS.moveAfterEdit) missed.push(`median move after an edit ${move.toFixed(0)} px > ${TARGETS.moveAfterEdit}`);
  return missed;
}

/** A flow added from the last element to the first (or the reverse, when that one exists): a one-line edit. */
function withOneMoreFlow(text: string, graph: DiagramGraph): string {
  const first = graph.nodes[0].id;
  const last = graph.nodes.at(-1)!.id;
  const exists = graph.edges.some(edge => edge.source === last && edge.target === first);
  return `${text}\nflow BenchAddedFlow: ${exists ? first : last} -> ${exists ? last : first} "added flow"\n`;
}

/** Flows between elements picked at random the benchmark also adds, each alone, to judge edits the layout was not tuned on. */
const RANDOM_EDITS = 5;

/** RANDOM_EDITS pairs of different elements, picked by a generator seeded with the model's name: the same pairs every run. */
function randomPairs(name: string, graph: DiagramGraph): [string, string][] {
  let seed = [...name].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) % 2_147_483_648, 17);
  const next = (count: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((seed / 2_147_483_648) * count);
  };
  const pairs: [string, string][] = [];
  while (graph.nodes.length > 1 && pairs.length < RANDOM_EDITS) {
    const [source, target] = [graph.nodes[next(graph.nodes.length)].id, graph.nodes[next(graph.nodes.length)].id];
    if (source !== target) pairs.push([source, target]);
  }
  return pairs;
}

/** Detours, loops, ambiguous or overlapping labels, flows through nodes or on top of each other. */
function faultCount(figures: Readability): number {
  return figures.detours + figures.loops + figures.ambiguousLabels + labelOverlaps(figures) + figures.flowsThroughNodes + figures.overlappingFlows;
}

export async function measureDiagram(name: string, text: string, withDot: boolean): Promise<DiagramFigures> {
  const graph = modelGraph(await analysisOf(text));
  const started = performance.now();
  const layout = await layoutGraph(graph);
  const layoutMs = performance.now() - started;
  const tm = measureReadability(layout);
  const edited = modelGraph(await analysisOf(withOneMoreFlow(text, graph)));
  const afterEdit = await layoutGraph(edited, { previous: layout });
  const moveAfterEdit = medianMove(layout, afterEdit);
  const moveAfterEditFresh = medianMove(layout, await layoutGraph(edited));
  const figuresAfterEdit = measureReadability(afterEdit);
  const addedByEdit = { crossings: figuresAfterEdit.crossings - tm.crossings, faults: faultCount(figuresAfterEdit) - faultCount(tm) };
  const randomEdits = { largestMove: 0, withNewFault: 0 };
  for (const [source, target] of randomPairs(name, graph)) {
    const after = await layoutGraph(modelGraph(await analysisOf(`${text}\nflow BenchRandomFlow: ${source} -> ${target} "random flow"\n`)), { previous: layout });
    randomEdits.largestMove = Math.max(randomEdits.largestMove, medianMove(layout, after));
    if (faultCount(measureReadability(after)) > faultCount(tm)) randomEdits.withNewFault++;
  }
  const dotLR = withDot ? measureReadability(dotLayout(graph, 'LR')) : undefined;
  const dotTB = withDot ? measureReadability(dotLayout(graph, 'TB')) : undefined;
  const reference = dotLR && dotTB ? Math.min(dotLR.crossings, dotTB.crossings) : undefined;
  return { model: name, elements: graph.nodes.length, layoutMs, tm, moveAfterEdit, moveAfterEditFresh, addedByEdit, randomEdits, dotLR, dotTB, missed: targetsMissed(tm, graph.nodes.length, reference, moveAfterEdit) };
}

/** Every benchmark model, or those named in `only` (a few, on a loaded machine). */
export async function measureDiagrams(log: (line: string) => void, only: readonly string[] = []): Promise<DiagramFigures[]> {
  const withDot = dotInstalled();
  if (!withDot) log('diagram readability: Graphviz `dot` is not installed; the dot reference rows are skipped (apt-get install graphviz)');
  const models = benchmarkModels().filter(model => only.length === 0 || only.includes(model.name));
  const unknown = only.filter(name => !models.some(model => model.name === name));
  if (unknown.length > 0) throw new Error(`no benchmark model named ${unknown.join(', ')}`);
  const results: DiagramFigures[] = [];
  // One layout first, untimed, so the first model's time is not the compiler's warm-up.
  if (models.length > 0) await layoutGraph(modelGraph(await analysisOf(models[0].text)));
  for (const { name, text } of models) results.push(await measureDiagram(name, text, withDot));
  return results;
}

export function readabilityTable(results: readonly DiagramFigures[]): string {
  const cell = (figures: Readability | undefined): string => figures
    ? `${figures.width}×${figures.height}, ${figures.crossings} ×, ${figures.detours} detours, ${figures.loops} loops, ${figures.panelText.toFixed(1)} / ${figures.reportText.toFixed(1)} px`
    : '—';
  const lines = [
    `| model | elements | layout | tm: size, crossings, detours, loops, text in panel / report | labels ambiguous / overlapping, flows through nodes / on top | median move after adding a flow (fresh layout) | that picture's crossings, other faults more | ${RANDOM_EDITS} random flows added: largest move, edits with a fault more | dot LR | dot TB | targets |`,
    '|---|---:|---:|---|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    const { tm } = result;
    lines.push(`| ${result.model} | ${result.elements} | ${result.layoutMs.toFixed(0)} ms | ${cell(tm)} | ${tm.ambiguousLabels} / ${labelOverlaps(tm)}, ${tm.flowsThroughNodes} / ${tm.overlappingFlows} | ${result.moveAfterEdit.toFixed(0)} px (${result.moveAfterEditFresh.toFixed(0)} px) | ${signed(result.addedByEdit.crossings)} ×, ${signed(result.addedByEdit.faults)} | ${result.randomEdits.largestMove.toFixed(0)} px, ${result.randomEdits.withNewFault} | ${cell(result.dotLR)} | ${cell(result.dotTB)} | ${result.missed.length === 0 ? 'all met' : result.missed.join('; ')} |`);
  }
  return lines.join('\n');
}

function signed(count: number): string {
  return count > 0 ? `+${count}` : String(count);
}

export type { DiagramLayout };
