// Where a command writes its result: stdout, a file, or a folder (then the file is named after
// the model and may get companions such as the diagram's SVG).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CliIO } from './io.js';
import { UsageError } from './io.js';
import { describeFsError } from './files.js';

export type OutputTarget =
  | { kind: 'stdout' }
  | { kind: 'file'; path: string }
  | { kind: 'folder'; path: string };

/** `-o dir/` or an existing directory is a folder; any other `-o` value is a file. */
export async function outputTarget(given: string | undefined, cwd: string): Promise<OutputTarget> {
  if (given === undefined || given === '-') return { kind: 'stdout' };
  const absolute = path.resolve(cwd, given);
  if (/[\\/]$/.test(given)) return { kind: 'folder', path: absolute };
  const stat = await fs.stat(absolute).catch(() => undefined);
  return stat?.isDirectory() ? { kind: 'folder', path: absolute } : { kind: 'file', path: absolute };
}

/**
 * Writes a file, creating its folder; failures are the user's to fix (exit 2). An existing
 * model is never overwritten: `-o` naming a `.tm` file (the model itself, say) would replace
 * the user's work with a report or an import.
 */
export async function writeOutputFile(file: string, content: string | Uint8Array, io: CliIO): Promise<void> {
  if (/\.tm$/i.test(file) && await fs.lstat(file).then(() => true, () => false)) {
    throw new UsageError(`${path.relative(io.cwd, file) || file} already exists, and tm never overwrites a model: remove it first, or write elsewhere`);
  }
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  } catch (error) {
    throw new UsageError(`cannot write ${path.relative(io.cwd, file) || file}: ${describeFsError(error)}`);
  }
}

/** `payments` for `examples/payments.tm`. */
export function modelStem(modelPath: string): string {
  return path.basename(modelPath).replace(/\.tm$/i, '');
}
