// Workspace start (server/language/workspace/): files are created unparsed and built by the
// first build, open documents go through every phase before the others, and in a language
// server a closed file is put away once checked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DidOpenTextDocumentParams } from 'vscode-languageserver';
import { afterEach, describe, expect, it } from 'vitest';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';
import { check, TODAY } from '../language/harness.js';
import type { TmLspServiceSet } from '../../server/lsp/tm-lsp-module.js';
import { isFlow } from '../../server/language/generated/ast.js';
import type { Model } from '../../server/language/generated/ast.js';
import { syntheticModel, toTmText } from '../../bench/synthetic-model.js';
import { modelOf } from '../../server/language/workspace/put-away-documents.js';

const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A folder of `count` models, each a little different, and its URI. */
function workspaceFolder(count: number): { folder: string; texts: string[] } {
  const folder = mkdtempSync(join(tmpdir(), 'tm-workspace-'));
  folders.push(folder);
  const texts = Array.from({ length: count }, (_, i) => toTmText(syntheticModel(10 + i, `Service ${i}`)));
  texts.forEach((text, i) => writeFileSync(join(folder, `model-${i}.tm`), text));
  return { folder, texts };
}

/** Services as the language server has them, started on `folder`. */
async function startServer(folder: string): Promise<TmLspServiceSet> {
  const services = createTmServices(NodeFileSystem);
  services.Tm.settings.update({ today: TODAY });
  services.shared.workspace.DocumentBuilder.putsAwayClosedDocuments = true;
  const { WorkspaceManager } = services.shared.workspace;
  WorkspaceManager.initialize({ processId: null, rootUri: null, capabilities: {}, workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'models' }] });
  await WorkspaceManager.initialized({});
  return services;
}

/** The diagnostics of `text` checked on its own, as the language tests check a model. */
async function freshDiagnostics(text: string) {
  return (await check(text)).diagnostics;
}

function fileUri(folder: string, i: number): URI {
  return URI.file(join(folder, `model-${i}.tm`));
}

function declarationCount(model: Model | undefined): number {
  return model?.declarations.length ?? 0;
}

