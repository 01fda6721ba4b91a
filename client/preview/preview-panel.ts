// The live DFD preview (docs/language.md §9): a webview panel that follows the active `.tm` editor or is
// locked to one model (locking.ts), asks the language server for the model's diagram graph
// (`tm/diagram`) whenever the model changes, and lets the webview lay it out and draw it with
// the shared renderer. Clicking in the picture reveals the declaration, in the imported file that
// holds it if need be; moving the cursor in the editor highlights it in the picture.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DiagramRequest } from '../../server/protocol.js';
import type { DiagramGraph, DiagramParams, PreviewMessage, PreviewReply } from '../../server/protocol.js';
import { previewHtml } from './html.js';
import { PREVIEW_VIEW_TYPE } from './ids.js';
import { checkReply, checkState, importedModelUri, isRestorableModel } from './messages.js';
import type { PreviewTarget } from './locking.js';
import { followsEditor, previewTitle, redundantPreviews, reusablePreview } from './locking.js';
import { idsAtPosition, locationOf } from './selection.js';

/**
 * Edits and diagnostics arrive in bursts; one request per pause is enough. Short, because the
 * picture should change within 200 ms of the last keystroke and this wait is part of it: the
 * server answers once it has linked the newest text, and the webview draws an edit in tens of
 * milliseconds (docs/performance.md, The preview).
 */
const REFRESH_DELAY_MS = 50;

export interface OpenPreviewOptions {
  toSide: boolean;
  locked: boolean;
}

export class DiagramPreview implements vscode.Disposable, PreviewTarget {
  private static readonly previews = new Set<DiagramPreview>();

  private readonly disposables: vscode.Disposable[] = [];
  private document: vscode.TextDocument | undefined;
  private graph: DiagramGraph | undefined;
  private ready = false;
  /** Only the answer to the latest request is shown; earlier ones may arrive after it. */
  private generation = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  /** Shows the model in the preview that follows the editor, or in its locked preview; opens one if there is none. */
  static createOrShow(context: vscode.ExtensionContext, client: LanguageClient, document: vscode.TextDocument, { toSide, locked }: OpenPreviewOptions): void {
    const column = toSide ? vscode.ViewColumn.Beside : vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.Active;
    const existing = reusablePreview(DiagramPreview.previews, { uri: document.uri.toString(), locked });
    if (existing) {
      existing.panel.reveal(column, toSide);
      existing.show(document);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, previewTitle(fileName(document), locked), { viewColumn: column, preserveFocus: toSide }, webviewOptions(context));
    DiagramPreview.keep(new DiagramPreview(panel, context, client, document, locked));
  }

