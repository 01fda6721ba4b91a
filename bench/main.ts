// `npm run bench [-- --quick] [-- --imports]`: generates synthetic models, measures tm end to end
// and prints medians as a table; the same figures go to bench/results/latest.json. `--imports`
// measures only the workspace of models across files. What each figure means and the targets
// are in docs/performance.md.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { coldCheck, coldCheckWithoutCompileCache, coldLowerBound } from './cold-check.js';
import { jsonLowerBound, phaseSplit } from './in-process.js';
import { measureEditing, measureWorkspace } from './lsp-measurements.js';
import { measureImports } from './imports-measurements.js';
import { firstPictureInBrowser, hasChromium } from './first-picture.js';
import { diagramGraphOf, previewPipeline } from './preview.js';
import { labelOverlaps, measureDiagrams, panelTextTarget, TARGETS } from './diagram-readability.js';
import { syntheticModel, toJsonText, toTmText } from './synthetic-model.js';

interface Plan {
  sizes: number[];
  /** Sizes also measured through the language server (every edit re-checks the whole file). */
  lspSizes: number[];
  /** Sizes whose diagram is drawn: the preview is for models a person reads, not for 5,000 elements. */
  previewSizes: number[];
  coldRepeats: number;
  /** 20,000 elements take seconds per run, so fewer runs there. */
  largeRepeats: number;
  inProcessRepeats: number;
  /** Laying out a diagram of hundreds of nodes takes seconds. */
  previewRepeats: number;
  edits: number;
  requests: number;
  workspaceFiles: number;
  workspaceRepeats: number;
  /** Service files of the workspace of models across files, each importing 3 of `libraryFiles`. */
  serviceFiles: number;
  libraryFiles: number;
  /** Edits in the library every service imports; each re-checks every service. */
  libraryEdits: number;
}

const FULL: Plan = {
  sizes: [50, 200, 500, 5_000, 20_000], lspSizes: [50, 200, 500, 5_000], previewSizes: [50, 200, 500], coldRepeats: 5, largeRepeats: 3,
  inProcessRepeats: 5, previewRepeats: 3, edits: 21, requests: 21, workspaceFiles: 1_000, workspaceRepeats: 3,
  serviceFiles: 1_000, libraryFiles: 20, libraryEdits: 5,
};
const QUICK: Plan = {
  sizes: [50, 200, 1_000], lspSizes: [200, 1_000], previewSizes: [50, 200], coldRepeats: 2, largeRepeats: 1,
  inProcessRepeats: 2, previewRepeats: 1, edits: 5, requests: 5, workspaceFiles: 100, workspaceRepeats: 1,
  serviceFiles: 100, libraryFiles: 20, libraryEdits: 3,
};

export interface Row {
  measurement: string;
  size: string;
  value: number;
  unit: 'ms' | 'MB' | '×' | 'px' | 'count';
  /** The target the value must not exceed (or, with `atLeast`, must reach), when there is one. */
  target?: number;
  atLeast?: true;
}

function met(row: Row): boolean {
  return row.target === undefined || (row.atLeast ? row.value >= row.target : row.value <= row.target);
}

function targetText(row: Row): string {
  return `${row.atLeast ? '≥' : '≤'} ${row.target}`;
}

const plan = process.argv.includes('--quick') ? QUICK : FULL;
const onlyImports = process.argv.includes('--imports');
const rows: Row[] = [];
const work = mkdtempSync(join(tmpdir(), 'tm-bench-'));
const loadAtStart = loadavg();

function record(row: Row): void {
  rows.push(row);
  // Written after every figure, so an interrupted run still leaves what it measured.
  writeResults();
  const verdict = row.target === undefined ? '' : `  (target ${targetText(row)}: ${met(row) ? 'met' : 'MISSED'})`;
  process.stderr.write(`  ${row.measurement} [${row.size}]: ${format(row.value)} ${row.unit}${verdict}\n`);
}

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

const COLD_TARGETS: Record<number, { wallMs: number; peakRssMB?: number }> = {
  5_000: { wallMs: 1_000, peakRssMB: 300 },
  20_000: { wallMs: 4_000 },
};
const EDIT_TARGETS: Record<number, number> = { 200: 50, 5_000: 500 };

