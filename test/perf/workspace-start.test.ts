// Workspace start (server/language/tm-build.ts): files are created unparsed and built by the
// first build, and open documents go through every phase before the others.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterEach, describe, expect, it } from 'vitest';
import { createTmServices } from '../../server/language/tm-module.js';
import { syntheticModel, toTmText } from '../../bench/synthetic-model.js';

const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

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
});
