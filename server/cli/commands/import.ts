// `tm import <model> [--from format] [-o file.tm] [--report out.json]`: a Threat Dragon, OTM,
// TM-BOM, Threagile or pytm model as a .tm file. What did not fit is said on stderr (a summary),
// in the file (a comment at the declaration) and, with --report, in a JSON list.
import * as path from 'node:path';
import type { CliIO } from '../io.js';
import { EXIT_OK, UsageError } from '../io.js';
import { parseCommandArgs } from '../options.js';
import { describeFsError } from '../files.js';
import { outputTarget, writeOutput } from '../output.js';
import type { ImportFormat, ModelImport } from '../../interchange/import-model.js';
import { IMPORT_FORMATS, ImportError, importModel, isImportFormat, MAX_IMPORT_BYTES } from '../../interchange/import-model.js';
import type { ImportReportEntry } from '../../interchange/tm-writer.js';
import { escapeTerminal } from '../../escape/terminal.js';
import { readModelFile } from '../../language/model-files.js';

export const importUsage = `tm import <model.json|model.yaml> [--from ${IMPORT_FORMATS.join('|')}] [-o file.tm|folder/] [--report report.json]`;

const FORMAT_NAMES: ReadonlyMap<ImportFormat, string> = new Map<ImportFormat, string>([
  ['threat-dragon', 'Threat Dragon v2'], ['otm', 'Open Threat Model'], ['tm-bom', 'TM-BOM'], ['threagile', 'Threagile'], ['pytm-json', 'pytm JSON'],
]);

/** Lines of detail on stderr before the rest is only counted (the file and --report have all of it). */
const STDERR_DETAIL_LINES = 20;

export async function runImport(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    from: { type: 'string' },
    output: { type: 'string', short: 'o' },
    report: { type: 'string' },
  }, importUsage);
  if (positionals.length !== 1) throw new UsageError(`give exactly one model to import\nusage: ${importUsage}`);
  const from = values.from as string | undefined;
  if (from !== undefined && !isImportFormat(from)) throw new UsageError(`unknown format '${from}' for --from (expected ${IMPORT_FORMATS.join(', ')})`);
  const given = positionals[0];
  const text = await readImportText(given, io.cwd);
  let imported: ModelImport;
  try {
    imported = importModel(text, { from });
  } catch (error) {
    if (error instanceof ImportError) throw new UsageError(`${given}: ${error.message}`);
    throw error;
  }
  const target = await outputTarget(values.output as string | undefined, io.cwd);
  const input = path.resolve(io.cwd, given);
  await writeOutput(target, `${importedStem(given)}.tm`, imported.text, io, [input]);
  const report = values.report as string | undefined;
  if (report !== undefined) {
    const entries = JSON.stringify({ source: given, format: imported.format, entries: imported.report }, null, 2) + '\n';
    await writeOutput(await outputTarget(report, io.cwd), 'import-report.json', entries, io, [input]);
  }
  // After the writes: a refused or failed write is the one line on stderr.
  writeSummary(given, imported, io);
  return EXIT_OK;
}

/** The file's text, read as model files are (server/language/model-files.ts), refused past the import limit. */
async function readImportText(given: string, cwd: string): Promise<string> {
  let content;
  try {
    content = await readModelFile(path.resolve(cwd, given), MAX_IMPORT_BYTES);
  } catch (error) {
    throw new UsageError(`cannot read ${given}: ${describeFsError(error)}`);
  }
  if ('tooLarge' in content) throw new UsageError(`${given} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB, the most tm import reads`);
  return content.text;
}

function writeSummary(given: string, imported: ModelImport, io: CliIO): void {
  const declarations = imported.report.filter(entry => entry.detail === undefined && entry.declaration !== undefined);
  const details = imported.report.filter(entry => entry.detail !== undefined);
  const approximated = declarations.filter(entry => entry.status === 'approximated').length;
  const leftOut = details.filter(entry => entry.status === 'left-out').length;
  io.stderr(`tm import: ${given} read as ${FORMAT_NAMES.get(imported.format)}: ${declarations.length} declaration${declarations.length === 1 ? '' : 's'}`
    + ` (${approximated} approximated), ${leftOut} item${leftOut === 1 ? '' : 's'} left out\n`);
  // Names and texts come from the file: one line each, as the terminal escaping makes them.
  for (const entry of details.slice(0, STDERR_DETAIL_LINES)) io.stderr(`tm import: ${escapeTerminal(describeEntry(entry))}\n`);
  if (details.length > STDERR_DETAIL_LINES) {
    io.stderr(`tm import: … and ${details.length - STDERR_DETAIL_LINES} more (each is a comment in the file; --report lists them all)\n`);
  }
}

function describeEntry(entry: ImportReportEntry): string {
  const at = entry.declaration !== undefined ? ` (${entry.declaration})` : '';
  return `${entry.status === 'left-out' ? 'left out' : 'approximated'}: ${entry.source === 'the model' ? '' : `${entry.source}${at}: `}${entry.detail}`;
}

/** `model` for `model.json`, `model.otm.yaml`, `threagile.yml`. */
function importedStem(given: string): string {
  return path.basename(given).replace(/(\.(otm|tmbom|cdx))?\.(json|ya?ml)$/i, '') || 'imported';
}
