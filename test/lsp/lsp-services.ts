// The language services the LSP feature tests share: in memory, with a fixed date so review
// diagnostics do not depend on the day the tests run.
import { EmptyFileSystem, TextDocument } from 'langium';
import type { LangiumDocument } from 'langium';
import { clearDocuments, expectCompletion, parseDocument } from 'langium/test';
import type { CompletionItem, Position } from 'vscode-languageserver';
import type { Model } from '../../server/language/generated/ast.js';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';

export const services = createTmServices(EmptyFileSystem).Tm;
services.settings.update({ today: '2026-11-01' });

const CURSOR = '<|>';

/**
 * Builds (parses, links, validates) `text` with its `<|>` cursor marker removed, runs `use`
 * on it and removes the document again.
 */
export async function withDocument<T>(text: string, use: (document: LangiumDocument<Model>, cursor: Position) => Promise<T> | T): Promise<T> {
  const offset = Math.max(text.indexOf(CURSOR), 0);
  const document = await parseDocument<Model>(services, text.replace(CURSOR, ''), { validation: true });
  try {
    return await use(document, document.textDocument.positionAt(offset));
  } finally {
    await clearDocuments(services, [document]);
  }
}

export function textParams(document: LangiumDocument) {
  return { textDocument: { uri: document.uri.toString() } };
}

/** `text` after document formatting, with the client's tab size set to something other than 2. */
export function formatted(text: string): Promise<string> {
  return withDocument(text, async document => {
    const edits = await services.lsp.Formatter!.formatDocument(document, { ...textParams(document), options: { tabSize: 4, insertSpaces: false } });
    return TextDocument.applyEdits(document.textDocument, edits);
  });
}

/** The Markdown of the hover at the `<|>` marker, or undefined when there is none. */
export function hoverAt(text: string): Promise<string | undefined> {
  return withDocument(text, async (document, position) => {
    const hover = await services.lsp.HoverProvider!.getHoverContent(document, { ...textParams(document), position });
    return hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : undefined;
  });
}

/** The completion items at the `<|>` marker. */
export async function completionsAt(text: string): Promise<CompletionItem[]> {
  let items: CompletionItem[] = [];
  await expectCompletion(services)({ text, index: 0, disposeAfterCheck: true, assert: list => { items = list.items; } });
  return items;
}

export async function labelsAt(text: string): Promise<string[]> {
  return (await completionsAt(text)).map(item => item.label);
}
