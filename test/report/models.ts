// Parsing models for the report, diff and interchange tests: the same parse and checks as the
// CLI, in memory, on a fixed date so review ages do not depend on the day the tests run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmptyFileSystem } from 'langium';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';
import type { CheckedFile } from '../../server/cli/load.js';
import { checkText } from '../../server/cli/load.js';
import type { ModelAnalysis } from '../../server/domain/analysis.js';
import { analyzeModel } from '../../server/domain/analysis.js';
import type { ReportOptions } from '../../server/report/build-report.js';

export const TODAY = '2026-11-01';
export const services = createTmServices(EmptyFileSystem);
services.Tm.settings.update({ today: TODAY });

export const REPORT_OPTIONS: ReportOptions = { today: TODAY, reviewMaxAgeDays: 90, coverageFlows: 'crossing' };

export const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');
export const GOLDEN = path.resolve(import.meta.dirname, 'golden');

export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

export async function check(text: string, name = 'model.tm'): Promise<CheckedFile> {
  return checkText(services, { displayPath: name, absolutePath: `/virtual/${name}` }, text);
}

export async function analyze(text: string, name = 'model.tm'): Promise<ModelAnalysis> {
  return analyzeModel((await check(text, name)).model!);
}

/** Compares with a golden file; `UPDATE_GOLDEN=1 npx vitest run test/report` rewrites them after a deliberate change. */
export function golden(name: string, actual: string): string {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  if (!fs.existsSync(file)) throw new Error(`golden file ${name} is missing: run UPDATE_GOLDEN=1 npx vitest run test/report and review it`);
  return fs.readFileSync(file, 'utf8');
}