  /**
   * Restores a panel VS Code kept across a reload, on the model it showed, locked if it was.
   * The saved state was written by the page, so it is checked before anything in it is used:
   * only a `.tm` file inside the workspace is opened (messages.ts).
   */
  static async revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, client: LanguageClient, savedState: unknown): Promise<void> {
    panel.webview.options = webviewOptions(context);
    const state = checkState(savedState);
    let document: vscode.TextDocument | undefined;
    const uri = state?.uri !== undefined ? parseUri(state.uri) : undefined;
    if (uri && isRestorableModel(uri, vscode.workspace.workspaceFolders?.map(folder => folder.uri) ?? [])) {
      document = await vscode.workspace.openTextDocument(uri).then(opened => opened, () => undefined);
    } else if (state?.uri !== undefined) {
      client.warn(`The restored preview's saved file is not a .tm file of this workspace; it follows the editor instead: ${JSON.stringify(state.uri.slice(0, 200))}`, undefined, false);
    }
    // Locked to a model that can no longer be opened, it follows the editor instead.
    const locked = document !== undefined && state?.locked === true;
    document ??= activeModel();
    DiagramPreview.keep(new DiagramPreview(panel, context, client, document, locked));
  }

  /** tm: Toggle Preview Locking, on the focused preview. */
  static toggleLockOfActive(): void {
    const preview = [...DiagramPreview.previews].find(each => each.panel.active);
    if (!preview) return;
    preview.locked = !preview.locked;
    preview.post({ type: 'lock', locked: preview.locked });
    if (preview.document) preview.panel.title = previewTitle(fileName(preview.document), preview.locked);
    for (const other of redundantPreviews(DiagramPreview.previews, preview)) other.dispose();
  }

  static disposeAll(): void {
    for (const preview of DiagramPreview.previews) preview.dispose();
  }

  /** Keeps a new preview, closing any it duplicates (a second one following the editor, say). */
  private static keep(preview: DiagramPreview): void {
    for (const other of redundantPreviews(DiagramPreview.previews, preview)) other.dispose();
    DiagramPreview.previews.add(preview);
  }

  get uri(): string | undefined {
    return this.document?.uri.toString();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    document: vscode.TextDocument | undefined,
    public locked: boolean,
  ) {
    const webview = panel.webview;
    webview.html = previewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'out', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'out', 'webview.css')).toString(),
      layoutWorkerUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'out', 'layout-worker.js')).toString(),
      nonce: nonce(),
    });
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'images', 'tm-file.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      vscode.window.onDidChangeActiveTextEditor(editor => {
        if (editor && followsEditor(this, { uri: editor.document.uri.toString(), languageId: editor.document.languageId })) this.show(editor.document);
      }),
      // Edits and diagnostics of the preview's own model, whichever editor is active: a locked
      // preview keeps up with its model while another one is edited.
      vscode.workspace.onDidChangeTextDocument(event => {
        if (event.document === this.document) this.scheduleRefresh();
      }),
      // The server publishes diagnostics once it has checked a new version: its graph is ready.
      vscode.languages.onDidChangeDiagnostics(event => {
        if (this.document && event.uris.some(uri => uri.toString() === this.document!.uri.toString())) this.scheduleRefresh();
      }),
      vscode.window.onDidChangeTextEditorSelection(event => {
        if (event.textEditor.document === this.document) this.postSelection(event.textEditor);
      }),
    );
    this.show(document);
  }

  private show(document: vscode.TextDocument | undefined): void {
    if (!document) return;
    this.document = document;
    this.panel.title = previewTitle(fileName(document), this.locked);
    void this.refresh();
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const document = this.document;
    if (!document || !this.ready) return;
    const generation = ++this.generation;
    const params: DiagramParams = { uri: this.client.code2ProtocolConverter.asUri(document.uri) };
    let graph: DiagramGraph | null;
    let reason = 'the language server does not know this file yet';
    try {
      graph = await this.client.sendRequest<DiagramGraph | null>(DiagramRequest, params);
    } catch (error) {
      graph = null;
      reason = `the language server did not answer (${(error as Error).message})`;
    }
    if (generation !== this.generation) return;
    const uri = document.uri.toString();
    if (!graph) {
      this.post({ type: 'unavailable', uri, fileName: fileName(document), reason });
      return;
    }
    this.graph = graph;
    this.post({ type: 'graph', uri, fileName: fileName(document), graph });
    const editor = vscode.window.visibleTextEditors.find(visible => visible.document === document);
    if (editor) this.postSelection(editor);
  }

  private postSelection(editor: vscode.TextEditor): void {
    if (!this.graph) return;
    const { line, character } = editor.selection.active;
    this.post({ type: 'select', ids: idsAtPosition(this.graph, { line, character }) });
  }

  /** A message from the page: dropped, and logged, unless it is one of the replies in server/protocol.ts. */
  private receive(received: unknown): void {
    const checked = checkReply(received);
    if (!checked.ok) {
      this.client.warn(`The diagram preview sent a malformed message (${checked.reason}); it was ignored.`, undefined, false);
      return;
    }
    const message: PreviewReply = checked.value;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'lock', locked: this.locked });
        void this.refresh();
        return;
      case 'reveal':
        void this.reveal(message.id);
        return;
    }
  }

  private async reveal(id: string): Promise<void> {
    const location = this.graph && locationOf(this.graph, id);
    if (!this.document || !location) return;
    const target = location.importedFrom === undefined ? this.document : await this.importedDocument(this.document, location.importedFrom);
    if (!target) return;
    const { start, end } = location.selectionRange;
    const selection = new vscode.Selection(start.line, start.character, end.line, end.character);
    const visible = vscode.window.visibleTextEditors.find(editor => editor.document === this.document);
    const column = visible?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(target, { viewColumn: column, selection, preserveFocus: false });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** The imported file a declaration is in: only a `.tm` file on disk inside the workspace is opened. */
  private async importedDocument(model: vscode.TextDocument, importedFrom: string): Promise<vscode.TextDocument | undefined> {
    const uri = importedModelUri(model.uri, importedFrom, vscode.workspace.workspaceFolders?.map(folder => folder.uri) ?? []);
    if (!uri) {
      this.client.warn(`The diagram preview did not open ${importedFrom}: only .tm files inside the workspace are opened.`, undefined, false);
      return undefined;
    }
    try {
      return await vscode.workspace.openTextDocument(model.uri.with({ path: uri.path, query: '', fragment: '' }));
    } catch (error) {
      this.client.warn(`The diagram preview could not open ${importedFrom}: ${(error as Error).message}`, undefined, false);
      return undefined;
    }
  }

  private post(message: PreviewMessage): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    DiagramPreview.previews.delete(this);
    clearTimeout(this.refreshTimer);
    this.generation++;
    this.panel.dispose();
    while (this.disposables.length > 0) this.disposables.pop()!.dispose();
  }
}

/** Scripts only from the nonce-tagged bundle; files only from the extension's out/ folder. */
function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'out')],
    retainContextWhenHidden: false,
  };
}

export function activeModel(): vscode.TextDocument | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'tm' ? document : undefined;
}

function parseUri(text: string): vscode.Uri | undefined {
  try {
    return vscode.Uri.parse(text, true);
  } catch {
    return undefined;
  }
}

function fileName(document: vscode.TextDocument): string {
  return document.uri.path.split('/').pop() ?? document.uri.path;
}

function nonce(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}
