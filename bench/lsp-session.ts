// A real LSP client driving `node out/server.cjs --stdio`, as an editor does: it opens a
// workspace folder, opens documents, sends one-line edits and waits for the diagnostics the
// server publishes for them.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProtocolConnection, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import {
  CompletionRequest, createProtocolConnection, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification,
  ExitNotification, HoverRequest, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification,
  ShutdownRequest, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type { Position } from 'vscode-languageserver-protocol';

const SERVER = join(process.cwd(), 'out', 'server.cjs');

export class LspSession {
  private readonly versions = new Map<string, number>();
  private readonly waiting = new Map<string, Array<(params: PublishDiagnosticsParams) => void>>();
  /** Every document the server has published diagnostics for. */
  readonly published = new Set<string>();
  private readonly publishListeners = new Set<(uri: string) => void>();

  private constructor(private readonly server: ChildProcess, private readonly connection: ProtocolConnection) {
    connection.onNotification(PublishDiagnosticsNotification.type, params => {
      this.published.add(params.uri);
      for (const listener of [...this.publishListeners]) listener(params.uri);
      const waiters = this.waiting.get(params.uri) ?? [];
      this.waiting.delete(params.uri);
      for (const resolve of waiters) resolve(params);
    });
  }

  /** Starts the server and initializes it with `folder` as the workspace root; `initialized` is not sent yet. */
  static async start(folder: string): Promise<LspSession> {
    const server = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    connection.listen();
    const session = new LspSession(server, connection);
    const rootUri = pathToFileURL(folder).toString();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: { textDocument: { publishDiagnostics: {}, completion: { completionItem: { snippetSupport: true } }, hover: {} } },
    });
    return session;
  }

  initialized(): Promise<void> {
    return this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Resolves with the next diagnostics published for `uri`. */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    return new Promise(resolve => {
      const waiters = this.waiting.get(uri) ?? [];
      waiters.push(resolve);
      this.waiting.set(uri, waiters);
    });
  }

  /** Resolves once diagnostics have been published for `count` distinct documents. */
  diagnosticsForDocuments(count: number): Promise<void> {
    return this.publishedWhen(() => this.published.size >= count);
  }

  /** Resolves once diagnostics have been published for each of `uris` after this call. */
  nextDiagnosticsOfEach(uris: readonly string[]): Promise<void> {
    const pending = new Set(uris);
    return this.publishedWhen(uri => {
      if (uri !== undefined) pending.delete(uri);
      return pending.size === 0;
    });
  }

  /** Resolves once `done` holds, asked now (without a uri) and after each publication. */
  private publishedWhen(done: (uri?: string) => boolean): Promise<void> {
    return new Promise(resolve => {
      if (done()) return resolve();
      const listener = (uri: string) => {
        if (!done(uri)) return;
        this.publishListeners.delete(listener);
        resolve();
      };
      this.publishListeners.add(listener);
    });
  }

  async open(file: string, text: string): Promise<string> {
    const uri = pathToFileURL(file).toString();
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'tm', version: 1, text } });
    return uri;
  }

  /** Replaces line `line` (0-based, without its line break) by `text`. */
  async replaceLine(uri: string, line: number, oldLength: number, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: oldLength } }, text }],
    });
  }

  /**
   * CPU milliseconds the server process has used so far, all threads: Linux's per-thread
   * scheduler statistics, in nanoseconds. Unlike wall time, other work on the machine does
   * not inflate it.
   */
  serverCpuMs(): number {
    const tasks = `/proc/${this.server.pid}/task`;
    let nanoseconds = 0;
    for (const thread of readdirSync(tasks)) {
      try {
        nanoseconds += Number(readFileSync(`${tasks}/${thread}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The thread ended between listing and reading.
      }
    }
    return nanoseconds / 1e6;
  }

  /** The server process's peak resident set size so far (Linux's VmHWM), in megabytes. */
  serverPeakRssMB(): number {
    const status = readFileSync(`/proc/${this.server.pid}/status`, 'utf8');
    const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    if (kilobytes === undefined) throw new Error('no VmHWM in /proc/<pid>/status');
    return Number(kilobytes) / 1024;
  }

  completion(uri: string, position: Position): Promise<unknown> {
    return this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
  }

  hover(uri: string, position: Position): Promise<unknown> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    this.connection.dispose();
    await new Promise(resolve => this.server.once('exit', resolve));
  }
}
