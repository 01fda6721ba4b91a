// The VS Code extension: starts the tm language server for `.tm` files and shows the open
// model's verdict in the status bar. Everything else (diagnostics, completion, hover,
// quick-fixes, …) comes from the server over LSP.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { VerdictStatusItem } from './status-bar.js';
import { registerPreview } from './preview/register.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = createClient(context);
  // Registered before the server has started, so the commands and a restored preview work at
  // once: their requests wait for the server.
  registerPreview(context, client);
  await client.start();
  context.subscriptions.push(new VerdictStatusItem(client));
}

export async function deactivate(): Promise<void> {
  const stopping = client?.stop();
  client = undefined;
  await stopping;
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('out/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    // Launched by "Run Extension" from a checkout: attach a Node debugger to port 6009.
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'tm', scheme: 'file' },
      { language: 'tm', scheme: 'untitled' },
    ],
    // The server reads `tm.*` through workspace/configuration and is told of every change.
    synchronize: { configurationSection: 'tm' },
  };
  return new LanguageClient('tm', 'tm threat models', serverOptions, clientOptions);
}
