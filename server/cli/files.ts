// Finding and reading model files for the CLI: directories are searched recursively for
// `*.tm`, symlink loops are followed once, links that leave the directory given are not
// followed, and every failure names its path.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { UsageError } from './io.js';
import type { ModelFileContent } from '../language/model-files.js';
import { isInside, linkLeaving, readModelFile, UnreadableModelFile } from '../language/model-files.js';

export interface InputFile {
  /** As shown to the user: the path they gave, or joined below the directory they gave. */
  displayPath: string;
  absolutePath: string;
  /**
   * The real path of the folder being checked (the directory given, or the working directory
   * for a file named directly): a symbolic link out of it is not followed. Absent for text that
   * comes from elsewhere (git).
   */
  root?: string;
  /**
   * The workspace root of the file's imports (docs/language.md §12): the directory given, or for a
   * file named directly its own directory, unless `--root` widens it.
   */
  importRoot?: string;
}

/** A file named on the command line: the folder checked is the working directory. */
export async function namedFile(given: string, cwd: string): Promise<InputFile> {
  const absolutePath = path.resolve(cwd, given);
  return { displayPath: given, absolutePath, root: await realPathOr(cwd), importRoot: path.dirname(absolutePath) };
}

/**
 * The model files of the paths given, searched recursively in directories. `importRoot`
 * (`--root`), when given, is every file's import root, and must hold them all.
 */
export async function collectModelFiles(paths: readonly string[], cwd: string, importRoot?: string): Promise<{ files: InputFile[]; errors: string[] }> {
  const files: InputFile[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch (error) {
      errors.push(`cannot read ${given}: ${describeFsError(error)}`);
      continue;
    }
    if (stat.isDirectory()) {
      await walk(given, absolute, await realPathOr(absolute), absolute, files, errors, seen);
    } else if (stat.isFile()) {
      files.push({ displayPath: given, absolutePath: absolute, root: await realPathOr(cwd), importRoot: path.dirname(absolute) });
    } else {
      // Opening a FIFO blocks until something writes to it: never open what is not a file.
      errors.push(`cannot read ${given}: not a regular file (a pipe, socket or device)`);
    }
  }
  if (importRoot === undefined) return { files, errors };
  const root = path.resolve(cwd, importRoot);
  const outside = files.find(file => !isInside(file.absolutePath, root));
  if (outside) throw new UsageError(`${outside.displayPath} is not inside --root ${importRoot}`);
  return { files: files.map(file => ({ ...file, importRoot: root })), errors };
}

async function walk(display: string, absolute: string, root: string, importRoot: string, files: InputFile[], errors: string[], seen: Set<string>): Promise<void> {
  let real: string;
  let entries;
  try {
    real = await fs.realpath(absolute);
    if (seen.has(real)) return;
    seen.add(real);
    entries = await fs.readdir(absolute, { withFileTypes: true });
  } catch (error) {
    errors.push(`cannot read directory ${display}: ${describeFsError(error)}`);
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const childDisplay = path.join(display, entry.name);
    const childAbsolute = path.join(absolute, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const real = await fs.realpath(childAbsolute);
        if (!isInside(real, root)) throw linkLeaving(real, root);
        const target = await fs.stat(real);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        errors.push(`cannot read ${childDisplay}: ${describeFsError(error)}`);
        continue;
      }
    }
    if (isDirectory) await walk(childDisplay, childAbsolute, root, importRoot, files, errors, seen);
    else if (isFile && entry.name.endsWith('.tm')) files.push({ displayPath: childDisplay, absolutePath: childAbsolute, root, importRoot });
  }
}

/** Reads a file as UTF-8 (model-files.ts); every reason it cannot be read is one usage error naming it. */
export async function readModelText(file: InputFile, maxBytes: number): Promise<ModelFileContent> {
  try {
    return await readModelFile(file.absolutePath, maxBytes, file.root);
  } catch (error) {
    throw new UsageError(`cannot read ${file.displayPath}: ${describeFsError(error)}`);
  }
}

async function realPathOr(folder: string): Promise<string> {
  return fs.realpath(folder).catch(() => path.resolve(folder));
}

export function describeFsError(error: unknown): string {
  if (error instanceof UnreadableModelFile) return error.message;
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'not a directory';
    case 'ENOSPC': return 'no space left on device';
    case 'EDQUOT': return 'disk quota exceeded';
    case 'EROFS': return 'read-only file system';
    default: return (error as Error)?.message ?? String(error);
  }
}
