// `tm export --format threat-dragon|otm|tm-bom <file.tm> [-o out.json]`: a model for OWASP Threat
// Dragon, for tools that read the Open Threat Model, or as a TM-BOM document.
import * as path from 'node:path';
import type { CliIO } from '../io.js';
import { EXIT_OK, UsageError } from '../io.js';
import { parseCommandArgs, SETTINGS_OPTIONS, servicesFor } from '../options.js';
import { IMPORT_ROOT_OPTION, loadModel, reportOptions, warnAboutErrors } from '../model-input.js';
import { modelStem, outputTarget, writeOutput } from '../output.js';
import { escapeTerminal } from '../../escape/terminal.js';
import { analyzeModel } from '../../domain/analysis.js';
import { buildReport } from '../../report/build-report.js';
import { layoutGraph, modelGraph } from '../../diagram/index.js';
import { exportThreatDragon } from '../../interchange/threat-dragon-export.js';
import { exportOtm } from '../../interchange/otm-export.js';
import { exportTmBom } from '../../interchange/tm-bom-export.js';

const FORMATS = ['threat-dragon', 'otm', 'tm-bom'];

export const exportUsage = `tm export --format ${FORMATS.join('|')} <file.tm> [-o out.json|folder/] [--root DIR]`;

/** The file name's ending in a folder: `payments.otm.json` says what it holds. */
const SUFFIX = new Map([['threat-dragon', '.json'], ['otm', '.otm.json'], ['tm-bom', '.tmbom.json']]);

export async function runExport(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...SETTINGS_OPTIONS,
    ...IMPORT_ROOT_OPTION,
    format: { type: 'string', default: 'threat-dragon' },
    output: { type: 'string', short: 'o' },
  }, exportUsage);
  const format = values.format as string;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${format}' (expected ${FORMATS.join(', ')})`);
  if (positionals.length !== 1) throw new UsageError(`give exactly one model\nusage: ${exportUsage}`);

  const services = servicesFor(values);
  const loaded = await loadModel(services, positionals[0], io, values.root as string | undefined);
  warnAboutErrors(loaded, 'export', io);
  const analysis = analyzeModel(loaded.model);
  const options = reportOptions(services, loaded.model);
  const report = buildReport(analysis, options);
  let exported: { model: unknown; notes: string[] };
  if (format === 'otm') exported = exportOtm(report, analysis.attacks);
  else if (format === 'tm-bom') exported = exportTmBom(report, analysis.attacks);
  else exported = exportThreatDragon(analysis, report, await layoutGraph(modelGraph(analysis, { coverageFlows: options.coverageFlows, today: options.today })));
  for (const note of exported.notes) io.stderr(`tm export: ${escapeTerminal(note)}\n`);
  const text = JSON.stringify(exported.model, null, 2) + '\n';
  const target = await outputTarget(values.output as string | undefined, io.cwd);
  await writeOutput(target, `${modelStem(positionals[0])}${SUFFIX.get(format)}`, text, io, [path.resolve(io.cwd, positionals[0])]);
  return EXIT_OK;
}
