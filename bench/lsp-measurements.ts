// What a user of the editor waits for: diagnostics after a keystroke, completion, hover, and
// in a large workspace the initial indexing. Every figure is a median.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LspSession } from './lsp-session.js';
import { median, timed } from './statistics.js';
import { syntheticModel, toTmText } from './synthetic-model.js';

/** Medians per edit: wall time until the diagnostics arrive, and the server's CPU time for it. */
export interface EditFigures {
  wallMs: number;
  serverCpuMs: number;
}

export interface EditingFigures {
  bodyEdit: EditFigures;
  declarationEdit: EditFigures;
  completion: number;
  hover: number;
}

/** A one-line edit that toggles between two versions of the same line. */
export interface LineToggle {
  line: number;
  versions: [string, string];
}

export function lineToggle(text: string, pattern: RegExp, edit: (line: string) => string): LineToggle {
  const lines = text.split('\n');
  const line = lines.findIndex(candidate => pattern.test(candidate));
  if (line < 0) throw new Error(`no line matches ${pattern}`);
  return { line, versions: [lines[line], edit(lines[line])] };
}

/** A control's description changes: no name is declared, renamed or removed. */
function bodyEdit(text: string): LineToggle {
  return lineToggle(text, /^\s*authn "mutual TLS"/, line => line.replace('"mutual TLS"', '"mutual TLS 1.3"'));
}

/** A process is renamed, so the flows and threats that name it no longer resolve, and back. */
function declarationEdit(text: string): LineToggle {
  return lineToggle(text, /^\s*process P3 /, line => line.replace('process P3 ', 'process P3x '));
}

/** From a one-line didChange to the diagnostics published for it. */
export async function editLatency(session: LspSession, uri: string, toggle: LineToggle, edits: number): Promise<EditFigures> {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  // One more edit than measured: the first one after opening also warms the server's code.
  for (let i = 0; i <= edits; i++) {
    const before = toggle.versions[i % 2];
    const after = toggle.versions[(i + 1) % 2];
    const published = session.nextDiagnostics(uri);
    const cpuStart = session.serverCpuMs();
    const start = performance.now();
    await session.replaceLine(uri, toggle.line, before.length, after);
    await published;
    if (i > 0) {
      times.push(performance.now() - start);
      cpuTimes.push(session.serverCpuMs() - cpuStart);
    }
  }
  // An even number of toggles leaves the text as it was opened.
  if ((edits + 1) % 2 === 1) await session.replaceLine(uri, toggle.line, toggle.versions[1].length, toggle.versions[0]);
  return { wallMs: median(times), serverCpuMs: median(cpuTimes) };
}

export async function requestLatency(requests: number, request: () => Promise<unknown>): Promise<number> {
  await request();
  const times: number[] = [];
  for (let i = 0; i < requests; i++) times.push(await timed(request));
  return median(times);
}

/** One model open in a workspace of its own. */
export async function measureEditing(folder: string, file: string, text: string, edits: number, requests: number): Promise<EditingFigures> {
  const session = await LspSession.start(folder);
  try {
    await session.initialized();
    const uri = await session.open(file, text);
    await session.diagnosticsForDocuments(1);
    const lines = text.split('\n');
    const onLine = lines.findIndex(line => /^\s*on P0, /.test(line));
    const declarationLine = lines.findIndex(line => /^\s*process P0 /.test(line));
    const figures: EditingFigures = {
      bodyEdit: await editLatency(session, uri, bodyEdit(text), edits),
      declarationEdit: await editLatency(session, uri, declarationEdit(text), edits),
      // After `on `: every element and flow is a candidate.
      completion: await requestLatency(requests, () => session.completion(uri, { line: onLine, character: lines[onLine].indexOf('on ') + 3 })),
      hover: await requestLatency(requests, () => session.hover(uri, { line: declarationLine, character: lines[declarationLine].indexOf('P0') + 1 })),
    };
    return figures;
  } finally {
    await session.stop();
  }
}

export interface WorkspaceFigures {
  openFileDiagnostics: number;
  /** The server's CPU time from its start until the open file's diagnostics arrived. */
  openFileServerCpu: number;
  allPublished: number;
  /** The server's CPU time from its start until every file's diagnostics arrived. */
  allPublishedServerCpu: number;
  edit: EditFigures;
}

const WORKSPACE_FILE_ELEMENTS = 50;

/**
 * A folder of `fileCount` models opened as the workspace root, and one of them opened right
 * after the `initialized` notification. From that notification: until the open file's
 * diagnostics arrive, and until every file's have (the initial index: every file parsed,
 * linked and validated).
 */
export async function measureWorkspace(folder: string, fileCount: number, edits: number, repeats: number): Promise<WorkspaceFigures> {
  mkdirSync(folder, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < fileCount; i++) {
    const file = join(folder, `model-${i}.tm`);
    writeFileSync(file, toTmText(syntheticModel(WORKSPACE_FILE_ELEMENTS, `Service ${i}`)));
    files.push(file);
  }
  const openText = toTmText(syntheticModel(WORKSPACE_FILE_ELEMENTS, 'Service 0'));
  const openFile: number[] = [];
  const openFileCpu: number[] = [];
  const allPublished: number[] = [];
  const allPublishedCpu: number[] = [];
  const editRuns: EditFigures[] = [];
  for (let run = 0; run < repeats; run++) {
    const session = await LspSession.start(folder);
    try {
      const start = performance.now();
      await session.initialized();
      const uri = await session.open(files[0], openText);
      await session.nextDiagnostics(uri);
      openFile.push(performance.now() - start);
      openFileCpu.push(session.serverCpuMs());
      await session.diagnosticsForDocuments(fileCount);
      allPublished.push(performance.now() - start);
      allPublishedCpu.push(session.serverCpuMs());
      editRuns.push(await editLatency(session, uri, bodyEdit(openText), edits));
    } finally {
      await session.stop();
    }
  }
  const edit = { wallMs: median(editRuns.map(each => each.wallMs)), serverCpuMs: median(editRuns.map(each => each.serverCpuMs)) };
  return {
    openFileDiagnostics: median(openFile), openFileServerCpu: median(openFileCpu),
    allPublished: median(allPublished), allPublishedServerCpu: median(allPublishedCpu), edit,
  };
}
