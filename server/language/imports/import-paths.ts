// Where an `import` path leads, decided on the text alone (docs/language.md §12): relative to the
// importing file, `/` separators, ending `.tm`, inside the workspace root; and, on the disk, why a
// path that leads nowhere readable does not (without reading anything outside the root).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { isInside } from '../model-files.js';

export type ImportProblem = { code: 'missing-import' | 'invalid-import'; message: string };

const URL_LIKE = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** The absolute path an import names, or why it names none tm may read. `root` and `importer` are absolute paths. */
export function importTargetPath(importer: string, written: string, root: string): { path: string } | { problem: ImportProblem } {
  const invalid = (message: string) => ({ problem: { code: 'invalid-import' as const, message } });
  if (written.trim() === '') return invalid('The import names no file: write the path of a .tm file relative to this one, e.g. `import "platform/idp.tm"`.');
  if (URL_LIKE.test(written) || written.startsWith('//')) return invalid(`"${written}" is a URL or names a drive: an import names a file of the workspace, relative to this one.`);
  if (written.startsWith('/') || written.startsWith('\\')) return invalid(`"${written}" is an absolute path: write it relative to this file, so that the model reads the same on every machine.`);
  if (written.includes('\\')) return invalid(`"${written}" separates folders with a backslash: write \`/\`, so that the model reads the same on every system.`);
  if (!written.endsWith('.tm')) return invalid(`"${written}" is not a .tm file: an import names another model file.`);
  const target = path.resolve(path.dirname(importer), ...written.split('/'));
  if (!isInside(target, root)) return invalid(`"${written}" leads out of the workspace root (${root}): tm reads no file outside it. Move the library inside, or check from a folder that holds both.`);
  if (target === importer) return invalid('A file cannot import itself: remove this import.');
  return { path: target };
}

/**
 * Whether an import's file may be read, or why not: a symbolic link leaving the root, a name that
 * differs from the file on disk only in case, a directory, a pipe or device, or nothing there.
 * Reads only directory entries and file types, and only inside the root.
 */
export async function inspectImportTarget(target: string, root: string, written: string): Promise<'readable' | ImportProblem> {
  const missing = (why: string) => ({ code: 'missing-import' as const, message: `"${written}" ${why}: the import brings in nothing.` });
  const onDisk = await caseOnDisk(root, target);
  if (onDisk !== undefined && onDisk !== path.relative(root, target)) {
    return { code: 'invalid-import', message: `"${written}" differs only in case from ${onDisk.split(path.sep).join('/')} on disk: write the name exactly as the file is named, so that the model reads the same on case-sensitive systems.` };
  }
  try {
    const realRoot = await fs.realpath(root).catch(() => root);
    const real = await fs.realpath(target);
    if (!isInside(real, realRoot)) return { code: 'invalid-import', message: `"${written}" is a symbolic link to ${real}, outside the workspace root: tm reads no file outside it.` };
    const stat = await fs.stat(real);
    if (stat.isDirectory()) return missing('is a directory');
    if (!stat.isFile()) return missing('is not a regular file (a pipe, socket or device)');
    return 'readable';
  } catch {
    return missing('does not exist');
  }
}

/** Why an import's file is not among the workspace's documents (the editor's, or those the CLI read). */
export async function describeMissing(target: string, root: string, written: string): Promise<ImportProblem> {
  const verdict = await inspectImportTarget(target, root, written);
  return verdict !== 'readable' ? verdict : { code: 'missing-import', message: `"${written}" is not one of the workspace's model files (tm does not read hidden folders or node_modules): the import brings in nothing.` };
}

/** The path of `target` below `root` as the directories spell it (matching case-insensitively), or undefined where no entry matches. */
async function caseOnDisk(root: string, target: string): Promise<string | undefined> {
  const found: string[] = [];
  let folder = root;
  for (const part of path.relative(root, target).split(path.sep)) {
    let names: string[];
    try {
      names = await fs.readdir(folder);
    } catch {
      return undefined;
    }
    const name = names.includes(part) ? part : names.find(entry => entry.toLowerCase() === part.toLowerCase());
    if (name === undefined) return undefined;
    found.push(name);
    folder = path.join(folder, name);
  }
  return found.join(path.sep);
}
