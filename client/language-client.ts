// The language client of the extension: how the server is started, and the two ways this client
// differs from vscode-languageclient's own.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, MessageSignature, ServerOptions } from 'vscode-languageclient/node';

/**
 * Requests that VS Code sends while the window closes are dropped quietly. Left to the base
 * client, a request already on its way when `stop()` begins waits for a connection that is
 * going away and fails with "Starting server failed", which VS Code logs as `provider FAILED`.
 */
export class TmLanguageClient extends LanguageClient {
  private stopping = false;

  override stop(timeout?: number): Promise<void> {
    this.stopping = true;
    return super.stop(timeout);
  }

  override handleFailedRequest<T>(type: MessageSignature, token: vscode.CancellationToken | undefined, error: unknown, defaultValue: T, showNotification?: boolean, throwOnCancel?: boolean): T {
    if (this.stopping) return defaultValue;
    return super.handleFailedRequest(type, token, error, defaultValue, showNotification, throwOnCancel);
  }
}

/** The team pack files of a repository: `.tm/catalogue/*.yaml`, `*.yml` or `*.json`. */
export const TEAM_PACK_PATTERN = '**/.tm/catalogue/*.{yaml,yml,json}';

export function createClient(context: vscode.ExtensionContext): TmLanguageClient {
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
      // Team packs (docs/catalogue.md): the server checks them and completes and explains their fields and facts.
      { scheme: 'file', pattern: TEAM_PACK_PATTERN },
    ],
    // The server reads `tm.*` through workspace/configuration and is told of every change.
    synchronize: { configurationSection: 'tm' },
    middleware: {
      // The extension contributes snippets/tm.json, the very snippets the server offers other
      // editors (server/lsp/snippets.ts): VS Code would list each twice.
      provideCompletionItem: async (document, position, completionContext, token, next) => withoutSnippets(await next(document, position, completionContext, token)),
    },
  };
  return new TmLanguageClient('tm', 'tm threat models', serverOptions, clientOptions);
}

type Completions = vscode.CompletionItem[] | vscode.CompletionList | null | undefined;

export function withoutSnippets(completions: Completions): Completions {
  const isNotSnippet = (item: vscode.CompletionItem) => item.kind !== vscode.CompletionItemKind.Snippet;
  if (!completions) return completions;
  if (Array.isArray(completions)) return completions.filter(isNotSnippet);
  return new vscode.CompletionList(completions.items.filter(isNotSnippet), completions.isIncomplete);
}
