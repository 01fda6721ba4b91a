// A repository's team packs on disk (docs/catalogue.md, Team packs): the nearest `.tm/catalogue/`
// folder above a model, up to the repository's root. The files come from a cloned repository:
// they are read as model files are (model-files.ts: bounded, never a pipe or a device, never
// through a link that leaves the repository), and nothing in them is run.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { isInside, readModelFile, UnreadableModelFile } from '../language/model-files.js';
import type { PackFile } from './pack.js';
import { readPackFile } from './pack.js';

/** The folder of team packs, relative to a repository (or any folder above the models). */
export const TEAM_PACK_FOLDER = path.join('.tm', 'catalogue');
/** The names a pack file may have in it; others (a README) are left alone. */
export const TEAM_PACK_FILE = /\.(ya?ml|json)$/i;
/** More files than this in the folder are not read: a hostile repository cannot make a check read thousands. */
export const MAX_TEAM_PACK_FILES = 100;
/**
 * Bytes (and characters) in one team pack file: parsing YAML costs about 1 s per MB on an idle
 * machine, and a team's pack is read before its models are checked and at each edit of it in
 * the editor. 256 KB holds several hundred entries with their descriptions.
 */
export const MAX_TEAM_PACK_SIZE = 256 * 1024;

/** Reads a team pack's text; the language server's keeps the last result of each file (`parsedOnce`). */
export type PackParser = (text: string, file: string) => PackFile;

export function parseTeamPack(text: string, file: string): PackFile {
  return readPackFile(text, file, 'team', MAX_TEAM_PACK_SIZE);
}

/**
 * A parser that parses a file again only when its text changed: an edit of one pack in a folder
 * of many reads the others from memory.
 */
export function parsedOnce(): PackParser {
  const parsed = new Map<string, PackFile>();
  return (text, file) => {
    const known = parsed.get(file);
    if (known?.text === text) return known;
    const fresh = parseTeamPack(text, file);
    parsed.set(file, fresh);
    return fresh;
  };
}

/**
 * The `.tm/catalogue` folder that applies to the models in `directory`: the nearest one in it or
 * a folder above it, searching no higher than the first folder that holds `.git` (the repository's root).
 */
export async function findTeamPackFolder(directory: string): Promise<string | undefined> {
  for (let current = path.resolve(directory); ; current = path.dirname(current)) {
    const folder = path.join(current, TEAM_PACK_FOLDER);
    if (await isDirectory(folder)) return folder;
    if (await exists(path.join(current, '.git')) || path.dirname(current) === current) return undefined;
  }
}

/** The repository folder a `.tm/catalogue` folder belongs to. */
export function repositoryOf(folder: string): string {
  return path.dirname(path.dirname(folder));
}

/**
 * Reads every pack file of `folder` in name order, the text of a file open in an editor taken
 * from `openText` instead of the disk. A file that cannot be read is a pack with one problem.
 */
export async function readTeamPacks(folder: string, openText: (file: string) => string | undefined = () => undefined, parse: PackParser = parseTeamPack): Promise<PackFile[]> {
  const repository = repositoryOf(folder);
  const problemFile = (file: string, message: string): PackFile => ({ source: file, role: 'team', version: undefined, records: [], problems: [{ source: file, line: 1, message }] });
  let names: string[];
  try {
    const realRepository = await fs.realpath(repository);
    const realFolder = await fs.realpath(folder);
    if (!isInside(realFolder, realRepository)) return [problemFile(folder, `${TEAM_PACK_FOLDER} is a link to ${realFolder}, outside ${realRepository}: tm does not read packs outside the repository`)];
    names = (await fs.readdir(folder, { withFileTypes: true })).filter(entry => TEAM_PACK_FILE.test(entry.name) && !entry.isDirectory()).map(entry => entry.name).sort();
  } catch (error) {
    return [problemFile(folder, `cannot read the folder: ${describeError(error)}`)];
  }
  const files: PackFile[] = [];
  if (names.length > MAX_TEAM_PACK_FILES) {
    files.push(problemFile(folder, `the folder has ${names.length} pack files, more than the ${MAX_TEAM_PACK_FILES} tm reads; only the first ${MAX_TEAM_PACK_FILES} by name are read`));
    names = names.slice(0, MAX_TEAM_PACK_FILES);
  }
  for (const name of names) {
    const file = path.join(folder, name);
    const open = openText(file);
    if (open !== undefined) {
      files.push(parse(open, file));
      continue;
    }
    try {
      const content = await readModelFile(file, MAX_TEAM_PACK_SIZE, repository);
      files.push('text' in content ? parse(content.text, file) : problemFile(file, `the pack has ${content.tooLarge} bytes, more than the ${MAX_TEAM_PACK_SIZE} a team pack may have`));
    } catch (error) {
      files.push(problemFile(file, `cannot read the pack: ${describeError(error)}`));
    }
  }
  return files;
}

async function isDirectory(file: string): Promise<boolean> {
  return fs.stat(file).then(stat => stat.isDirectory(), () => false);
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(() => true, () => false);
}

function describeError(error: unknown): string {
  if (error instanceof UnreadableModelFile) return error.message;
  return (error as NodeJS.ErrnoException)?.code ?? String(error);
}
