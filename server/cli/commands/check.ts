// `tm check <file|dir>... [--format text|json|sarif] [--strict] [--coverage crossing|all|none]`
import type { CliIO } from '../io.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from '../io.js';
import { collectModelFiles } from '../files.js';
import type { CheckedFile } from '../load.js';
import { checkFiles, teamPackResults } from '../load.js';
import { formatJson, formatText } from '../format.js';
import { formatSarif } from '../sarif.js';
import { escapeTerminal } from '../../escape/terminal.js';
import { parseCommandArgs, SETTINGS_OPTIONS, servicesFor } from '../options.js';

const FORMATS: Record<string, (results: readonly CheckedFile[], cwd: string) => string> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
};

export const checkUsage = 'tm check <file|dir>... [--format text|json|sarif] [--strict] [--coverage crossing|all|none] [--review-max-age DAYS] [--today YYYY-MM-DD] [--max-size MB] [--root DIR]';

export async function runCheck(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...SETTINGS_OPTIONS,
    format: { type: 'string', default: 'text' },
    strict: { type: 'boolean', default: false },
    root: { type: 'string' },
  }, checkUsage);
  const format = FORMATS[values.format as string];
  if (!format) throw new UsageError(`unknown format '${String(values.format)}' (expected ${Object.keys(FORMATS).join(', ')})`);
  if (positionals.length === 0) throw new UsageError(`no model given\nusage: ${checkUsage}`);

  const services = servicesFor(values);
  const { files, errors } = await collectModelFiles(positionals, io.cwd, values.root as string | undefined);
  const results = await checkFiles(services, files, error => errors.push(error.message));
  results.push(...await teamPackResults(services, results, io.cwd));
  io.stdout(format(results, io.cwd));
  for (const error of errors) io.stderr(`tm: ${escapeTerminal(error)}\n`);
  if (errors.length > 0) return EXIT_USAGE;
  const failing = values.strict ? [1, 2] : [1];
  const failed = results.some(result => result.diagnostics.some(d => failing.includes(d.severity ?? 1)));
  return failed ? EXIT_FINDINGS : EXIT_OK;
}
