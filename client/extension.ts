// The VS Code extension: starts the tm language server for `.tm` files and shows the open
// model's verdict in the status bar. Everything else (diagnostics, completion, hover,
// quick-fixes, …) comes from the server over LSP.
import * as vscode from 'vscode';
import type { TmLanguageClient } from './language-client.js';
import { createClient } from './language-client.js';
import { VerdictStatusItem } from './status-bar.js';
import { registerPreview } from './preview/register.js';

let client: TmLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = createClient(context);
  // Registered before the server has started, so the commands and a restored preview work at
  // once: their requests wait for the server.
  registerPreview(context, client);
  await client.start();
  context.subscriptions.push(new VerdictStatusItem(client));
}

/** Stops the server. A client still starting has no connection to stop: its server exits with the extension host. */
export async function deactivate(): Promise<void> {
  const stopping = client?.isRunning() ? client.stop() : undefined;
  client = undefined;
  await stopping;
}
