// Behaviour of the build shortcuts in server/language/workspace/ and tm-scope.ts: each one
// must leave the diagnostics exactly as Langium's default build would. Speed itself is
// measured by `npm run bench`, never asserted here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AstUtils, EmptyFileSystem, GrammarUtils, isOperationCancelled, URI } from 'langium';
import type { LangiumDocument } from 'langium';
import { CancellationTokenSource } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isFlow } from '../../server/language/generated/ast.js';
import type { Model, TmAstType } from '../../server/language/generated/ast.js';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';
import type { TmServiceSet } from '../../server/language/tm-module.js';
import { NODES_PER_CANCELLATION_CHECK } from '../../server/language/workspace/document-builder.js';
import { firstNodeOfProperty } from '../../server/language/parsing/source-ranges.js';
import { syntheticModel, toTmText } from '../../bench/synthetic-model.js';

function newServices(): TmServiceSet {
  const services = createTmServices(EmptyFileSystem);
  services.Tm.settings.update({ today: '2026-11-01' });
  return services;
}

/** Opens a document the way the language server does on didOpen. */
async function open(services: TmServiceSet, path: string, text: string): Promise<LangiumDocument> {
  const textDocument = TextDocument.create(URI.file(path).toString(), 'tm', 1, text);
  services.shared.workspace.TextDocuments.set(textDocument);
  const document = services.shared.workspace.LangiumDocumentFactory.fromTextDocument(textDocument);
  services.shared.workspace.LangiumDocuments.addDocument(document);
  await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
  return document;
}

/** Replaces an open document's text the way the language server does on didChange. */
async function edit(services: TmServiceSet, document: LangiumDocument, text: string): Promise<void> {
  const uri = document.uri.toString();
  services.shared.workspace.TextDocuments.set(TextDocument.create(uri, 'tm', document.textDocument.version + 1, text));
  await services.shared.workspace.DocumentBuilder.update([document.uri], []);
}

async function freshCheck(text: string): Promise<Diagnostic[]> {
  return (await open(newServices(), '/fresh.tm', text)).diagnostics ?? [];
}

const MODEL = toTmText(syntheticModel(60));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('rebuilding after an edit', () => {
  it('gives the diagnostics of a fresh check after an edit that changes no declaration', async () => {
    const services = newServices();
    const document = await open(services, '/model.tm', MODEL);
    const edited = MODEL.replace('authn "mutual TLS"', 'authn ""');
    await edit(services, document, edited);
    expect(document.diagnostics).toEqual(await freshCheck(edited));
  });

  it('gives the diagnostics of a fresh check after renaming a declaration, and after renaming it back', async () => {
    const services = newServices();
    const document = await open(services, '/model.tm', MODEL);
    const renamed = MODEL.replace('process P3 ', 'process P3x ');
    await edit(services, document, renamed);
    expect(document.diagnostics?.some(d => d.code === 'unresolved-reference')).toBe(true);
    expect(document.diagnostics).toEqual(await freshCheck(renamed));
    await edit(services, document, MODEL);
    expect(document.diagnostics).toEqual(await freshCheck(MODEL));
  });

  it('leaves other documents alone, even one with an unresolved reference', async () => {
    const services = newServices();
    const broken = await open(services, '/broken.tm', 'process Api\nflow F: Api -> Missing\n');
    const brokenDiagnostics = broken.diagnostics;
    const brokenRoot = broken.parseResult.value;
    const edited = await open(services, '/edited.tm', MODEL);
    await edit(services, edited, MODEL.replace('process P3 ', 'process Missing '));
    // The same AST and the same diagnostics array: the document was neither re-parsed nor relinked nor revalidated.
    expect(broken.parseResult.value).toBe(brokenRoot);
    expect(broken.diagnostics).toBe(brokenDiagnostics);
    expect(broken.diagnostics?.map(d => d.code)).toContain('unresolved-reference');
  });
});

