// Models that are wide rather than deep: hundreds of thousands of siblings must never be spread
// into one function call (`push(...items)`, `Math.max(...values)`), which overflows the stack.
import { expect, test } from 'vitest';
import { analyzeModel } from '../../server/domain/analysis.js';
import { modelGraph } from '../../server/diagram/index.js';
import type { DiagramLayout } from '../../server/diagram/index.js';
import { readLayout } from '../../server/diagram/elk-graph.js';
import { provisionalLayout } from '../../server/diagram/provisional-layout.js';
import { buildReport } from '../../server/report/build-report.js';
import { renderMarkdown } from '../../server/report/markdown.js';
import { parseDocument } from 'langium/test';
import type { Model } from '../../server/language/generated/ast.js';
import { check, dispose, services } from './harness.js';

/** Past the ~130,000 arguments at which a spread into one call overflows Node's default stack. */
const WIDE = 150_000;

test('an attack tree with 150,000 nodes past the nesting limit: the analysis lists them all', async () => {
  const open = Array.from({ length: 64 }, (_, i) => `"step ${i}" or {\n`).join('');
  const leaves = Array.from({ length: WIDE }, () => '"x" cost 1\n').join('');
  const document = await parseDocument<Model>(services, `attack A "goal" { or {\n${open}${leaves}${'}\n'.repeat(64)}} }\n`);
  try {
    expect(analyzeModel(document.parseResult.value).tooDeep).toHaveLength(WIDE);
  } finally {
    await dispose(document);
  }
}, 120_000);

test('a boundary of 150,000 processes: the provisional layout and reading elk\'s layout', async () => {
  const document = await parseDocument<Model>(services, `boundary B {\n${Array.from({ length: WIDE }, (_, i) => `process P${i}\n`).join('')}}\n`);
  try {
    const graph = modelGraph(analyzeModel(document.parseResult.value));
    const nodes = Object.fromEntries(graph.nodes.map((node, i) => [node.id, { x: 10, y: 10 + 50 * i, width: 80, height: 40 }]));
    const previous: DiagramLayout = { graph, width: 100, height: 50 * WIDE, nodes, boundaries: {}, edges: {} };
    const provisional = provisionalLayout(graph, previous);
    expect(provisional.boundaries.B.height).toBeGreaterThan(50 * (WIDE - 1));
    const elkResult = { id: 'root', width: 100, height: 100, children: [{ id: 'b:B', x: 0, y: 0, width: 100, height: 100, children: graph.nodes.map((node, i) => ({ id: `n:${node.id}`, x: 0, y: i, width: 1, height: 1 })) }] };
    expect(Object.keys(readLayout(graph, elkResult).nodes)).toHaveLength(WIDE);
  } finally {
    await dispose(document);
  }
}, 120_000);

test('a Markdown fence longer than any of 300,000 backtick runs', async () => {
  const document = await check('process P\n');
  try {
    const report = buildReport(analyzeModel(document.parseResult.value), { today: '2026-11-01', reviewMaxAgeDays: 90, coverageFlows: 'crossing' });
    expect(renderMarkdown(report, { mermaid: '``` '.repeat(300_000) })).toContain('````mermaid\n');
  } finally {
    await dispose(document);
  }
});
