// Handlers of the custom requests declared in server/protocol.ts.
import type { Connection } from 'vscode-languageserver';
import { URI } from 'langium';
import type { Model } from '../language/generated/ast.js';
import type { TmLspServiceSet } from './tm-lsp-module.js';
import type { DiagramGraph, DiagramParams, DiagramSvgParams, DiagramSvgResult, ModelSummary, SummaryParams } from '../protocol.js';
import { DiagramRequest, DiagramSvgRequest, SummaryRequest } from '../protocol.js';
import { analyzeModel } from '../domain/analysis.js';
import { summarize } from '../domain/summary.js';
import { layoutGraph, modelGraph, renderSvg } from '../diagram/index.js';
import { threadLayoutGraph } from '../diagram/thread-layout.js';

export interface CustomRequestOptions {
  /**
   * elkjs's bundled build, to lay out `tm/diagramSvg` on a worker thread rather than on the
   * server's (thread-layout.ts). Without it, elk runs in process.
   */
  elkScript?: string;
}

export function registerCustomRequests(connection: Connection, services: TmLspServiceSet, options: CustomRequestOptions = {}): void {
  connection.onRequest(SummaryRequest, async (params: SummaryParams): Promise<ModelSummary | null> => {
    const model = await builtModel(services, params.uri);
    return model ? summarize(analyzeModel(model)) : null;
  });
  connection.onRequest(DiagramRequest, (params: DiagramParams) => diagramGraph(services, params.uri));
  connection.onRequest(DiagramSvgRequest, async (params: DiagramSvgParams): Promise<DiagramSvgResult> => {
    const graph = await diagramGraph(services, params.uri);
    if (!graph) return { error: 'the language server has not read this file yet; try again in a moment' };
    try {
      const layout = options.elkScript ? await threadLayoutGraph(graph, options.elkScript) : await layoutGraph(graph);
      return { svg: renderSvg(layout) };
    } catch (error) {
      return { error: `the diagram could not be laid out: ${error instanceof Error ? error.message : String(error)}` };
    }
  });
}

/** The diagram graph of a document as last checked, under the editor's coverage setting; null for an unknown document. */
async function diagramGraph(services: TmLspServiceSet, uri: string): Promise<DiagramGraph | null> {
  const model = await builtModel(services, uri);
  return model ? modelGraph(analyzeModel(model), { coverageFlows: services.Tm.settings.options.coverageFlows }) : null;
}

/** The model of a document once it has been linked, or undefined for an unknown document. */
export async function builtModel(services: TmLspServiceSet, uri: string): Promise<Model | undefined> {
  return await services.shared.workspace.DocumentBuilder.loadedModel(URI.parse(uri));
}