async function measureModel(size: number): Promise<void> {
  const label = `${size.toLocaleString('en')} elements`;
  process.stderr.write(`${label}\n`);
  const model = syntheticModel(size);
  const text = toTmText(model);
  const folder = join(work, `model-${size}`);
  mkdirSync(folder);
  const file = join(folder, `model-${size}.tm`);
  writeFileSync(file, text);

  const cold = await coldCheck(file, size >= 20_000 ? plan.largeRepeats : plan.coldRepeats);
  record({ measurement: 'tm check, cold, whole process', size: label, value: cold.wallMs, unit: 'ms', target: COLD_TARGETS[size]?.wallMs });
  record({ measurement: 'tm check, cold, CPU time (user + system)', size: label, value: cold.cpuMs, unit: 'ms', target: COLD_TARGETS[size]?.wallMs });
  record({ measurement: 'tm check, cold, peak RSS', size: label, value: cold.peakRssMB, unit: 'MB', target: COLD_TARGETS[size]?.peakRssMB });
  const uncached = await coldCheckWithoutCompileCache(file, size >= 20_000 ? plan.largeRepeats : plan.coldRepeats);
  record({ measurement: 'tm check, cold, first run after a build (no compile cache)', size: label, value: uncached.wallMs, unit: 'ms' });

  // Small models need several runs before V8 has optimised the code; large ones are one run's worth.
  const warmUps = size >= 5_000 ? 1 : 5;
  const split = await phaseSplit(text, `model-${size}`, size >= 20_000 ? plan.largeRepeats : plan.inProcessRepeats, warmUps);
  record({ measurement: 'in process, CPU: parse', size: label, value: split.parse, unit: 'ms' });
  record({ measurement: 'in process, CPU: scopes and link', size: label, value: split.link, unit: 'ms' });
  record({ measurement: 'in process, CPU: index references', size: label, value: split.indexReferences, unit: 'ms' });
  record({ measurement: 'in process, CPU: validate', size: label, value: split.validate, unit: 'ms' });
  record({ measurement: 'in process, CPU: whole check', size: label, value: split.total, unit: 'ms' });
  record({ measurement: 'in process, wall: whole check', size: label, value: split.wallTotal, unit: 'ms' });

  const json = toJsonText(model);
  const jsonFile = join(folder, `model-${size}.json`);
  writeFileSync(jsonFile, json);
  const coldBound = await coldLowerBound(jsonFile, size >= 20_000 ? plan.largeRepeats : plan.coldRepeats);
  const lowerBound = jsonLowerBound(json, plan.inProcessRepeats * 2);
  const ratioTarget = size === 5_000 ? 20 : undefined;
  record({ measurement: 'lower bound, cold process: node + read + JSON.parse + names', size: label, value: coldBound.wallMs, unit: 'ms' });
  record({ measurement: 'lower bound, cold process, CPU', size: label, value: coldBound.cpuMs, unit: 'ms' });
  record({ measurement: 'lower bound, in process, CPU: JSON.parse + names', size: label, value: lowerBound, unit: 'ms' });
  record({ measurement: 'cold check ÷ cold lower bound (wall)', size: label, value: cold.wallMs / coldBound.wallMs, unit: '×', target: ratioTarget });
  record({ measurement: 'cold check ÷ cold lower bound (CPU)', size: label, value: cold.cpuMs / coldBound.cpuMs, unit: '×', target: ratioTarget });
  record({ measurement: 'in-process check (CPU) ÷ in-process lower bound', size: label, value: split.total / lowerBound, unit: '×' });

  if (plan.previewSizes.includes(size)) {
    const preview = await previewPipeline(text, plan.previewRepeats);
    record({ measurement: 'preview opened: model checked → graph as JSON (server)', size: label, value: preview.serverGraph, unit: 'ms' });
    record({ measurement: 'preview opened: graph → quick layout → SVG (page, in process)', size: label, value: preview.quickPicture, unit: 'ms' });
    if (hasChromium) {
      const browser = await firstPictureInBrowser(await diagramGraphOf(text), plan.previewRepeats);
      record({ measurement: 'preview opened: first picture (server + page load → quick picture in Chromium)', size: label, value: preview.serverGraph + browser.firstPicture, unit: 'ms', target: size === 50 ? 500 : undefined });
      record({ measurement: 'preview opened: elk\'s picture in its place (server + page in Chromium)', size: label, value: preview.serverGraph + browser.exactPicture, unit: 'ms' });
    }
    record({ measurement: 'preview: model → graph', size: label, value: preview.graph, unit: 'ms' });
    record({ measurement: 'preview: graph → layout (elkjs)', size: label, value: preview.layout, unit: 'ms' });
    record({ measurement: 'preview: layout → SVG', size: label, value: preview.svg, unit: 'ms' });
    record({ measurement: 'preview: model → graph → layout → SVG (cold)', size: label, value: preview.total, unit: 'ms' });
    record({ measurement: 'preview: model → graph → layout → SVG (cold), CPU', size: label, value: preview.totalCpu, unit: 'ms' });
    // What the user sees after an edit: the preview draws these without waiting for elk.
    const target = size === 200 ? 200 : undefined;
    record({ measurement: 'preview edit, a threat added: graph → previous layout → SVG', size: label, value: preview.layoutReused.wall, unit: 'ms', target });
    record({ measurement: 'preview edit, a threat added, CPU', size: label, value: preview.layoutReused.cpu, unit: 'ms', target });
    record({ measurement: 'preview edit, an element and a flow added: graph → provisional layout → SVG', size: label, value: preview.provisional.wall, unit: 'ms', target });
    record({ measurement: 'preview edit, an element and a flow added, CPU', size: label, value: preview.provisional.cpu, unit: 'ms', target });
    record({ measurement: 'preview edit, an element and a flow added: elk\'s layout replacing the provisional one', size: label, value: preview.exactAfterEdit.wall, unit: 'ms' });
  }

  if (plan.lspSizes.includes(size)) {
    const editing = await measureEditing(folder, file, text, plan.edits, plan.requests);
    const target = EDIT_TARGETS[size];
    record({ measurement: 'LSP: edit (no declaration changed) → diagnostics', size: label, value: editing.bodyEdit.wallMs, unit: 'ms', target });
    record({ measurement: 'LSP: edit (no declaration changed), server CPU', size: label, value: editing.bodyEdit.serverCpuMs, unit: 'ms', target });
    record({ measurement: 'LSP: edit (a declaration renamed) → diagnostics', size: label, value: editing.declarationEdit.wallMs, unit: 'ms', target });
    record({ measurement: 'LSP: edit (a declaration renamed), server CPU', size: label, value: editing.declarationEdit.serverCpuMs, unit: 'ms', target });
    record({ measurement: 'LSP: completion', size: label, value: editing.completion, unit: 'ms' });
    record({ measurement: 'LSP: hover', size: label, value: editing.hover, unit: 'ms' });
  }
}

