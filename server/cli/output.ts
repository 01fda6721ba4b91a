// Where a command writes its result: stdout, a file, or a folder (then the file is named after
// the model and may get companions such as the diagram's SVG). Every file any command writes
// goes through writeOutputFile, which never destroys anything: not through a symbolic link, not
// over an input or a model, and never a half-written file (a temporary file is renamed over the
// target only once complete).
import { randomBytes } from 'node:crypto';
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

/** The result on stdout, or in the file `-o` names, or named `nameInFolder` in the folder it names. */
export async function writeOutput(target: OutputTarget, nameInFolder: string, content: string, io: CliIO, inputs: readonly string[]): Promise<void> {
  if (target.kind === 'stdout') io.stdout(content);
  else await writeOutputFile(target.kind === 'folder' ? path.join(target.path, nameInFolder) : target.path, content, io, inputs);
}

/**
 * Writes `content` to `file`, creating its folder. Refused (exit 2, one line): a symbolic link
 * (writing through it would change whatever it points to), the same file as one of `inputs`
 * (same device and inode, whatever the names), an existing `.tm` model. A failed write (full
 * disk, read-only folder) leaves the previous file as it was and no temporary file behind.
 */
export async function writeOutputFile(file: string, content: string | Uint8Array, io: CliIO, inputs: readonly string[]): Promise<void> {
  const shown = path.relative(io.cwd, file) || file;
  const existing = await fs.lstat(file).catch(() => undefined);
  if (existing?.isSymbolicLink()) {
    throw new UsageError(`${shown} is a symbolic link, and tm never writes through one: remove it first, or write elsewhere`);
  }
  if (existing && /\.tm$/i.test(file)) {
    throw new UsageError(`${shown} already exists, and tm never overwrites a model: remove it first, or write elsewhere`);
  }
  for (const input of existing ? inputs : []) {
    const stat = await fs.stat(input).catch(() => undefined);
    if (stat && stat.dev === existing!.dev && stat.ino === existing!.ino) {
      throw new UsageError(`${shown} is the input ${path.relative(io.cwd, input) || input}, and tm never writes over its input: write elsewhere`);
    }
  }
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    // `wx`: created here, so never an existing file or a link someone planted.
    await fs.writeFile(temporary, content, { flag: 'wx' });
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw new UsageError(`cannot write ${shown}: ${describeFsError(error)}`);
  }
}

/** `payments` for `examples/payments.tm`. */
export function modelStem(modelPath: string): string {
  return path.basename(modelPath).replace(/\.tm$/i, '');
}
