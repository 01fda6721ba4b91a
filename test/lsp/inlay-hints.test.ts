import { expect, test } from 'vitest';
import type { InlayHint } from 'vscode-languageserver';
import { services, textParams, withDocument } from './lsp-services.js';

function hintsOf(text: string): Promise<InlayHint[]> {
  return withDocument(text, async document => {
    const range = { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(text.length) };
    return await services.lsp.InlayHintProvider!.getInlayHints(document, { ...textParams(document), range }) ?? [];
  });
}

test('after `impact`: the score and bucket', async () => {
  const text = 'process P\nthreat T1 { on P stride S\n  likelihood 3  impact 3\n}\nthreat T2 { on P stride T likelihood low impact medium }';
  const hints = await hintsOf(text);
  expect(hints.map(hint => [hint.position, hint.label])).toEqual([
    [{ line: 2, character: 24 }, '= 9 · fix now'],
    [{ line: 4, character: 54 }, '= 2 · watch'],
  ]);
});

test('only the first impact counts, and unscored threats get none', async () => {
  const hints = await hintsOf('process P\nthreat T1 { likelihood 2 impact 2 impact 3 }\nthreat T2 { impact 3 }\nthreat T3 { likelihood 2 impact 7 }');
  expect(hints.map(hint => [hint.position.line, hint.position.character, hint.label])).toEqual([[1, 33, '= 4 · fix soon']]);
});

test('half-typed threats get no hint and no error', async () => {
  expect(await hintsOf('threat T { likelihood 2 impact')).toEqual([]);
});
