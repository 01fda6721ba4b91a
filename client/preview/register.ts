// The preview's commands and its panel serializer: the one call the extension makes.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DiagramSvgRequest } from '../../server/protocol.js';
import type { DiagramSvgParams, DiagramSvgResult } from '../../server/protocol.js';
import { PREVIEW_VIEW_TYPE, PreviewCommands } from './ids.js';
import type { OpenPreviewOptions } from './preview-panel.js';
import { activeModel, DiagramPreview } from './preview-panel.js';

export function registerPreview(context: vscode.ExtensionContext, client: LanguageClient): void {
  const open = (options: OpenPreviewOptions) => (uri?: vscode.Uri) => modelFor(uri).then(document => {
    if (document) DiagramPreview.createOrShow(context, client, document, options);
  });
  context.subscriptions.push(
    vscode.commands.registerCommand(PreviewCommands.open, open({ toSide: false, locked: false })),
    vscode.commands.registerCommand(PreviewCommands.openToSide, open({ toSide: true, locked: false })),
    vscode.commands.registerCommand(PreviewCommands.openLockedToSide, open({ toSide: true, locked: true })),
    vscode.commands.registerCommand(PreviewCommands.toggleLock, () => DiagramPreview.toggleLockOfActive()),
    vscode.commands.registerCommand(PreviewCommands.exportSvg, (uri?: vscode.Uri) => exportSvg(client, uri)),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown) => DiagramPreview.revive(panel, context, client, state),
    }),
    { dispose: () => DiagramPreview.disposeAll() },
  );
}

/** The model a command acts on: the file it was invoked on (title bar, explorer), else the active editor. */
async function modelFor(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : activeModel();
  if (!document || document.languageId !== 'tm') {
    void vscode.window.showInformationMessage('Open a .tm threat model to see its diagram.');
    return undefined;
  }
  return document;
}

/**
 * Writes the diagram as the CLI's `tm dfd` would: the language server lays it out and writes
 * the SVG (under its limits), so no layout ever runs in the extension host.
 */
async function exportSvg(client: LanguageClient, uri: vscode.Uri | undefined): Promise<void> {
  const document = await modelFor(uri);
  if (!document) return;
  const target = await vscode.window.showSaveDialog({
    defaultUri: document.uri.with({ path: document.uri.path.replace(/\.tm$/i, '') + '.svg' }),
    filters: { 'SVG image': ['svg'] },
    title: 'Export Diagram as SVG',
  });
  if (!target) return;
  const params: DiagramSvgParams = { uri: client.code2ProtocolConverter.asUri(document.uri) };
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Laying out the diagram…' },
    () => client.sendRequest<DiagramSvgResult>(DiagramSvgRequest, params),
  );
  if ('error' in result) {
    void vscode.window.showErrorMessage(`No diagram of ${vscode.workspace.asRelativePath(document.uri)}: ${result.error}.`);
    return;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.svg));
  void vscode.window.showInformationMessage(`Diagram written to ${vscode.workspace.asRelativePath(target)}.`);
}
