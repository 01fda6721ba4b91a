// The editor on an acceptance's or transfer's ticket, date and until (docs/language.md §4, §8):
// completion, hover, outline, formatting and highlighting. The services' today is 2026-11-01.
import { describe, expect, test } from 'vitest';
import type { CompletionItem } from 'vscode-languageserver';
import { expectCompletion } from 'langium/test';
import { SemanticTokensDecoder } from 'langium/lsp';
import { formatted, services, textParams, withDocument } from './lsp-services.js';

function hoverAt(text: string): Promise<string | undefined> {
  return withDocument(text, async (document, position) => {
    const hover = await services.lsp.HoverProvider!.getHoverContent(document, { ...textParams(document), position });
    return hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : undefined;
  });
}

async function labelsAt(text: string): Promise<string[]> {
  let items: CompletionItem[] = [];
  await expectCompletion(services)({ text, index: 0, disposeAfterCheck: true, assert: list => { items = list.items; } });
  return items.map(item => item.label);
}

const THREAT = 'process Api\nthreat T "Reads invoices" { on Api stride I likelihood 3 impact 3';

describe('completion', () => {
  test('after an acceptance or a transfer: ticket, date and until', async () => {
    expect(await labelsAt(`${THREAT} accepted "fine" by "cto" <|> }`)).toEqual(expect.arrayContaining(['ticket', 'date', 'until']));
    expect(await labelsAt(`${THREAT} transferred "insured" to "insurer" ticket "INS-1" <|> }`)).toEqual(expect.arrayContaining(['date', 'until']));
  });

  test('after a mitigation, no date or until', async () => {
    const labels = await labelsAt(`${THREAT} mitigation "m" <|> }`);
    expect(labels).toContain('ticket');
    expect(labels).not.toContain('until');
  });
});

describe('hover on a threat', () => {
  test('the status says until when and which ticket', async () => {
    const hover = await hoverAt(`${THREAT.replace('threat T', 'threat <|>T')} accepted "fine" by "cto" ticket "SEC-12" date "2026-10-01" until "2027-05-01" }`);
    expect(hover).toContain('Status: accepted until 2027-05-01, ticket SEC-12');
  });

  test('an expired acceptance: the threat is open again, and the hover says why', async () => {
    const hover = await hoverAt(`${THREAT.replace('threat T', 'threat <|>T')} accepted "fine" by "cto" until "2026-10-31" }`);
    expect(hover).toContain('Status: open (acceptance expired: until 2026-10-31)');
  });

  test('on a target, each threat line carries the same status, escaped', async () => {
    const hover = await hoverAt(`${THREAT.replace('process Api', 'process <|>Api')} transferred "insured" to "insurer" ticket "INS-<b>3" }`);
    expect(hover).toContain('- T Reads invoices — 9 · fix now · transferred, ticket INS-\\<b\\>3');
  });
});

test('the outline shows an expired acceptance as open', async () => {
  const symbols = await withDocument(`${THREAT} accepted "fine" by "cto" until "2026-10-31" }`, document => services.lsp.DocumentSymbolProvider!.getSymbols(document, textParams(document)));
  expect((symbols as Array<{ name: string; detail?: string }>).find(symbol => symbol.name === 'T')?.detail).toBe('9 · fix now · open — Reads invoices');
});

test('formatting keeps ticket, date and until on the decision\'s line', async () => {
  expect(await formatted('threat T {\n  accepted "a"   by "b"  ticket "X-1"   date "2026-01-01" until   "2027-01-01"\n  transferred "c" to "d" ticket "Y"\n}\n'))
    .toBe('threat T {\n  accepted "a"  by "b"  ticket "X-1"  date "2026-01-01" until "2027-01-01"\n  transferred "c" to "d" ticket "Y"\n}\n');
});

test('semantic tokens: `date` and `until` as names are names; as fields they are left to the TextMate grammar', async () => {
  const tokens = await withDocument('process date\nprocess until\nflow F: date -> until\nthreat T { on date accepted "a" by "b" date "2026-01-01" until "2027-01-01" }', async document => {
    const provider = services.lsp.SemanticTokenProvider!;
    return SemanticTokensDecoder.decode(await provider.semanticHighlight(document, textParams(document)), provider.tokenTypes, document)
      .map(token => `${token.text}:${token.tokenType}${token.tokenModifiers ? '+decl' : ''}`);
  });
  expect(tokens).toEqual(['date:class+decl', 'until:class+decl', 'F:event+decl', 'date:class', 'until:class', 'T:variable+decl', 'date:class']);
});

test('hover on `until` says when the decision stops counting', async () => {
  expect(await hoverAt(`${THREAT} accepted "fine" by "cto" <|>until "2027-05-01" }`)).toContain('From the day after it no longer counts');
});
