import { describe, expect, test } from 'vitest';
import type { DocumentSymbol } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import { expectFindReferences, expectFoldings, expectGoToDefinition } from 'langium/test';
import { TextDocument } from 'langium';
import { services, textParams, withDocument } from './lsp-services.js';

const MODEL = `model "Payments" { owner "payments-team" }
external Customer "Customer browser"
boundary Shop {
  process Api "API server"
  boundary Vault { store Keys }
}
flow Checkout: Customer -> Api "checkout request"
threat T1 "Reads another invoice" { on Api stride I likelihood 3 impact 3 }
threat T2 "Floods the API" { on Api, Checkout stride D }
attack A "Read invoices" { realizes T1 or { "Change the id" cost low "SQL injection" cost medium } }
`;

function symbolsOf(text: string): Promise<DocumentSymbol[]> {
  return withDocument(text, document => services.lsp.DocumentSymbolProvider!.getSymbols(document, textParams(document)) as DocumentSymbol[]);
}

/** `name: detail` per symbol, children indented. */
function outline(symbols: DocumentSymbol[], indent = ''): string[] {
  return symbols.flatMap(symbol => [`${indent}${symbol.name}: ${symbol.detail ?? ''}`, ...outline(symbol.children ?? [], `${indent}  `)]);
}

describe('outline', () => {
  test('boundaries contain their members; threats show score, bucket and status', async () => {
    expect(outline(await symbolsOf(MODEL))).toEqual([
      'Payments: owner payments-team',
      'Customer: Customer browser',
      'Shop: ',
      '  Api: API server',
      '  Vault: ',
      '    Keys: ',
      'Checkout: Customer → Api · checkout request',
      'T1: 9 · fix now · open — Reads another invoice',
      'T2: unscored · open — Floods the API',
      'A: Read invoices · cheapest path 2 (low)',
    ]);
  });

  test('each kind has its own icon', async () => {
    const kinds = (await symbolsOf(MODEL)).map(symbol => symbol.kind);
    expect(kinds).toEqual([SymbolKind.File, SymbolKind.Interface, SymbolKind.Namespace, SymbolKind.Event, SymbolKind.Key, SymbolKind.Key, SymbolKind.Operator]);
  });

  test('the selection is the name', async () => {
    const [, customer] = await symbolsOf(MODEL);
    expect(customer.selectionRange).toEqual({ start: { line: 1, character: 9 }, end: { line: 1, character: 17 } });
  });

  test('half-typed declarations are skipped, the rest is listed', async () => {
    expect(outline(await symbolsOf('process A\nthreat { on A\nflow F: A ->\nprocess B'))).toContain('B: ');
  });
});

describe('go to definition, references, rename', () => {
  const REFS = 'process <|Api|>\nstore Db\nflow F: <|A<|>pi|> -> Db\nthreat T { on <|Api|>, F stride S }';

  test('a reference leads to its declaration', async () => {
    await expectGoToDefinition(services)({ text: 'process <|Api|>\nstore Db\nflow F: A<|>pi -> Db', index: 0, rangeIndex: 0, disposeAfterCheck: true });
  });

  test('references include every use', async () => {
    await expectFindReferences(services)({ text: REFS, includeDeclaration: true, disposeAfterCheck: true });
  });

  test('rename updates the declaration and every reference', async () => {
    const text = 'process Api\nstore Db\nflow F: Api -> Db\nthreat T { on Api, F stride S }\nattack A "g" { realizes T or { "x" cost low } }';
    const renamed = await withDocument(text, async document => {
      const edit = await services.lsp.RenameProvider!.rename(document, { ...textParams(document), position: { line: 0, character: 9 }, newName: 'Gateway' });
      return TextDocument.applyEdits(document.textDocument, edit!.changes![document.textDocument.uri]);
    });
    expect(renamed).toBe('process Gateway\nstore Db\nflow F: Gateway -> Db\nthreat T { on Gateway, F stride S }\nattack A "g" { realizes T or { "x" cost low } }');
    const diagnostics = await withDocument(renamed, document => document.diagnostics ?? []);
    expect(diagnostics.filter(diagnostic => diagnostic.severity === 1)).toEqual([]);
  });
});

describe('folding', () => {
  test('every multi-line block folds', async () => {
    await expectFoldings(services)({
      text: '<|boundary B {\n  process P {\n    privilege user\n  }\n|>}\n<|threat T {\n  on P\n|>}\n<|/* a\n comment\n|>*/\nprocess Q { }',
      disposeAfterCheck: true,
      assert: (foldings, ranges) => {
        expect(foldings.map(folding => [folding.startLine, folding.endLine])).toEqual(expect.arrayContaining([[0, 3], [1, 2], [5, 6], [8, 9]]));
        expect(ranges).toHaveLength(3);
      },
    });
  });
});
