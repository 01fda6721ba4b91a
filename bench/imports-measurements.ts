// Models across files in the language server: a workspace of services that each import three of
// a set of shared libraries (bench/imports-workspace.ts). What a user waits for: the initial
// index, diagnostics after an edit in a service, every dependent's diagnostics after an edit in
// the library all of them import, and hover and completion answered while those are re-checked.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { EditFigures } from './lsp-measurements.js';
import { editLatency, lineToggle } from './lsp-measurements.js';
import { LspSession } from './lsp-session.js';
import { median, timed } from './statistics.js';
import { CORE_PROCESS, writeImportsWorkspace } from './imports-workspace.js';

export interface ImportsFigures {
  /** From `initialized` until every file's diagnostics have arrived; and the server's CPU time by then. */
  initialIndex: number;
  initialIndexServerCpu: number;
  serviceEdit: EditFigures;
  /** From a library edit until every file importing the library has new diagnostics (median of `libraryEdits`). */
  libraryEdit: EditFigures;
  /** Latency of requests sent one after the other while the dependents were re-checked. */
  hoverDuringRecheck: RequestFigures;
  completionDuringRecheck: RequestFigures;
  /** The server's peak resident set size at the end. */
  peakRssMB: number;
}

export interface RequestFigures {
  median: number;
  max: number;
  count: number;
}

/** Gives up on a library edit whose dependents are not all re-checked by then. */
const RECHECK_TIMEOUT_MS = 120_000;

export async function measureImports(folder: string, serviceCount: number, libraryCount: number, serviceEdits: number, libraryEdits: number): Promise<ImportsFigures> {
  const workspace = writeImportsWorkspace(folder, serviceCount, libraryCount);
  const session = await LspSession.start(folder);
  try {
    const start = performance.now();
    await session.initialized();
    await session.diagnosticsForDocuments(serviceCount + libraryCount);
    const initialIndex = performance.now() - start;
    const initialIndexServerCpu = session.serverCpuMs();

    const serviceText = readFileSync(workspace.services[0], 'utf8');
    const serviceUri = await session.open(workspace.services[0], serviceText);
    await session.nextDiagnostics(serviceUri);
    // A control's description: no name declared or changed.
    const serviceEdit = await editLatency(session, serviceUri, lineToggle(serviceText, /^\s*authn "mutual TLS"/, line => line.replace('"mutual TLS"', '"mutual TLS 1.3"')), serviceEdits);

    const libraryText = readFileSync(workspace.core, 'utf8');
    const libraryUri = await session.open(workspace.core, libraryText);
    await session.nextDiagnostics(libraryUri);
    // The privilege of the process every service's flows reach: what the services' checks read.
    const libraryToggle = lineToggle(libraryText, new RegExp(`^\\s*process ${CORE_PROCESS} `), line => line.replace('privilege service', 'privilege user'));
    const dependents = workspace.services.map(file => pathToFileURL(file).toString());
    const serviceLines = serviceText.split('\n');
    const referenceLine = serviceLines.findIndex(line => line.includes(`-> ${CORE_PROCESS} `));
    const onLine = serviceLines.findIndex(line => /^\s*on /.test(line));
    const hover = () => session.hover(serviceUri, { line: referenceLine, character: serviceLines[referenceLine].indexOf(CORE_PROCESS) + 1 });
    const completion = () => session.completion(serviceUri, { line: onLine, character: serviceLines[onLine].indexOf('on ') + 3 });
    await hover();
    await completion();

    const wallTimes: number[] = [];
    const cpuTimes: number[] = [];
    const hovers: number[] = [];
    const completions: number[] = [];
    // One more edit than measured: the first warms the server's code.
    for (let i = 0; i <= libraryEdits; i++) {
      const before = libraryToggle.versions[i % 2];
      const after = libraryToggle.versions[(i + 1) % 2];
      const rechecked = session.nextDiagnosticsOfEach(dependents);
      let done = false;
      const cpuStart = session.serverCpuMs();
      const editStart = performance.now();
      await session.replaceLine(libraryUri, libraryToggle.line, before.length, after);
      // Requests one after the other, as a user hovering and typing does, until the re-check ends.
      const requests = (async () => {
        while (!done) {
          const hoverTime = await timed(hover);
          const completionTime = await timed(completion);
          if (i > 0) {
            hovers.push(hoverTime);
            completions.push(completionTime);
          }
        }
      })();
      try {
        await Promise.race([rechecked, timeout(RECHECK_TIMEOUT_MS, `not every dependent of ${workspace.core} was re-checked`)]);
      } finally {
        done = true;
      }
      if (i > 0) {
        wallTimes.push(performance.now() - editStart);
        cpuTimes.push(session.serverCpuMs() - cpuStart);
      }
      await requests;
    }
    return {
      initialIndex, initialIndexServerCpu, serviceEdit,
      libraryEdit: { wallMs: median(wallTimes), serverCpuMs: median(cpuTimes) },
      hoverDuringRecheck: requestFigures(hovers),
      completionDuringRecheck: requestFigures(completions),
      peakRssMB: session.serverPeakRssMB(),
    };
  } finally {
    await session.stop();
  }
}

function requestFigures(times: readonly number[]): RequestFigures {
  return { median: times.length > 0 ? median(times) : NaN, max: Math.max(...times), count: times.length };
}

function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms).unref());
}
