// The editor across files (docs/language.md §12): hover says where a name comes from, completion
// offers imported names, go to definition opens the library, the quick-fix qualifies an ambiguous
// name, and formatting, highlighting and the outline know imports and qualified names.
import type { LangiumDocument } from 'langium';
import { TextDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, Location, LocationLink, SemanticTokens } from 'vscode-languageserver';
import type { Model } from '../../server/language/generated/ast.js';
import { services } from '../language/harness.js';
import { checkWorkspace } from '../language/workspace-harness.js';

const LIBRARY = 'boundary Platform { process Login "Sign-in" }\nthreat Spoof { on Login stride S }';
const SHOP = 'import "platform/idp.tm" as Idp\nexternal User\nflow F: User -> Idp.Login';

const params = (document: LangiumDocument, text: string, delta = 0) => ({
  textDocument: { uri: document.uri.toString() },
  position: document.textDocument.positionAt(document.textDocument.getText().indexOf(text) + delta),
});

async function shop(text = SHOP): Promise<LangiumDocument<Model>> {
  const files = await checkWorkspace({ 'platform/idp.tm': LIBRARY, 'shop.tm': text });
  return files['shop.tm'].document;
}

describe('editor features across files', () => {
  it('hover on an imported name says which file declares it', async () => {
    const document = await shop();
    const hover = await services.lsp.HoverProvider!.getHoverContent(document, params(document, 'Idp.Login', 5));
    expect((hover?.contents as { value: string }).value).toMatch(/\*\*process Login\*\* — Sign-in[\s\S]*\n\nfrom `platform\/idp\.tm`$/);
    const local = await services.lsp.HoverProvider!.getHoverContent(document, params(document, 'User ->'));
    expect((local?.contents as { value: string }).value).not.toMatch(/from `/);
  });

  it('hover on `import` explains it', async () => {
    const document = await shop();
    const hover = await services.lsp.HoverProvider!.getHoverContent(document, params(document, 'import'));
    expect((hover?.contents as { value: string }).value).toMatch(/^\*\*import\*\* — brings in another file's declarations/);
  });

  it('go to definition of a qualified name opens the library at the declaration', async () => {
    const document = await shop();
    const links = await services.lsp.DefinitionProvider!.getDefinition(document, params(document, 'Idp.Login', 5)) as Array<Location | LocationLink>;
    expect(links).toHaveLength(1);
    const link = links[0] as LocationLink;
    expect(link.targetUri).toMatch(/\/platform\/idp\.tm$/);
    expect(link.targetSelectionRange.start).toEqual({ line: 0, character: 28 });
  });

  it('completion offers the imported names, plain and qualified, saying where they come from', async () => {
    const document = await shop('import "platform/idp.tm" as Idp\nexternal User\nflow F: User -> ');
    const position = document.textDocument.positionAt(document.textDocument.getText().length);
    const list = await services.lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri: document.uri.toString() }, position });
    const items = (list?.items ?? []);
    const login = items.filter(item => item.label === 'Login' || item.label === 'Idp.Login');
    expect(login.map(item => item.label).sort()).toEqual(['Idp.Login', 'Login']);
    expect(login[0].detail).toMatch(/^process · Sign-in · from platform\/idp\.tm$/);
  });

  it('completion after a qualifier offers that import\'s names, replacing what was typed', async () => {
    const document = await shop('import "platform/idp.tm" as Idp\nexternal User\nflow F: User -> Idp.Lo');
    const position = document.textDocument.positionAt(document.textDocument.getText().length);
    const list = await services.lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri: document.uri.toString() }, position });
    const login = list?.items.find(item => item.label === 'Idp.Login');
    expect(login?.textEdit).toEqual({ newText: 'Idp.Login', range: { start: { line: 2, character: 16 }, end: { line: 2, character: 22 } } });
  });

  it('the quick-fix of ambiguous-reference replaces the name with each qualified one', async () => {
    const files = await checkWorkspace({ 'platform/idp.tm': LIBRARY, 'shop.tm': 'import "platform/idp.tm" as Idp\nexternal User\nprocess Login\nflow F: User -> Login' });
    const document = files['shop.tm'].document;
    const diagnostic = files['shop.tm'].diagnostics.find(d => d.code === 'ambiguous-reference') as Diagnostic;
    const actions = await services.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }) as Array<{ title: string; edit: { changes: Record<string, Array<{ range: Diagnostic['range']; newText: string }>> } }>;
    expect(actions.map(action => action.title)).toEqual(['Qualify as Idp.Login']);
    const fixed = TextDocument.applyEdits(document.textDocument, actions[0].edit.changes[document.uri.toString()]);
    expect(fixed.endsWith('flow F: User -> Idp.Login')).toBe(true);
    const again = await checkWorkspace({ 'platform/idp.tm': LIBRARY, 'shop.tm': fixed });
    expect(again['shop.tm'].codes).not.toContain('ambiguous-reference');
  });

  it.each([
    ['unused-import', 'import "platform/idp.tm" as Idp\nimport "bus.tm" // the bus\nexternal User\nflow F: User -> Idp.Login', 'import "platform/idp.tm" as Idp\nexternal User\nflow F: User -> Idp.Login'],
    ['duplicate-import', 'import "platform/idp.tm" as Idp\nexternal User import "platform/idp.tm"\nflow F: User -> Idp.Login', 'import "platform/idp.tm" as Idp\nexternal User \nflow F: User -> Idp.Login'],
  ])('the quick-fix of %s removes the import (its line when it is alone on it)', async (code, text, expected) => {
    const files = await checkWorkspace({ 'platform/idp.tm': LIBRARY, 'bus.tm': 'process Broker', 'shop.tm': text });
    const document = files['shop.tm'].document;
    const diagnostic = files['shop.tm'].diagnostics.find(d => d.code === code) as Diagnostic;
    const actions = await services.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }) as Array<{ title: string; edit: { changes: Record<string, Array<{ range: Diagnostic['range']; newText: string }>> } }>;
    expect(actions.map(action => action.title)).toEqual(['Remove this import']);
    const fixed = TextDocument.applyEdits(document.textDocument, actions[0].edit.changes[document.uri.toString()]);
    expect(fixed).toBe(expected);
    const again = await checkWorkspace({ 'platform/idp.tm': LIBRARY, 'bus.tm': 'process Broker', 'shop.tm': fixed });
    expect(again['shop.tm'].codes.filter(c => c.includes('import') || c === 'syntax-error')).toEqual([]);
  });

  it('formatting keeps a qualified name whole and puts each import on its own line', async () => {
    const document = await shop('import "platform/idp.tm" as Idp import "b.tm"\nexternal User\nflow F: User ->  Idp . Login');
    const edits = await services.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 2, insertSpaces: true } });
    expect(TextDocument.applyEdits(document.textDocument, edits)).toBe('import "platform/idp.tm" as Idp\nimport "b.tm"\nexternal User\nflow F: User -> Idp.Login\n');
  });

  it('highlights a qualified name as the import\'s namespace, then the name', async () => {
    const document = await shop();
    const tokens: SemanticTokens = await services.lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument: { uri: document.uri.toString() } });
    const legend = services.lsp.SemanticTokenProvider!.tokenTypes;
    const names = Object.fromEntries(Object.entries(legend).map(([name, index]) => [index, name]));
    // Decode the relative encoding into (line, start, length, type).
    const decoded: Array<[number, number, number, string]> = [];
    let line = 0;
    let start = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      line += tokens.data[i];
      start = tokens.data[i] === 0 ? start + tokens.data[i + 1] : tokens.data[i + 1];
      decoded.push([line, start, tokens.data[i + 2], names[tokens.data[i + 3]]]);
    }
    expect(decoded).toContainEqual([0, 28, 3, 'namespace']);
    expect(decoded).toContainEqual([2, 16, 3, 'namespace']);
    expect(decoded).toContainEqual([2, 20, 5, 'class']);
  });

  it('the outline lists each import with its qualifier', async () => {
    const document = await shop();
    const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
    expect(symbols[0]).toMatchObject({ name: 'platform/idp.tm', detail: 'as Idp' });
  });
});
