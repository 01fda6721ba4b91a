// #21's "done when": demo models of every format import into .tm files that check without errors
// and keep every element, flow, boundary crossing, threat on a target and decision of the source
// (counted from the source by the format's own rules, source-counts.ts, and from the imported
// model), and the import exports again valid against each format's schema. In CI it runs on our
// fixtures, written in the shape of each format's demo, and on the real Threat Dragon models in
// ../shared/data (licensed, when present). Locally it also checks every model file in the folder
// TM_DEMO_MODELS names, such as the fetched demos of Threat Dragon, Threagile and pytm
// (docs/threat-dragon.md, "Demo models"), and prints a line per model:
//   TM_DEMO_MODELS=/tmp/demos npx vitest run test/interchange/demo-models.test.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { importModel, parseInput, detectFormat } from '../../server/interchange/import-model.js';
import { buildReport } from '../../server/report/build-report.js';
import { analyzeModel } from '../../server/domain/analysis.js';
import { check, REPORT_OPTIONS } from '../report/models.js';
import { messageOf } from '../language/harness.js';
import type { Counts } from './source-counts.js';
import { importedCounts, sourceCounts } from './source-counts.js';
import { TD_DATA_DIR, TD_DATA_PRESENT, threatDragonSchema } from './td-data.js';
import { validateOtm, validateTmBom } from './schema-validators.js';
import Ajv from 'ajv';
import { exportOtm } from '../../server/interchange/otm-export.js';
import { exportTmBom } from '../../server/interchange/tm-bom-export.js';
import { exportThreatDragon } from '../../server/interchange/threat-dragon-export.js';
import { layoutGraph, modelGraph } from '../../server/diagram/index.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const MODEL_FILE = /\.(json|ya?ml)$/;
const modelFiles = (dir: string) => fs.readdirSync(dir).filter(name => MODEL_FILE.test(name) && !name.includes('schema')).sort().map(name => path.join(dir, name));

const files: string[] = [
  ...modelFiles(FIXTURES),
  ...(TD_DATA_PRESENT ? modelFiles(TD_DATA_DIR) : []),
  ...(process.env.TM_DEMO_MODELS ? modelFiles(process.env.TM_DEMO_MODELS) : []),
];

const validateThreatDragon = TD_DATA_PRESENT ? new Ajv({ allErrors: true, strict: false }).compile(threatDragonSchema()) : undefined;

async function compare(file: string): Promise<{ format: string; source: Counts; imported: Counts; errors: string[]; approximated: number; leftOut: number }> {
  const value = parseInput(fs.readFileSync(file, 'utf8'));
  const format = detectFormat(value)!;
  const result = importModel(fs.readFileSync(file, 'utf8'));
  const checked = await check(result.text, 'imported.tm');
  const errors = checked.diagnostics.filter(diagnostic => diagnostic.severity === 1).map(diagnostic => `${diagnostic.range.start.line + 1}: ${diagnostic.code}: ${messageOf(diagnostic)}`);
  const analysis = analyzeModel(checked.model!);
  const report = buildReport(analysis, REPORT_OPTIONS);
  // The imported model exports again, valid in every format.
  const otm = exportOtm(report, analysis.attacks).model;
  expect(validateOtm(otm), JSON.stringify(validateOtm.errors)).toBe(true);
  const tmBom = exportTmBom(report, analysis.attacks).model;
  expect(validateTmBom(tmBom), JSON.stringify(validateTmBom.errors)).toBe(true);
  if (validateThreatDragon) {
    const threatDragon = exportThreatDragon(analysis, report, await layoutGraph(modelGraph(analysis))).model;
    expect(validateThreatDragon(threatDragon), JSON.stringify(validateThreatDragon.errors)).toBe(true);
  }
  return {
    format,
    source: sourceCounts(format, value),
    imported: importedCounts(report, result.report),
    errors,
    approximated: result.report.filter(entry => entry.status === 'approximated' && entry.detail !== undefined).length,
    leftOut: result.report.filter(entry => entry.status === 'left-out').length,
  };
}

describe('demo models import whole (every element, flow, crossing, threat and decision) and export valid', () => {
  const rows: string[] = [];
  test.each(files.map(file => [path.relative(process.cwd(), file), file]))('%s', async (_name, file) => {
    const { format, source, imported, errors, approximated, leftOut } = await compare(file);
    expect(errors).toEqual([]);
    expect(imported).toEqual(source);
    const figures = (counts: Counts) => `${counts.elements} elements, ${counts.flows} flows (${counts.crossings} crossing), ${counts.threats} threats on targets, ${counts.decisions} decided`;
    rows.push(`${path.basename(file)} (${format}): ${figures(source)}; ${approximated} approximations and ${leftOut} items left out, listed`);
  }, 60_000);

  test('the counts are not vacuous: the fixtures have crossings, threats and decisions in every format', async () => {
    const totals = new Map<string, Counts>();
    for (const file of modelFiles(FIXTURES)) {
      const { format, source } = await compare(file);
      const total = totals.get(format) ?? { elements: 0, flows: 0, crossings: 0, threats: 0, decisions: 0 };
      for (const key of Object.keys(total) as Array<keyof Counts>) total[key] += source[key];
      totals.set(format, total);
    }
    expect([...totals.keys()].sort()).toEqual(['otm', 'pytm-json', 'threagile', 'threat-dragon', 'tm-bom']);
    for (const [format, total] of totals) expect(Object.values(total).every(count => count > 0), `${format}: ${JSON.stringify(total)}`).toBe(true);
    if (process.env.TM_DEMO_MODELS) console.log(rows.join('\n'));
  }, 60_000);
});
