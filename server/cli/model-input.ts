// Reads one model for the commands that turn a model into something else (report, dfd, export,
// diff): the same parse and checks as `tm check`, so the output describes what the editor shows,
// and the same imports (docs/language.md §12): the model's composed model is what they write.
import * as path from 'node:path';
import type { Model } from '../language/generated/ast.js';
import type { TmServiceSet } from '../language/tm-module.js';
import type { CliIO } from './io.js';
import { UsageError } from './io.js';
import type { CheckedFile } from './load.js';
import { checkFile } from './load.js';
import type { InputFile } from './files.js';
import { namedFile } from './files.js';
import { isInside } from '../language/model-files.js';
import { escapeTerminal } from '../escape/terminal.js';
import type { ReportOptions } from '../report/build-report.js';

export interface LoadedModel extends CheckedFile {
  model: Model;
}

/** `--root DIR`: where a model's imports may be read from, as for `tm check` (its own directory by default). */
export const IMPORT_ROOT_OPTION = { root: { type: 'string' } } as const;
export const IMPORT_ROOT_USAGE = '[--root DIR]';

export async function loadModel(services: TmServiceSet, given: string, io: CliIO, importRoot?: string): Promise<LoadedModel> {
  const checked = await checkFile(services, withImportRoot(await namedFile(given, io.cwd), importRoot, io.cwd));
  if (!checked.model) throw new UsageError(`${given} is larger than the maximum size (--max-size) and was not read`);
  return checked as LoadedModel;
}

/** The file with `--root` as the root of its imports, which must hold it. */
export function withImportRoot(file: InputFile, importRoot: string | undefined, cwd: string): InputFile {
  if (importRoot === undefined) return file;
  const root = path.resolve(cwd, importRoot);
  if (!isInside(file.absolutePath, root)) throw new UsageError(`${file.displayPath} is not inside --root ${importRoot}`);
  return { ...file, importRoot: root };
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
