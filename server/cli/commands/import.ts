// `tm import <model.json> [-o file.tm]`: a Threat Dragon v2 model as a .tm file.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CliIO } from '../io.js';
import { EXIT_OK, UsageError } from '../io.js';
import { parseCommandArgs } from '../options.js';
import { describeFsError } from '../files.js';
import { outputTarget, writeOutput } from '../output.js';
import { escapeTerminal } from '../../escape/terminal.js';
import { ImportError, importThreatDragon } from '../../interchange/threat-dragon-import.js';

export const importUsage = 'tm import <threat-dragon-model.json> [-o file.tm|folder/]';

export async function runImport(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { output: { type: 'string', short: 'o' } }, importUsage);
  if (positionals.length !== 1) throw new UsageError(`give exactly one Threat Dragon model\nusage: ${importUsage}`);
  const given = positionals[0];
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(path.resolve(io.cwd, given), 'utf8'));
  } catch (error) {
    throw new UsageError(error instanceof SyntaxError ? `${given} is not JSON: ${error.message}` : `cannot read ${given}: ${describeFsError(error)}`);
  }
  let imported;
  try {
    imported = importThreatDragon(json);
  } catch (error) {
    if (error instanceof ImportError) throw new UsageError(`${given}: ${error.message}`);
    throw error;
  }
  for (const note of imported.notes) io.stderr(`tm import: ${escapeTerminal(note)}\n`);
  const target = await outputTarget(values.output as string | undefined, io.cwd);
  await writeOutput(target, `${path.basename(given).replace(/\.json$/i, '')}.tm`, imported.text, io, [path.resolve(io.cwd, given)]);
  return EXIT_OK;
}