describe('cancellation checks every few hundred nodes', () => {
  it('stops validating soon after the build is cancelled', async () => {
    const services = newServices();
    const model = syntheticModel(200);
    const source = new CancellationTokenSource();
    let flowsChecked = 0;
    services.Tm.validation.ValidationRegistry.register<TmAstType>({
      Flow: () => {
        flowsChecked++;
        source.cancel();
      },
    });
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(toTmText(model), URI.file('/large.tm'));
    services.shared.workspace.LangiumDocuments.addDocument(document);
    const build = services.shared.workspace.DocumentBuilder.build([document], { validation: true }, source.token);
    await expect(build).rejects.toSatisfy(isOperationCancelled);
    expect(flowsChecked).toBeGreaterThan(0);
    expect(flowsChecked).toBeLessThanOrEqual(NODES_PER_CANCELLATION_CHECK);
    expect(flowsChecked).toBeLessThan(model.flows.length);
  });
});

describe('validation checks', () => {
  it('reports a check that throws as a validation error, as Langium does', async () => {
    const services = newServices();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    services.Tm.validation.ValidationRegistry.register<TmAstType>({
      Process: () => {
        throw new Error('broken check');
      },
    });
    const document = await open(services, '/throws.tm', 'process Api\n');
    expect(document.diagnostics?.map(d => d.message)).toContainEqual(expect.stringContaining('An error occurred during validation: broken check'));
  });

  it('awaits a check that returns a promise', async () => {
    const services = newServices();
    services.Tm.validation.ValidationRegistry.register<TmAstType>({
      Process: async (node, accept) => {
        await Promise.resolve();
        accept('warning', 'checked later', { node });
      },
    });
    const document = await open(services, '/async.tm', 'process Api\n');
    expect(document.diagnostics?.map(d => d.message)).toContain('checked later');
  });
});

describe('diagnostic ranges', () => {
  it('finds the same CST node for a property as Langium, for every property of every node', async () => {
    const examples = ['spec-example.tm', 'iot-fleet.tm'].map(name => readFileSync(join(import.meta.dirname, '../lsp/fixtures', name), 'utf8'));
    for (const text of [MODEL, ...examples]) {
      const document = await open(newServices(), '/ranges.tm', text);
      for (const node of AstUtils.streamAst(document.parseResult.value)) {
        for (const property of Object.keys(node).filter(key => !key.startsWith('$'))) {
          expect(firstNodeOfProperty(node.$cstNode!, property), `${node.$type}.${property}`).toBe(GrammarUtils.findNodeForProperty(node.$cstNode, property));
        }
      }
    }
  });
});

describe('the reference index', () => {
  it('records no reference while building, and a document\'s references when one of them is asked for', async () => {
    const services = newServices();
    const provider = services.Tm.workspace.ReferenceDescriptionProvider;
    const recorded = vi.spyOn(provider, 'descriptionsOf');
    const document = await open(services, '/refs.tm', MODEL);
    expect(recorded).not.toHaveBeenCalled();
    const source = (document.parseResult.value as Model).declarations.find(isFlow)!.source.ref!;
    const path = services.Tm.workspace.AstNodeLocator.getAstNodePath(source);
    const { IndexManager } = services.shared.workspace;
    const found = IndexManager.findAllReferences(source, path).toArray();
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(provider.descriptionsOf(document).filter(reference => reference.targetPath === path));
    expect(recorded).toHaveBeenCalledTimes(2);
    // Asked again, the recorded references serve; after the next build they are recorded afresh.
    IndexManager.findAllReferences(source, path).toArray();
    expect(recorded).toHaveBeenCalledTimes(2);
    await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
    expect(recorded).toHaveBeenCalledTimes(2);
    await services.shared.workspace.DocumentBuilder.update([document.uri], []);
    expect(IndexManager.findAllReferences(source, path).toArray()).toHaveLength(found.length);
    expect(recorded).toHaveBeenCalledTimes(3);
    recorded.mockRestore();
  });
});
