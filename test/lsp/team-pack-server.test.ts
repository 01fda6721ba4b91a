// Team packs in the real language server (bundled from server/main.ts, over stdio like an
// editor): a pack's problems are diagnostics at its lines, an edit of an open pack checks the
// open models again without waiting for a save, a pack saved on disk checks every model, a
// broken pack never hides a model's own diagnostics, and completion and hover answer in a pack.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { URI } from 'langium';
import type { CompletionItem, Diagnostic, Hover, ProtocolConnection } from 'vscode-languageserver-protocol/node';
import {
  CompletionRequest, ConfigurationRequest, createProtocolConnection, DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification, ExitNotification, FileChangeType, HoverRequest, InitializedNotification, InitializeRequest,
  RegistrationRequest, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { yamlAsData } from '../../scripts/node-bundle.mjs';
import { PublishedDiagnostics } from '../hostile/published-diagnostics.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WAIT_LIMIT_MS = 45_000;
const MODEL = 'process A\nprocess B\nflow F: A -> B { protocol gRPC }\n';
const ENTRY = (id: string, protocol: string) => `  - id: ${id}\n    title: ${id} title\n    stride: [I]\n    on: flow\n    when: { protocol: ${protocol} }\n    because: "{name} is suggested"\n`;

let directory: string;
let repository: string;
let server: ChildProcess;
let connection: ProtocolConnection;
let published: PublishedDiagnostics;

const uriOf = (file: string) => URI.file(path.join(repository, file)).toString();
const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map(diagnostic => String(diagnostic.code)).sort();
const suggestsId = (id: string) => (diagnostics: readonly Diagnostic[]) => diagnostics.some(diagnostic => diagnostic.code === 'suggested-threat' && (diagnostic.message as string).includes(id));

function diagnosticsWhere(file: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  return published.where(uriOf(file), accept);
}

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-pack-server-'));
  repository = path.join(directory, 'repo');
  fs.mkdirSync(path.join(repository, '.git'), { recursive: true });
  fs.mkdirSync(path.join(repository, '.tm', 'catalogue'), { recursive: true });
  fs.writeFileSync(path.join(repository, '.tm', 'catalogue', 'web.yaml'), `entries:\n${ENTRY('acme:one', 'grpc')}  - override: tm:nothing\n    title: x\n`);
  fs.writeFileSync(path.join(repository, 'open.tm'), MODEL);
  fs.writeFileSync(path.join(repository, 'closed.tm'), MODEL);
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'server/main.ts')], outfile: path.join(directory, 'server.cjs'), bundle: true,
    platform: 'node', target: 'node20', format: 'cjs', inject: [path.join(ROOT, 'server/polyfill.mjs')], plugins: [yamlAsData], logLevel: 'error',
  });
  server = spawn(process.execPath, [path.join(directory, 'server.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  published = new PublishedDiagnostics(connection, WAIT_LIMIT_MS);
  connection.onRequest(ConfigurationRequest.type, (params: { items: unknown[] }) => params.items.map(() => null));
  connection.onRequest(RegistrationRequest.type, () => undefined);
  connection.listen();
  const folder = URI.file(repository).toString();
  await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'repo' }], capabilities: {} });
  await connection.sendNotification(InitializedNotification.type, {});
  await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf('open.tm'), languageId: 'tm', version: 1, text: MODEL } });
}, 120_000);

afterAll(async () => {
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  connection.dispose();
  server.kill();
  fs.rmSync(directory, { recursive: true, force: true });
});

describe('team packs in the language server', { timeout: 120_000 }, () => {
  test('the models get the team\'s entries; the pack\'s problem is a diagnostic at its line', async () => {
    await diagnosticsWhere('open.tm', suggestsId('acme:one'));
    await diagnosticsWhere('closed.tm', suggestsId('acme:one'));
    const pack = await diagnosticsWhere('.tm/catalogue/web.yaml', diagnostics => diagnostics.length > 0);
    expect(pack.map(diagnostic => [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.character, diagnostic.code])).toEqual([[7, 2, 24, 'invalid-catalogue-pack']]);
  });

  test('editing the open pack checks the open model again; a broken pack leaves the model\'s own diagnostics', async () => {
    const uri = uriOf('.tm/catalogue/web.yaml');
    const before = codes(await diagnosticsWhere('open.tm', suggestsId('acme:one'))).filter(code => code !== 'suggested-threat');
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: `entries:\n${ENTRY('acme:two', 'grpc')}` } });
    await diagnosticsWhere('open.tm', diagnostics => suggestsId('acme:two')(diagnostics) && !suggestsId('acme:one')(diagnostics));
    expect(await diagnosticsWhere('.tm/catalogue/web.yaml', diagnostics => diagnostics.length === 0)).toEqual([]);
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'entries:\n  - id: [unclosed\n' }] });
    const broken = await diagnosticsWhere('.tm/catalogue/web.yaml', diagnostics => diagnostics.length > 0);
    expect(codes(broken)).toEqual(['invalid-catalogue-pack']);
    const model = await diagnosticsWhere('open.tm', diagnostics => !suggestsId('acme:two')(diagnostics));
    expect(codes(model).filter(code => code !== 'suggested-threat')).toEqual(before);
  });

  test('a 10 MB pack in the editor: one diagnostic at once, the model keeps its own', async () => {
    const uri = uriOf('.tm/catalogue/web.yaml');
    const started = performance.now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 10 }, contentChanges: [{ text: `entries:\n  - id: acme:big\n    description: ${'x'.repeat(10 * 1024 * 1024)}\n` }] });
    const [diagnostic] = await diagnosticsWhere('.tm/catalogue/web.yaml', diagnostics => diagnostics.some(each => (each.message as string).includes('characters, more than the 262144')));
    expect(diagnostic.range.start.line).toBe(0);
    const model = await diagnosticsWhere('open.tm', diagnostics => !diagnostics.some(each => each.code === 'suggested-threat' && (each.message as string).includes('acme:')));
    expect(codes(model)).toContain('uncovered-stride');
    // The text is refused by its length before any parsing: well under a second, even on a loaded machine.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  test('completion and hover in the pack', async () => {
    const uri = uriOf('.tm/catalogue/web.yaml');
    const text = `entries:\n${ENTRY('acme:three', 'grpc')}    `;
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
    const lines = text.split('\n');
    const completion = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: lines.length - 1, character: 4 } }) as CompletionItem[];
    expect(completion.map(item => item.label)).toEqual(expect.arrayContaining(['title', 'override', 'when']));
    const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character: 15 } }) as Hover;
    expect((hover.contents as { value: string }).value).toMatch(/^\*\*protocol\*\*/);
  });

  test('a pack changed on disk checks the closed models too', async () => {
    const file = path.join(repository, '.tm', 'catalogue', 'more.yaml');
    fs.writeFileSync(file, `entries:\n${ENTRY('acme:four', 'grpc')}`);
    await connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: URI.file(file).toString(), type: FileChangeType.Created }] });
    expect(suggestsId('acme:four')(await diagnosticsWhere('closed.tm', suggestsId('acme:four')))).toBe(true);
    expect(suggestsId('acme:four')(await diagnosticsWhere('open.tm', suggestsId('acme:four')))).toBe(true);
  });
});
