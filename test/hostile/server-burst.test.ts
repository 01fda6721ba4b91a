// The real language server under a burst: bundled from server/main.ts, started with --stdio and
// driven over JSON-RPC like an editor that types fast. It must not crash, must not keep every
// version it was sent, and must end with the diagnostics of a fresh check of the final text.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { yamlAsData } from '../../scripts/node-bundle.mjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CompletionList, Diagnostic, ProtocolConnection } from 'vscode-languageserver-protocol/node';
import {
  CancellationTokenSource, CompletionRequest, ConfigurationRequest, createProtocolConnection, DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification, DocumentSymbolRequest, ExitNotification, HoverRequest, InitializedNotification, InitializeRequest,
  RegistrationRequest, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type { ModelSummary } from '../../server/protocol.js';
import { DiagramRequest, SummaryRequest } from '../../server/protocol.js';
import { check, dispose, services } from './harness.js';
import { PublishedDiagnostics } from './published-diagnostics.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'examples', 'payments.tm'), 'utf8');
/** The limit the test configures, small so a too-large file is cheap to send. */
const MAX_FILE_SIZE_MB = 1;
/** The server's settings, also applied to the in-process check the server is compared with. */
const TM_SETTINGS = { maxFileSizeMB: MAX_FILE_SIZE_MB, review: { maxAgeDays: 100_000 } };
services.settings.updateFromConfiguration(TM_SETTINGS);
/** Guards a wait for diagnostics against a hang, reporting what was published last. */
const WAIT_LIMIT_MS = 45_000;

let directory: string;
let server: ChildProcess;
let connection: ProtocolConnection;
let exitCode: number | null | undefined;
let published: PublishedDiagnostics;

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-burst-'));
  // Bundled here, like scripts/build.mjs does, so the test never runs a stale out/server.cjs.
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'server/main.ts')], outfile: path.join(directory, 'server.cjs'), bundle: true,
    platform: 'node', target: 'node20', format: 'cjs', inject: [path.join(ROOT, 'server/polyfill.mjs')], plugins: [yamlAsData], logLevel: 'error',
  });
  server = spawn(process.execPath, [path.join(directory, 'server.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  server.on('exit', code => { exitCode = code; });
  connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  published = new PublishedDiagnostics(connection, WAIT_LIMIT_MS, diagnostics => summary(diagnostics).join('\n'));
  connection.onRequest(ConfigurationRequest.type, (params: { items: Array<{ section?: string }> }) => params.items.map(item => item.section === 'tm' ? TM_SETTINGS : null));
  connection.onRequest(RegistrationRequest.type, () => undefined);
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: null, workspaceFolders: null,
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
  });
  await connection.sendNotification(InitializedNotification.type, {});
});

afterAll(async () => {
  if (exitCode === undefined) {
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
  }
  connection.dispose();
  server.kill();
  fs.rmSync(directory, { recursive: true, force: true });
});

/** Resolves once the latest diagnostics published for `uri` satisfy `accept`. */
function diagnosticsWhere(uri: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  return published.where(uri, accept);
}

/** What the editor should end up showing: the diagnostics of a fresh in-process check. */
async function freshDiagnostics(text: string): Promise<string[]> {
  const document = await check(text);
  const result = summary(document.diagnostics ?? []);
  await dispose(document);
  return result;
}

function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map(d => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`).sort();
}

function residentMegabytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/**
 * Types `count` edits into the document as fast as the connection takes them, each a small
 * change to the example (a threat's title counts up), with hovers and completions interleaved
 * and every other one cancelled. Returns the final text.
 */
async function burst(uri: string, firstVersion: number, count: number): Promise<string> {
  let text = EXAMPLE;
  const requests: Array<Promise<unknown>> = [];
  for (let i = 1; i <= count; i++) {
    text = EXAMPLE.replace('"Logged-in user reads', `"Edit ${firstVersion + i}: logged-in user reads`) + (i % 7 === 0 ? 'threat Half { on ' : '');
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: firstVersion + i }, contentChanges: [{ text }],
    });
    if (i % 10 === 0) {
      const source = new CancellationTokenSource();
      const position = { line: i % 40, character: i % 20 };
      // Hovers and completions as the user types, and the preview's diagram and the status bar's summary.
      const request = i % 50 === 0 ? connection.sendRequest(DiagramRequest, { uri }, source.token)
        : i % 40 === 0 ? connection.sendRequest(SummaryRequest, { uri }, source.token)
          : i % 20 === 0 ? connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }, source.token)
            : connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }, source.token);
      if (i % 30 === 0) source.cancel();
      // A cancelled request may be rejected; it must not take the server down.
      requests.push(request.catch(() => undefined));
    }
  }
  await Promise.all(requests);
  return text;
}

test('2 × 1,000 quick edits with interleaved and cancelled requests: no crash, bounded memory, final diagnostics as fresh', { timeout: 4 * WAIT_LIMIT_MS }, async () => {
  const uri = 'file:///burst/model.tm';
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'tm', version: 1, text: EXAMPLE } });

  const afterFirst = await burst(uri, 1, 1_000);
  const expectedFirst = await freshDiagnostics(afterFirst);
  await diagnosticsWhere(uri, diagnostics => summary(diagnostics).join('\n') === expectedFirst.join('\n'));
  const memoryAfterFirst = residentMegabytes(server.pid!);

  const afterSecond = await burst(uri, 1_001, 1_000);
  const expectedSecond = await freshDiagnostics(afterSecond);
  const final = await diagnosticsWhere(uri, diagnostics => summary(diagnostics).join('\n') === expectedSecond.join('\n'));
  const memoryAfterSecond = residentMegabytes(server.pid!);

  expect(summary(final)).toEqual(expectedSecond);
  expect(exitCode).toBeUndefined();
  // A server that kept every version would grow by as much again in the second burst.
  expect(memoryAfterSecond - memoryAfterFirst).toBeLessThan(Math.max(64, memoryAfterFirst / 2));
  // Still answering after the burst, and about the final text.
  const symbols = await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  expect(symbols?.length).toBeGreaterThan(0);
  const verdict = await connection.sendRequest<ModelSummary | null>(SummaryRequest, { uri });
  expect(verdict?.threats).toBe((afterSecond.match(/^threat /gm) ?? []).length);
  expect(await connection.sendRequest(SummaryRequest, { uri: 'file:///burst/never-opened.tm' })).toBeNull();
});

test('a file over the size limit: one file-too-large, and the server keeps answering', async () => {
  const uri = 'file:///burst/huge.tm';
  const text = `process P\n// ${'x'.repeat(MAX_FILE_SIZE_MB * 1024 * 1024)}\n`;
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'tm', version: 1, text } });
  const diagnostics = await diagnosticsWhere(uri, () => true);
  expect(diagnostics.map(d => d.code)).toEqual(['file-too-large']);
  const position = { line: 0, character: 3 };
  // The file is not parsed: nothing to hover, no symbols, and completion offers what starts an empty model.
  expect(await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position })).toBeNull();
  const completion = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }) as CompletionList | null;
  expect(completion?.items.map(item => item.label)).toEqual(expect.arrayContaining(['model', 'process', 'threat']));
  expect(await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })).toEqual([]);
  expect(await connection.sendRequest(DiagramRequest, { uri })).toMatchObject({ nodes: [] });
  expect(exitCode).toBeUndefined();
});
