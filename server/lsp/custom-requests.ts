// Handlers of the custom requests declared in server/protocol.ts.
import type { Connection } from 'vscode-languageserver';
import { URI } from 'langium';
import type { Model } from '../language/generated/ast.js';
import type { TmLspServiceSet } from './tm-lsp-module.js';
import type { DiagramGraph, DiagramParams, ModelSummary, SummaryParams } from '../protocol.js';
import { DiagramRequest, SummaryRequest } from '../protocol.js';
import { analyzeModel } from '../domain/analysis.js';
import { summarize } from '../domain/summary.js';
import { modelGraph } from '../diagram/graph.js';

export function registerCustomRequests(connection: Connection, services: TmLspServiceSet): void {
  connection.onRequest(SummaryRequest, async (params: SummaryParams): Promise<ModelSummary | null> => {
    const model = await builtModel(services, params.uri);
    return model ? summarize(analyzeModel(model)) : null;
  });
  connection.onRequest(DiagramRequest, async (params: DiagramParams): Promise<DiagramGraph | null> => {
    const model = await builtModel(services, params.uri);
    return model ? modelGraph(analyzeModel(model), { coverageFlows: services.Tm.settings.options.coverageFlows }) : null;
  });
}

/** The model of a document once it has been linked, or undefined for an unknown document. */
export async function builtModel(services: TmLspServiceSet, uri: string): Promise<Model | undefined> {
  return await services.shared.workspace.DocumentBuilder.loadedModel(URI.parse(uri));
}
