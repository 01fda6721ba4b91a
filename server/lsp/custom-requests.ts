// Handlers of the custom requests declared in server/protocol.ts.
import type { Connection } from 'vscode-languageserver';
import { DocumentState, URI } from 'langium';
import type { Model } from '../language/generated/ast.js';
import type { TmServiceSet } from '../language/tm-module.js';
import type { ModelSummary, SummaryParams } from '../protocol.js';
import { SummaryRequest } from '../protocol.js';
import { analyzeModel } from '../domain/analysis.js';
import { summarize } from '../domain/summary.js';

export function registerCustomRequests(connection: Connection, services: TmServiceSet): void {
  connection.onRequest(SummaryRequest, async (params: SummaryParams): Promise<ModelSummary | null> => {
    const model = await builtModel(services, params.uri);
    return model ? summarize(analyzeModel(model)) : null;
  });
}

/** The model of a document once it has been checked, or undefined for an unknown document. */
export async function builtModel(services: TmServiceSet, uri: string): Promise<Model | undefined> {
  const documents = services.shared.workspace.LangiumDocuments;
  const parsed = URI.parse(uri);
  if (!documents.hasDocument(parsed)) return undefined;
  await services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked, parsed);
  return documents.getDocument(parsed)?.parseResult.value as Model | undefined;
}
