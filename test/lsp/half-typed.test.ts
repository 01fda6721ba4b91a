// Every feature on every prefix of a complete model: what a user has on screen while typing.
// None may throw; returning nothing is fine.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import type { LangiumDocument } from 'langium';
import { services, textParams, withDocument } from './lsp-services.js';

const SPEC_EXAMPLE = readFileSync(new URL('./fixtures/spec-example.tm', import.meta.url), 'utf8');
const STEP = 17;

async function everyFeature(document: LangiumDocument): Promise<void> {
  const lsp = services.lsp;
  const params = textParams(document);
  const end = document.textDocument.positionAt(document.textDocument.getText().length);
  const middle = document.textDocument.positionAt(Math.floor(document.textDocument.getText().length / 2));
  const range = { start: { line: 0, character: 0 }, end };
  await lsp.CompletionProvider!.getCompletion(document, { ...params, position: end });
  await lsp.HoverProvider!.getHoverContent(document, { ...params, position: middle });
  await lsp.CodeActionProvider!.getCodeActions(document, { ...params, range, context: { diagnostics: document.diagnostics ?? [] } });
  await lsp.DocumentSymbolProvider!.getSymbols(document, params);
  await lsp.Formatter!.formatDocument(document, { ...params, options: { tabSize: 2, insertSpaces: true } });
  await lsp.SemanticTokenProvider!.semanticHighlight(document, params);
  await lsp.InlayHintProvider!.getInlayHints(document, { ...params, range });
  await lsp.CodeLensProvider!.provideCodeLens(document, params);
  await lsp.FoldingRangeProvider!.getFoldingRanges(document, params);
}

test('every feature answers on every prefix of the spec example', async () => {
  let checked = 0;
  for (let length = 0; length <= SPEC_EXAMPLE.length; length += STEP) {
    await withDocument(SPEC_EXAMPLE.slice(0, length), everyFeature);
    checked++;
  }
  expect(checked).toBeGreaterThan(SPEC_EXAMPLE.length / STEP);
});