describe('workspace start', () => {
  it('parses and links every file of the workspace in its first build', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tm-workspace-'));
    folders.push(folder);
    for (let i = 0; i < 3; i++) writeFileSync(join(folder, `model-${i}.tm`), toTmText(syntheticModel(20, `Service ${i}`)));
    const services = createTmServices(NodeFileSystem);
    const { WorkspaceManager, LangiumDocuments } = services.shared.workspace;
    WorkspaceManager.initialize({ processId: null, rootUri: null, capabilities: {}, workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'models' }] });
    await WorkspaceManager.initialized({});
    const documents = LangiumDocuments.all.toArray();
    expect(documents).toHaveLength(3);
    for (const document of documents) {
      expect(document.parseResult.value.$type).toBe('Model');
      expect(document.state).toBeGreaterThanOrEqual(DocumentState.Linked);
      expect(document.references.every(reference => reference.error === undefined)).toBe(true);
    }
  });

  it('validates an open document before it links any other', async () => {
    const services = createTmServices(EmptyFileSystem);
    const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder, TextDocuments } = services.shared.workspace;
    const text = toTmText(syntheticModel(20));
    const closed = ['/a.tm', '/c.tm'].map(path => LangiumDocumentFactory.fromString(text, URI.file(path)));
    const openText = TextDocument.create(URI.file('/b.tm').toString(), 'tm', 1, text);
    TextDocuments.set(openText);
    const open = LangiumDocumentFactory.fromTextDocument(openText);
    for (const document of [closed[0], open, closed[1]]) LangiumDocuments.addDocument(document);
    const events: string[] = [];
    for (const state of [DocumentState.Linked, DocumentState.Validated]) {
      DocumentBuilder.onDocumentPhase(state, document => { events.push(`${DocumentState[state]} ${document.uri.path}`); });
    }
    await DocumentBuilder.build([closed[0], open, closed[1]], { validation: true });
    expect(events.slice(0, 2)).toEqual(['Linked /b.tm', 'Validated /b.tm']);
    expect(events).toHaveLength(6);
    expect(closed.every(document => document.diagnostics !== undefined)).toBe(true);
  });

  it('puts away every closed file once checked, keeping its diagnostics', async () => {
    // More files than one batch, so several batches are built and put away.
    const { folder, texts } = workspaceFolder(45);
    const services = await startServer(folder);
    const { LangiumDocuments } = services.shared.workspace;
    for (let i = 0; i < texts.length; i++) {
      const document = LangiumDocuments.getDocument(fileUri(folder, i))!;
      expect(document.state).toBe(DocumentState.Validated);
      expect(modelOf(document)).toBeUndefined();
      expect(document.parseResult.value.$cstNode).toBeUndefined();
      expect(document.references).toEqual([]);
      expect(document.diagnostics).toEqual(await freshDiagnostics(texts[i]));
    }
  });

  it('keeps every file when the services have no language client (the CLI, the tests)', async () => {
    const { folder } = workspaceFolder(2);
    const services = createTmServices(NodeFileSystem);
    const { WorkspaceManager, LangiumDocuments } = services.shared.workspace;
    WorkspaceManager.initialize({ processId: null, rootUri: null, capabilities: {}, workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'models' }] });
    await WorkspaceManager.initialized({});
    expect(declarationCount(modelOf(LangiumDocuments.getDocument(fileUri(folder, 0))!))).toBeGreaterThan(0);
  });

  it('gives features that read a put-away file directly no model, not its empty stand-in', async () => {
    const { folder } = workspaceFolder(2);
    const services = await startServer(folder);
    const document = services.shared.workspace.LangiumDocuments.getDocument(fileUri(folder, 1))!;
    expect(modelOf(document)).toBeUndefined();
    expect(services.Tm.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } })).toEqual([]);
    expect(services.Tm.workspace.ReferenceDescriptionProvider.descriptionsOf(document)).toEqual([]);
  });

  it('parses a put-away file whole again when it is opened, and keeps it while it is open', async () => {
    const { folder, texts } = workspaceFolder(3);
    const services = await startServer(folder);
    const { LangiumDocuments, TextDocuments, DocumentBuilder, IndexManager } = services.shared.workspace;
    const uri = fileUri(folder, 1);
    TextDocuments.set(TextDocument.create(uri.toString(), 'tm', 1, texts[1]));
    await DocumentBuilder.update([uri], []);
    const document = LangiumDocuments.getDocument(uri)!;
    const model = document.parseResult.value as Model;
    expect(document.state).toBe(DocumentState.Validated);
    expect(model.$cstNode?.root.fullText).toBe(texts[1]);
    expect(declarationCount(model)).toBe(declarationCount(services.shared.workspace.LangiumDocumentFactory.fromString<Model>(texts[1], URI.file('/x.tm')).parseResult.value));
    expect(document.references.length).toBeGreaterThan(0);
    expect(document.references.every(reference => reference.error === undefined)).toBe(true);
    // Its references are in the index again, for find-references.
    const flow = model.declarations.find(isFlow)!;
    const source = flow.source.ref!;
    const path = services.Tm.workspace.AstNodeLocator.getAstNodePath(source);
    expect(IndexManager.findAllReferences(source, path).toArray().length).toBeGreaterThan(0);
    expect(document.diagnostics).toEqual(await freshDiagnostics(texts[1]));
    // An edit in another open file leaves it whole.
    const other = fileUri(folder, 2);
    TextDocuments.set(TextDocument.create(other.toString(), 'tm', 1, texts[2]));
    await DocumentBuilder.update([other], []);
    expect(LangiumDocuments.getDocument(uri)!.parseResult.value).toBe(model);
  });

  it('checks a closed file again when it changes on disk, and puts it away again', async () => {
    const { folder, texts } = workspaceFolder(2);
    const services = await startServer(folder);
    const { LangiumDocuments, DocumentBuilder } = services.shared.workspace;
    const uri = fileUri(folder, 0);
    const changed = `${texts[0]}\nprocess Added "Added later"\n`;
    writeFileSync(uri.fsPath, changed);
    await DocumentBuilder.update([uri], []);
    const document = LangiumDocuments.getDocument(uri)!;
    expect(document.diagnostics).toEqual(await freshDiagnostics(changed));
    expect(document.diagnostics).not.toEqual(await freshDiagnostics(texts[0]));
    expect(document.parseResult.value.$cstNode).toBeUndefined();
  });

  it('gives the model of a put-away file to a request, parsed again', async () => {
    const { folder, texts } = workspaceFolder(2);
    const services = await startServer(folder);
    const { DocumentBuilder, LangiumDocumentFactory } = services.shared.workspace;
    const model = await DocumentBuilder.loadedModel(fileUri(folder, 1)) as Model;
    expect(model.$cstNode?.root.fullText).toBe(texts[1]);
    expect(declarationCount(model)).toBe(declarationCount(LangiumDocumentFactory.fromString<Model>(texts[1], URI.file('/y.tm')).parseResult.value));
    expect(await DocumentBuilder.loadedModel(URI.file(join(folder, 'missing.tm')))).toBeUndefined();
  });

  it('makes a request that follows the opening of a put-away file wait for its rebuild', async () => {
    const { folder, texts } = workspaceFolder(2);
    const services = await startServer(folder);
    const { LangiumDocuments, TextDocuments, DocumentBuilder } = services.shared.workspace;
    // The editor's didOpen, as the language server receives it.
    let didOpen: ((params: DidOpenTextDocumentParams) => void) | undefined;
    const ignore = () => ({ dispose: () => undefined });
    TextDocuments.listen({
      onDidOpenTextDocument: (handler: typeof didOpen) => { didOpen = handler; return ignore(); },
      onDidChangeTextDocument: ignore, onDidCloseTextDocument: ignore, onWillSaveTextDocument: ignore,
      onWillSaveTextDocumentWaitUntil: ignore, onDidSaveTextDocument: ignore,
    });
    const uri = fileUri(folder, 0);
    didOpen!({ textDocument: { uri: uri.toString(), languageId: 'tm', version: 1, text: texts[0] } });
    // A request handler waits for the state it needs, then reads the document.
    const read = DocumentBuilder.waitUntil(DocumentState.Linked, uri).then(() => declarationCount(LangiumDocuments.getDocument(uri)!.parseResult.value as Model));
    await DocumentBuilder.update([uri], []);
    expect(await read).toBeGreaterThan(0);
  });

  it('gives a request the model of a put-away file even when an edit cancels its rebuild', async () => {
    const { folder, texts } = workspaceFolder(3);
    const services = await startServer(folder);
    const { DocumentBuilder, WorkspaceLock } = services.shared.workspace;
    const requested = DocumentBuilder.loadedModel(fileUri(folder, 1));
    // An edit elsewhere, at once: its write cancels the rebuild the request started.
    const edit = WorkspaceLock.write(token => DocumentBuilder.update([fileUri(folder, 2)], [], token));
    const model = await requested as Model;
    await edit;
    expect(model.$cstNode?.root.fullText).toBe(texts[1]);
    expect(declarationCount(model)).toBeGreaterThan(0);
  });

  it('builds a put-away file a request waits for before the other closed files', async () => {
    const { folder } = workspaceFolder(45);
    const services = await startServer(folder);
    const { DocumentBuilder, WorkspaceLock } = services.shared.workspace;
    const linked: string[] = [];
    DocumentBuilder.onDocumentPhase(DocumentState.Linked, document => { linked.push(document.uri.toString()); });
    const wanted = fileUri(folder, 44);
    const requested = DocumentBuilder.loadedModel(wanted);
    // A settings change re-checks every file; it cancels the request's rebuild and takes it over.
    const everything = Array.from({ length: 45 }, (_, i) => fileUri(folder, i));
    await WorkspaceLock.write(token => DocumentBuilder.update(everything, [], token));
    expect(declarationCount(await requested as Model)).toBeGreaterThan(0);
    expect(linked[0]).toBe(wanted.toString());
    expect(linked).toHaveLength(45);
  });
});