async function measureWorkspaceOfFiles(): Promise<void> {
  const label = `${plan.workspaceFiles.toLocaleString('en')} files × 50 elements`;
  process.stderr.write(`workspace: ${label}\n`);
  const workspace = await measureWorkspace(join(work, 'workspace'), plan.workspaceFiles, plan.edits, plan.workspaceRepeats);
  record({ measurement: 'LSP workspace: the open file has diagnostics', size: label, value: workspace.openFileDiagnostics, unit: 'ms' });
  record({ measurement: 'LSP workspace: the open file has diagnostics, server CPU since start', size: label, value: workspace.openFileServerCpu, unit: 'ms' });
  record({ measurement: 'LSP workspace: initial index (every file parsed, linked, validated, published)', size: label, value: workspace.allPublished, unit: 'ms', target: 10_000 });
  record({ measurement: 'LSP workspace: initial index, server CPU since start', size: label, value: workspace.allPublishedServerCpu, unit: 'ms', target: 10_000 });
  record({ measurement: 'LSP workspace: edit in one file → diagnostics', size: label, value: workspace.edit.wallMs, unit: 'ms', target: 100 });
  record({ measurement: 'LSP workspace: edit in one file, server CPU', size: label, value: workspace.edit.serverCpuMs, unit: 'ms', target: 100 });
}

