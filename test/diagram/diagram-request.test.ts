// The language server's `tm/diagram` request (the graph of the document as last checked) and
// `tm/diagramSvg` (the laid-out picture, for the Export SVG command: the extension host runs no
// layout, which the bundle test below checks).
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { EmptyFileSystem, URI } from 'langium';
import type { Connection } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';
import type { CustomRequestOptions } from '../../server/lsp/custom-requests.js';
import { registerCustomRequests } from '../../server/lsp/custom-requests.js';
import { layoutGraph, renderSvg } from '../../server/diagram/index.js';
import { graphOf } from './diagram-helpers.js';
import type { DiagramGraph, DiagramParams, DiagramSvgResult } from '../../server/protocol.js';
import { DiagramRequest, DiagramSvgRequest } from '../../server/protocol.js';

type Handler = (params: DiagramParams) => Promise<unknown>;

/** elkjs's bundled build, as the server's bundle has it beside itself (out/elk.cjs). */
const ELK_SCRIPT = createRequire(import.meta.url).resolve('elkjs/lib/elk.bundled.js');
const SHOP = 'external Customer\nboundary Shop { process Api\n store Db }\nflow Checkout: Customer -> Api { returns pii }\nflow Save: Api -> Db\nflow Back: Db -> Customer';

function serverWith(settings: { coverageFlows?: 'crossing' | 'all' | 'none' } = {}, options: CustomRequestOptions = {}) {
  const services = createTmServices(EmptyFileSystem);
  services.Tm.settings.update(settings);
  const handlers = new Map<string, Handler>();
  const connection = { onRequest: (method: string, handler: Handler) => handlers.set(method, handler) } as unknown as Connection;
  registerCustomRequests(connection, services, options);
  const open = async (uri: string, text: string) => {
    const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
    const document = LangiumDocumentFactory.fromString(text, URI.parse(uri));
    LangiumDocuments.addDocument(document);
    await DocumentBuilder.build([document], { validation: true });
  };
  return {
    request: handlers.get(DiagramRequest)! as (params: DiagramParams) => Promise<DiagramGraph | null>,
    svg: handlers.get(DiagramSvgRequest)! as (params: DiagramParams) => Promise<DiagramSvgResult>,
    open,
  };
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

describe('tm/diagramSvg', () => {
  it('answers with the standalone SVG of an open model, laid out by the server', async () => {
    const { svg, open } = serverWith();
    await open('file:///shop.tm', 'process A "<b>A</b>"\nstore B\nflow F: A -> B');
    const result = await svg({ uri: 'file:///shop.tm' });
    expect('svg' in result && result.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*data-id="F"[\s\S]*<\/svg>$/);
    expect('svg' in result && result.svg).toContain('&lt;b&gt;A&lt;/b&gt;');
  });

  it('lays out on a worker thread, off the server\'s, when given elk\'s script: the same picture', async () => {
    const { svg, open } = serverWith({}, { elkScript: ELK_SCRIPT });
    await open('file:///shop.tm', SHOP);
    const result = await svg({ uri: 'file:///shop.tm' });
    expect(result).toEqual({ svg: renderSvg(await layoutGraph(await graphOf(SHOP))) });
  });

  it('says why when the layout thread fails', async () => {
    const { svg, open } = serverWith({}, { elkScript: path.join(import.meta.dirname, 'no-such-elk.cjs') });
    await open('file:///shop.tm', SHOP);
    expect(await svg({ uri: 'file:///shop.tm' })).toEqual({ error: expect.stringMatching(/^the diagram could not be laid out: .*no-such-elk\.cjs/) });
  });

  it('says why there is no picture of a document it does not know', async () => {
    const { svg } = serverWith();
    expect(await svg({ uri: 'file:///unknown.tm' })).toEqual({ error: expect.stringMatching(/has not read this file yet/) });
  });
});

describe('the extension host', () => {
  it('bundles no layout engine: Export SVG asks the server', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const { metafile } = await esbuild.build({
      entryPoints: [path.join(root, 'client/extension.ts')], bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], write: false, metafile: true, logLevel: 'silent',
    });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some(input => input.includes('client/preview/register.ts'))).toBe(true);
    expect(inputs.filter(input => /elkjs|server\/diagram\/(layout|elk-graph)\.ts/.test(input))).toEqual([]);
  });
});
