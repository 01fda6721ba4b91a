// Reading a model file from a repository someone else wrote, for the CLI (`tm check`, the
// commands that read a model, `tm import`) and the language server alike: at most the size limit plus one chunk whatever `stat` says (files in /proc report 0),
// never a pipe or a device (opening one can block for ever), and never through a symbolic link
// that leads out of the folder being checked.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export type ModelFileContent = { text: string } | { tooLarge: number };

/** Why a model file was not read: one line for the user, without the path (the caller names it). */
export class UnreadableModelFile extends Error {}

// Absent on Windows, where neither a FIFO nor a controlling terminal can be opened by accident.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);
const CHUNK_BYTES = 1024 * 1024;
const MIN_CHUNK_BYTES = 64 * 1024;

/**
 * Reads `absolutePath` as UTF-8 (invalid bytes become U+FFFD, a leading byte-order mark is
 * dropped so columns on line 1 count from the first character). `root`, when given, is the real
 * path of the folder being checked: a path that goes through a symbolic link must end inside it.
 * Errors of the file system are thrown as they are (describeFsError words them).
 */
export async function readModelFile(absolutePath: string, maxBytes: number, root?: string): Promise<ModelFileContent> {
  if (root !== undefined) await refuseLinkLeaving(absolutePath, root);
  const handle = await fs.open(absolutePath, OPEN_FLAGS);
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new UnreadableModelFile('is a directory');
    if (!stat.isFile()) throw new UnreadableModelFile('not a regular file (a pipe, socket or device)');
    if (stat.size > maxBytes) return { tooLarge: stat.size };
    // Whole chunks (a multiple of 8 bytes, as some /proc files require), until past the limit.
    const chunkBytes = Math.min(CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, stat.size + 1));
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= maxBytes) {
      const chunk = Buffer.allocUnsafe(chunkBytes);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    if (total > maxBytes) return { tooLarge: total };
    return { text: withoutByteOrderMark(Buffer.concat(chunks, total).toString('utf8')) };
  } finally {
    await handle.close();
  }
}

/** A text as an editor shows it: without the UTF-8 byte-order mark, which is no character of the model. */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Throws when `absolutePath` is, or passes through, a symbolic link whose target lies outside `root`. */
async function refuseLinkLeaving(absolutePath: string, root: string): Promise<void> {
  const real = await fs.realpath(absolutePath);
  if (real !== path.resolve(absolutePath) && !isInside(real, root)) throw linkLeaving(real, root);
}

export function linkLeaving(real: string, root: string): UnreadableModelFile {
  return new UnreadableModelFile(`a symbolic link to ${real}, outside ${root}: tm does not follow links that leave the folder it checks`);
}

export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}
