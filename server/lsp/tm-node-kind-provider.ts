// One icon per kind of declaration, for the outline and for completion items alike.
import type { AstNode, AstNodeDescription } from 'langium';
import type { NodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';

const KINDS: Readonly<Record<string, { symbol: SymbolKind; completion: CompletionItemKind }>> = {
  ModelHeader: { symbol: SymbolKind.File, completion: CompletionItemKind.File },
  External: { symbol: SymbolKind.Interface, completion: CompletionItemKind.Interface },
  Process: { symbol: SymbolKind.Class, completion: CompletionItemKind.Class },
  Store: { symbol: SymbolKind.Struct, completion: CompletionItemKind.Struct },
  Boundary: { symbol: SymbolKind.Namespace, completion: CompletionItemKind.Module },
  Flow: { symbol: SymbolKind.Event, completion: CompletionItemKind.Event },
  Threat: { symbol: SymbolKind.Key, completion: CompletionItemKind.Reference },
  Attack: { symbol: SymbolKind.Operator, completion: CompletionItemKind.Operator },
  DataAsset: { symbol: SymbolKind.Enum, completion: CompletionItemKind.Enum },
};

export class TmNodeKindProvider implements NodeKindProvider {
  getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
    return KINDS[typeOf(node)]?.symbol ?? SymbolKind.Field;
  }

  getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
    return KINDS[typeOf(node)]?.completion ?? CompletionItemKind.Reference;
  }
}

function typeOf(node: AstNode | AstNodeDescription): string {
  return '$type' in node ? node.$type : node.type;
}
