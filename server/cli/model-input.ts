// Reads one model for the commands that turn a model into something else (report, export,
// diff): the same parse and checks as `tm check`, so the output describes what the editor shows.
import type { Model } from '../language/generated/ast.js';
import type { TmServiceSet } from '../language/tm-module.js';
import type { CliIO } from './io.js';
import { UsageError } from './io.js';
import type { CheckedFile } from './load.js';
import { checkFile } from './load.js';
import { namedFile } from './files.js';
import { escapeTerminal } from '../escape/terminal.js';
import type { ReportOptions } from '../report/build-report.js';

export interface LoadedModel extends CheckedFile {
  model: Model;
}

export async function loadModel(services: TmServiceSet, given: string, io: CliIO): Promise<LoadedModel> {
  const checked = await checkFile(services, await namedFile(given, io.cwd));
  if (!checked.model) throw new UsageError(`${given} is larger than the maximum size (--max-size) and was not read`);
  return checked as LoadedModel;
}

/** A model with errors still yields output (what parsed), with one line on stderr saying so. */
export function warnAboutErrors(loaded: CheckedFile, command: string, io: CliIO): void {
  const errors = loaded.diagnostics.filter(diagnostic => diagnostic.severity === 1).length;
  if (errors > 0) {
    const shown = escapeTerminal(loaded.file.displayPath);
    io.stderr(`tm ${command}: ${shown} has ${errors} error${errors === 1 ? '' : 's'}; the output shows only what parsed (run tm check ${shown})\n`);
  }
}

/** The settings, and the catalogue of the model's own repository (its team packs over the default pack). */
export function reportOptions(services: TmServiceSet, model?: LoadedModel['model']): ReportOptions {
  const settings = services.Tm.settings;
  const uri = model?.$document?.uri;
  const catalogue = uri ? services.shared.workspace.Catalogues.of(uri).pack : undefined;
  return { today: settings.today, reviewMaxAgeDays: settings.options.reviewMaxAgeDays, coverageFlows: settings.options.coverageFlows, catalogue };
}
