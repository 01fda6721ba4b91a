// Hostile-input harness: parse a text with the editor's services, then drive every language
// feature the server offers over it. Features are found through `services.lsp`, so a feature
// added later is exercised without touching this file.
import type { LangiumDocument } from 'langium';
import { EmptyFileSystem, TextDocument } from 'langium';
import { clearDocuments, parseDocument } from 'langium/test';
import type { Diagnostic, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { CodeAction } from 'vscode-languageserver';
import type { Model } from '../../server/language/generated/ast.js';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';
import { analyzeModel } from '../../server/domain/analysis.js';
import { modelGraph, renderMermaid } from '../../server/diagram/index.js';
import { buildReport } from '../../server/report/build-report.js';
import { renderHtml } from '../../server/report/html.js';
import { renderJsonReport } from '../../server/report/json.js';
import { renderMarkdown } from '../../server/report/markdown.js';

export const { shared, Tm: services } = createTmServices(EmptyFileSystem);
services.settings.update({ today: '2026-11-01' });

export async function check(text: string): Promise<LangiumDocument<Model>> {
  return parseDocument<Model>(services, text, { validation: true });
}

export async function dispose(document: LangiumDocument): Promise<void> {
  await clearDocuments(services, [document]);
}

export function syntaxErrors(document: LangiumDocument): Diagnostic[] {
  return (document.diagnostics ?? []).filter(diagnostic => diagnostic.code === 'syntax-error');
}

export function messageText(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

export function codesOf(document: LangiumDocument): string[] {
  return (document.diagnostics ?? []).map(diagnostic => String(diagnostic.code));
}

/** The visible tokens (no whitespace, no comments) and the comments of a text, as written. */
export function tokenImages(text: string): { tokens: string[]; comments: string[] } {
  const result = services.parser.Lexer.tokenize(text);
  return {
    tokens: result.tokens.map(token => token.image),
    comments: result.hidden.filter(token => token.tokenType.name.endsWith('COMMENT')).map(token => token.image),
  };
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///edit.tm', 'tm', 0, text), [...edits]);
}

function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  return edit?.changes?.[uri] ?? edit?.documentChanges?.flatMap(change => 'edits' in change && change.textDocument.uri === uri ? change.edits.filter((e): e is TextEdit => 'range' in e) : []) ?? [];
}

export interface FeatureResults {
  /** The text after each quick-fix offered for the document's diagnostics. */
  fixedTexts: Array<{ title: string; code: string; text: string }>;
  /** The text after document formatting, when a formatter exists. */
  formatted?: string;
}

/**
 * Calls every feature at every given offset (completion, hover, definition, references,
 * highlight, rename) and once per document (symbols, folding, semantic tokens, inlay hints,
 * code lenses, links, formatting, a code-action request per diagnostic). A thrown error fails
 * the caller's test; results are returned where the caller checks them.
 */
export async function exerciseFeatures(document: LangiumDocument, offsets: readonly number[]): Promise<FeatureResults> {
  const lsp = services.lsp;
  const textDocument = { uri: document.textDocument.uri };
  const text = document.textDocument.getText();
  const whole: Range = { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(text.length) };
  for (const offset of offsets) {
    const position = document.textDocument.positionAt(offset);
    const at = { textDocument, position };
    await lsp.CompletionProvider?.getCompletion(document, at);
    await lsp.HoverProvider?.getHoverContent(document, at);
    await lsp.DefinitionProvider?.getDefinition(document, at);
    await lsp.DeclarationProvider?.getDeclaration(document, at);
    await lsp.ReferencesProvider?.findReferences(document, { ...at, context: { includeDeclaration: true } });
    await lsp.DocumentHighlightProvider?.getDocumentHighlight(document, at);
    if (await lsp.RenameProvider?.prepareRename(document, at)) await lsp.RenameProvider?.rename(document, { ...at, newName: 'Renamed' });
  }
  await lsp.DocumentSymbolProvider?.getSymbols(document, { textDocument });
  await lsp.FoldingRangeProvider?.getFoldingRanges(document, { textDocument });
  await lsp.SemanticTokenProvider?.semanticHighlight(document, { textDocument });
  await lsp.InlayHintProvider?.getInlayHints(document, { textDocument, range: whole });
  await lsp.CodeLensProvider?.provideCodeLens(document, { textDocument });
  await lsp.DocumentLinkProvider?.getDocumentLinks(document, { textDocument });

  const fixedTexts: FeatureResults['fixedTexts'] = [];
  for (const diagnostic of document.diagnostics ?? []) {
    const actions = await lsp.CodeActionProvider?.getCodeActions(document, { textDocument, range: diagnostic.range, context: { diagnostics: [diagnostic] } }) ?? [];
    for (const action of actions) {
      if (!CodeAction.is(action)) continue;
      fixedTexts.push({ title: action.title, code: String(diagnostic.code), text: applyEdits(text, editsOf(action.edit, textDocument.uri)) });
    }
  }
  const formatting = await lsp.Formatter?.formatDocument(document, { textDocument, options: { tabSize: 2, insertSpaces: true } });
  return { fixedTexts, formatted: formatting ? applyEdits(text, formatting) : undefined };
}

/**
 * The outputs built from a model outside the editor: the diagram graph the preview receives,
 * Mermaid, and the report in every format. (The SVG layout is exercised by the deep-nesting and
 * XSS tests; laying out every fuzz case would only make the suite slow.)
 */
export function renderOutputs(document: LangiumDocument<Model>): void {
  const analysis = analyzeModel(document.parseResult.value);
  renderMermaid(modelGraph(analysis));
  const report = buildReport(analysis, { today: '2026-11-01', reviewMaxAgeDays: 90, coverageFlows: 'crossing' });
  renderMarkdown(report);
  renderHtml(report);
  renderJsonReport(report);
}
