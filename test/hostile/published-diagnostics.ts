// The diagnostics a language server process publishes, as a test driving it over JSON-RPC sees
// them: the latest per document, and a wait for those that satisfy a test's expectation.
import type { Diagnostic, ProtocolConnection, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { PublishDiagnosticsNotification } from 'vscode-languageserver-protocol/node';

export class PublishedDiagnostics {
  readonly latest = new Map<string, Diagnostic[]>();
  private readonly listeners = new Set<() => void>();

  constructor(connection: ProtocolConnection, private readonly limitMs: number, private readonly describe: (diagnostics: Diagnostic[]) => string = diagnostics => JSON.stringify(diagnostics)) {
    connection.onNotification(PublishDiagnosticsNotification.type, (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params.diagnostics);
      for (const listener of this.listeners) listener();
    });
  }

  /** Resolves once the latest diagnostics published for `uri` satisfy `accept`; rejects after the limit, saying what came last. */
  where(uri: string, accept: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`the expected diagnostics of ${uri} never came; last published:\n${this.describe(this.latest.get(uri) ?? [])}`));
      }, this.limitMs);
      const listener = () => {
        const diagnostics = this.latest.get(uri);
        if (diagnostics && accept(diagnostics)) {
          clearTimeout(guard);
          this.listeners.delete(listener);
          resolve(diagnostics);
        }
      };
      this.listeners.add(listener);
      listener();
    });
  }
}