async function measureModelsAcrossFiles(): Promise<void> {
  const label = `${plan.serviceFiles.toLocaleString('en')} services × 3 of ${plan.libraryFiles} libraries`;
  process.stderr.write(`models across files: ${label}\n`);
  const figures = await measureImports(join(work, 'imports'), plan.serviceFiles, plan.libraryFiles, plan.edits, plan.libraryEdits);
  record({ measurement: 'LSP imports: initial index (every file parsed, linked, validated, published)', size: label, value: figures.initialIndex, unit: 'ms', target: 10_000 });
  record({ measurement: 'LSP imports: initial index, server CPU since start', size: label, value: figures.initialIndexServerCpu, unit: 'ms' });
  record({ measurement: 'LSP imports: edit in a service → its diagnostics', size: label, value: figures.serviceEdit.wallMs, unit: 'ms', target: 100 });
  record({ measurement: 'LSP imports: edit in a service, server CPU', size: label, value: figures.serviceEdit.serverCpuMs, unit: 'ms' });
  record({ measurement: 'LSP imports: edit in the library every service imports → every service\'s diagnostics', size: label, value: figures.libraryEdit.wallMs, unit: 'ms', target: 5_000 });
  record({ measurement: 'LSP imports: edit in the library every service imports, server CPU', size: label, value: figures.libraryEdit.serverCpuMs, unit: 'ms' });
  for (const [name, requests] of [['hover', figures.hoverDuringRecheck], ['completion', figures.completionDuringRecheck]] as const) {
    record({ measurement: `LSP imports: ${name} during that re-check (${requests.count} requests), median`, size: label, value: requests.median, unit: 'ms' });
    record({ measurement: `LSP imports: ${name} during that re-check, slowest`, size: label, value: requests.max, unit: 'ms' });
  }
  record({ measurement: 'LSP imports: server peak memory (RSS)', size: label, value: figures.peakRssMB, unit: 'MB', target: 1_024 });
}

function writeResults(): void {
  const results = {
    date: new Date().toISOString(),
    mode: `${plan === QUICK ? 'quick' : 'full'}${onlyImports ? ', imports only' : ''}`,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version },
    // Other work on the machine slows wall times; the CPU-time rows are less affected.
    loadAverageAtStart: loadAtStart,
    loadAverageNow: loadavg(),
    rows,
  };
  mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
  writeFileSync(join(process.cwd(), 'bench', 'results', 'latest.json'), JSON.stringify(results, null, 2) + '\n');
}

function printTable(): void {
  const load = (values: number[]) => values.map(value => value.toFixed(1)).join(', ');
  const lines = [
    `Load average at start: ${load(loadAtStart)}; at end: ${load(loadavg())} (${cpus().length} CPUs).`, '',
    '| measurement | size | median | target |', '|---|---|---:|---|',
  ];
  for (const row of rows) {
    const target = row.target === undefined ? '' : `${targetText(row)} ${row.unit} — ${met(row) ? 'met' : '**missed**'}`;
    lines.push(`| ${row.measurement} | ${row.size} | ${format(row.value)} ${row.unit} | ${target} |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

/** The diagram's readability on each benchmark model (docs/diagram.md, Readability): the figures the targets judge. */
async function measureDiagramReadability(): Promise<void> {
  process.stderr.write('diagram readability\n');
  for (const result of await measureDiagrams(line => process.stderr.write(`  ${line}\n`))) {
    const { tm } = result;
    const size = `${result.model} (${result.elements} elements)`;
    const reference = result.dotLR && result.dotTB ? Math.min(result.dotLR.crossings, result.dotTB.crossings) : undefined;
    record({ measurement: 'diagram: crossings (target: dot LR/TB\'s fewer)', size, value: tm.crossings, unit: 'count', target: reference });
    record({ measurement: 'diagram: detours over 150 px and loops', size, value: tm.detours + tm.loops, unit: 'count', target: 0 });
    record({ measurement: 'diagram: ambiguous or overlapping labels, flows through nodes or on top of each other', size, unit: 'count', target: 0,
      value: tm.ambiguousLabels + labelOverlaps(tm) + tm.flowsThroughNodes + tm.overlappingFlows });
    record({ measurement: 'diagram: text in the 700×900 panel fit', size, value: tm.panelText, unit: 'px', target: panelTextTarget(result.elements), atLeast: true });
    record({ measurement: 'diagram: text at 800 px report width', size, value: tm.reportText, unit: 'px', target: TARGETS.reportText, atLeast: true });
    record({ measurement: 'diagram: median node move after adding a flow', size, value: result.moveAfterEdit, unit: 'px', target: TARGETS.moveAfterEdit });
    record({ measurement: 'diagram: fresh layout (elk starts, flips, short routes), wall', size, value: result.layoutMs, unit: 'ms' });
  }
}

async function main(): Promise<void> {
  try {
    if (!onlyImports) {
      await measureDiagramReadability();
      for (const size of plan.sizes) await measureModel(size);
      await measureWorkspaceOfFiles();
    }
    await measureModelsAcrossFiles();
    printTable();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
