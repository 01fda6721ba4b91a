// The language server's `tm/diagram` request: the graph of the document as last checked.
import { EmptyFileSystem, URI } from 'langium';
import type { Connection } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';
import { registerCustomRequests } from '../../server/lsp/custom-requests.js';
import type { DiagramGraph, DiagramParams } from '../../server/protocol.js';
import { DiagramRequest } from '../../server/protocol.js';

type Handler = (params: DiagramParams) => Promise<DiagramGraph | null>;

function serverWith(settings: { coverageFlows?: 'crossing' | 'all' | 'none' } = {}) {
  const services = createTmServices(EmptyFileSystem);
  services.Tm.settings.update(settings);
  const handlers = new Map<string, Handler>();
  const connection = { onRequest: (method: string, handler: Handler) => handlers.set(method, handler) } as unknown as Connection;
  registerCustomRequests(connection, services);
  const open = async (uri: string, text: string) => {
    const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
    const document = LangiumDocumentFactory.fromString(text, URI.parse(uri));
    LangiumDocuments.addDocument(document);
    await DocumentBuilder.build([document], { validation: true });
  };
  return { request: handlers.get(DiagramRequest)!, open };
}

describe('tm/diagram', () => {
  it('answers with the graph of an open model, under the editor\'s coverage setting', async () => {
    const { request, open } = serverWith({ coverageFlows: 'all' });
    await open('file:///shop.tm', 'process A\nstore B\nflow F: A -> B');
    const graph = await request({ uri: 'file:///shop.tm' });
    expect(graph!.nodes.map(node => node.id)).toEqual(['A', 'B']);
    expect(graph!.edges[0]).toMatchObject({ id: 'F', crossing: false, uncovered: ['T', 'I', 'D'] });
  });

  it('answers null for a document it does not know', async () => {
    const { request } = serverWith();
    expect(await request({ uri: 'file:///unknown.tm' })).toBeNull();
  });
});
