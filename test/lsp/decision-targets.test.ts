// The editor on decisions that name their targets (`for`, docs/language.md §4): completion of the
// threat's targets, hovers and the outline per target, quick-fixes of target-not-on-threat,
// semantic tokens and formatting. The services' today is 2026-11-01.
import { describe, expect, test } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { SemanticTokensDecoder } from 'langium/lsp';
import { TextDocument } from 'langium';
import { formatted, hoverAt, labelsAt, services, textParams, withDocument } from './lsp-services.js';

const SYSTEM = 'process Api\nstore Db { kind database }\nprocess Other\nflow Query: Api -> Db { protocol SQL }\nflow Call: Api -> Other\n';
const DECIDED = `${SYSTEM}threat T "Injection" { on Api, Db, Query  stride T  likelihood 3  impact 3
  accepted "internal only" by "lead" ticket "SEC-9" for Api
  mitigation "bound parameters" done for Db, Query
}
`;

describe('completion', () => {
  test('after `for`: the threat\'s targets, not those already named', async () => {
    expect(await labelsAt(`${SYSTEM}threat T { on Api, Db, Query  stride T  mitigation "m" done for Db, <|> }`)).toEqual(['Api', 'Query']);
  });

  test('after a decision: `for` among its options', async () => {
    expect(await labelsAt(`${SYSTEM}threat T { on Api  stride T  accepted "a" by "b" <|> }`)).toContain('for');
    expect(await labelsAt(`${SYSTEM}threat T { on Api  stride T  eliminated "cut" <|> }`)).toContain('for');
  });
});

describe('hover', () => {
  test('on the threat: each target\'s status with what decided it', async () => {
    expect(await hoverAt(DECIDED.replace('threat T', 'threat <|>T'))).toContain('Status: Api: accepted, ticket SEC-9; Db, Query: mitigated');
  });

  test('on a target: the threat\'s status there', async () => {
    expect(await hoverAt(DECIDED.replace('store Db', 'store <|>Db'))).toContain('- T Injection — 9 · fix now · mitigated');
    expect(await hoverAt(DECIDED.replace('process Api', 'process <|>Api'))).toContain('- T Injection — 9 · fix now · accepted, ticket SEC-9');
  });

  test('on `for`: what it means', async () => {
    expect(await hoverAt(DECIDED.replace('done for', 'done <|>for'))).toContain('the targets of the threat this decision is about');
  });
});

test('the outline shows the threat\'s status and, when they differ, each target\'s', async () => {
  const symbols = await withDocument(DECIDED, document => services.lsp.DocumentSymbolProvider!.getSymbols(document, textParams(document)));
  expect((symbols as Array<{ name: string; detail?: string }>).find(symbol => symbol.name === 'T')?.detail)
    .toBe('9 · fix now · accepted (Api: accepted; Db, Query: mitigated) — Injection');
});

describe('quick-fixes of target-not-on-threat', () => {
  async function fixed(text: string, title: string): Promise<{ text: string; diagnostics: Diagnostic[] }> {
    const actions = await withDocument(text, async document => {
      const relevant = (document.diagnostics ?? []).filter(diagnostic => (diagnostic.data as { code?: string }).code === 'target-not-on-threat');
      expect(relevant).toHaveLength(1);
      return await services.lsp.CodeActionProvider!.getCodeActions(document, { ...textParams(document), range: relevant[0].range, context: { diagnostics: relevant } }) as CodeAction[];
    });
    const action = actions.find(candidate => candidate.title === title);
    expect(action, actions.map(candidate => candidate.title).join(' | ')).toBeDefined();
    const result = TextDocument.applyEdits(TextDocument.create('file:///f.tm', 'tm', 0, text), Object.values(action!.edit!.changes!)[0]);
    return { text: result, diagnostics: await withDocument(result, document => document.diagnostics ?? []) };
  }
  const codes = (diagnostics: Diagnostic[]) => diagnostics.map(diagnostic => (diagnostic.data as { code?: string }).code);

  test('add the name to the threat\'s `on`', async () => {
    const result = await fixed(`${SYSTEM}threat T { on Api, Db  stride T  mitigation "m" done for Db, Other }`, 'Add Other to the threat\'s `on`');
    expect(result.text).toContain('threat T { on Api, Db, Other  stride T  mitigation "m" done for Db, Other }');
    expect(codes(result.diagnostics)).not.toContain('target-not-on-threat');
  });

  test('remove it from `for`: with its comma, or with `for` when it is the only name', async () => {
    expect((await fixed(`${SYSTEM}threat T { on Api, Db  stride T  mitigation "m" done for Db, Other }`, 'Remove Other from `for`')).text)
      .toContain('mitigation "m" done for Db }');
    expect((await fixed(`${SYSTEM}threat T { on Api, Db  stride T  mitigation "m" done for Other, Db }`, 'Remove Other from `for`')).text)
      .toContain('mitigation "m" done for Db }');
    const alone = await fixed(`${SYSTEM}threat T { on Api, Db  stride T  mitigation "m" done for Other owner "dana" }`, 'Remove Other from `for`');
    expect(alone.text).toContain('mitigation "m" done owner "dana" }');
    expect(codes(alone.diagnostics)).not.toContain('target-not-on-threat');
  });
});

test('semantic tokens: the names after `for` as what they name', async () => {
  const tokens = await withDocument('process Api\nstore Db\nflow Q: Api -> Db\nthreat T { on Api, Q  mitigation "m" done for Api, Q }', async document => {
    const provider = services.lsp.SemanticTokenProvider!;
    return SemanticTokensDecoder.decode(await provider.semanticHighlight(document, textParams(document)), provider.tokenTypes, document)
      .map(token => `${token.text}:${token.tokenType}${token.tokenModifiers ? '+decl' : ''}`);
  });
  expect(tokens.slice(-2)).toEqual(['Api:class', 'Q:event']);
});

test('formatting: `for` lists like `on` lists', async () => {
  expect(await formatted('threat T {\n  accepted "a" by "b"   for Api ,Db\n}\n')).toBe('threat T {\n  accepted "a" by "b"  for Api, Db\n}\n');
});
