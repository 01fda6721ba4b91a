// `tm export --format threat-dragon <file.tm> [-o out.json]`: a model for OWASP Threat Dragon.
import * as path from 'node:path';
import type { CliIO } from '../io.js';
import { EXIT_OK, UsageError } from '../io.js';
import { parseCommandArgs, SETTINGS_OPTIONS, servicesFor } from '../options.js';
import { loadModel, reportOptions, warnAboutErrors } from '../model-input.js';
import { modelStem, outputTarget, writeOutput } from '../output.js';
import { escapeTerminal } from '../../escape/terminal.js';
import { analyzeModel } from '../../domain/analysis.js';
import { buildReport } from '../../report/build-report.js';
import { layoutGraph, modelGraph } from '../../diagram/index.js';
import { exportThreatDragon } from '../../interchange/threat-dragon-export.js';

export const exportUsage = 'tm export --format threat-dragon <file.tm> [-o out.json|folder/]';

const FORMATS = ['threat-dragon'];

export async function runExport(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...SETTINGS_OPTIONS,
    format: { type: 'string', default: 'threat-dragon' },
    output: { type: 'string', short: 'o' },
  }, exportUsage);
  if (!FORMATS.includes(values.format as string)) throw new UsageError(`unknown format '${String(values.format)}' (expected ${FORMATS.join(', ')})`);
  if (positionals.length !== 1) throw new UsageError(`give exactly one model\nusage: ${exportUsage}`);

  const services = servicesFor(values);
  const loaded = await loadModel(services, positionals[0], io);
  warnAboutErrors(loaded, 'export', io);
  const analysis = analyzeModel(loaded.model);
  const options = reportOptions(services);
  const layout = await layoutGraph(modelGraph(analysis, { coverageFlows: options.coverageFlows }));
  const { model, notes } = exportThreatDragon(analysis, buildReport(analysis, options), layout);
  for (const note of notes) io.stderr(`tm export: ${escapeTerminal(note)}\n`);
  const text = JSON.stringify(model, null, 2) + '\n';
  const target = await outputTarget(values.output as string | undefined, io.cwd);
  await writeOutput(target, `${modelStem(positionals[0])}.json`, text, io, [path.resolve(io.cwd, positionals[0])]);
  return EXIT_OK;
}
