// The status-bar verdict of the active `.tm` editor: how many fix-now threats are still open
// (docs/language.md §4), from the server's `tm/summary`. Clicking it opens the Problems view.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SummaryRequest } from '../server/protocol.js';
import type { ModelSummary, SummaryParams } from '../server/protocol.js';

export class VerdictStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tm.verdict', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [this.item];
  /** Only the answer to the latest request is shown; earlier ones may arrive after it. */
  private generation = 0;

  constructor(private readonly client: LanguageClient) {
    this.item.name = 'tm: model verdict';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      // The server publishes diagnostics after every check, so they mark a new verdict.
      vscode.languages.onDidChangeDiagnostics(event => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (event.uris.some(uri => uri.toString() === active)) void this.refresh();
      }),
    );
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'tm') {
      this.item.hide();
      return;
    }
    const params: SummaryParams = { uri: this.client.code2ProtocolConverter.asUri(document.uri) };
    let summary: ModelSummary | null;
    try {
      summary = await this.client.sendRequest<ModelSummary | null>(SummaryRequest, params);
    } catch {
      summary = null; // the server is restarting or stopped: show nothing rather than a stale verdict
    }
    if (generation !== this.generation) return;
    if (!summary) {
      this.item.hide();
      return;
    }
    this.show(summary);
  }

  private show({ fixNowOpen, done, threats }: ModelSummary): void {
    this.item.text = done ? '$(pass) done' : `$(shield) ${fixNowOpen} fix-now open`;
    this.item.backgroundColor = done ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
    this.item.tooltip = done
      ? `No threat scoring 6 or more is open or planned (${plural(threats, 'threat')} in this model). Click for Problems.`
      : `${plural(fixNowOpen, 'threat')} scoring 6 or more still open or planned, of ${threats}. Click for Problems.`;
    this.item.show();
  }

  dispose(): void {
    this.generation++;
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
