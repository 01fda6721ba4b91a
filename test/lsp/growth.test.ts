// The editor on the constructs of issue #18: descriptions and references, data assets, replies,
// technology and trust, an acceptance's or transfer's ticket, date and until: hover, completion,
// semantic tokens, navigation and formatting. The services' today is 2026-11-01.
import { describe, expect, test } from 'vitest';
import { expectFindReferences, expectGoToDefinition } from 'langium/test';
import { SemanticTokensDecoder } from 'langium/lsp';
import { TextDocument } from 'langium';
import { formatted, hoverAt, labelsAt, services, textParams, withDocument } from './lsp-services.js';

const MODEL = `data Contracts "Customer contracts" { sensitivity restricted  category pii, financial  description "signed PDFs"  refs "CWE-200" }
boundary Vpc "Production VPC" { kind network  trust medium
  process Api "API" { kind api  technology "Spring Boot 3"  description "serves the <b>shop</b>"  refs "CWE-89", "https://example.com/a(b)", "free text" }
  store Db { holds Contracts }
}
flow Query: Api -> Db { protocol SQL  carries internal  returns pii, Contracts }
`;

describe('hover', () => {
  test('an element shows its kind, technology, escaped description and linked references', async () => {
    const hover = (await hoverAt(MODEL.replace('process Api', 'process <|>Api')))!;
    expect(hover).toContain('kind api · Spring Boot 3');
    expect(hover).toContain('serves the \\<b\\>shop\\</b\\>');
    expect(hover).toContain('[CWE-89](https://cwe.mitre.org/data/definitions/89.html)');
    expect(hover).toContain('(https://example.com/a%28b%29)');
    expect(hover).toContain('free text');
    expect(hover).not.toContain('[free text]');
  });

  test('a data asset, at its declaration and where it is carried, says what it counts as', async () => {
    const atDeclaration = (await hoverAt(MODEL.replace('data Contracts', 'data <|>Contracts')))!;
    expect(atDeclaration).toContain('**data asset Contracts** — Customer contracts');
    expect(atDeclaration).toContain('sensitivity restricted');
    expect(atDeclaration).toContain('Counts as pii, financial wherever it is carried, held or returned.');
    const atUse = (await hoverAt(MODEL.replace('holds Contracts', 'holds <|>Contracts')))!;
    expect(atUse).toContain('**data asset Contracts**');
  });

  test('a flow shows what it carries and returns, assets expanded', async () => {
    const hover = (await hoverAt(MODEL.replace('flow Query', 'flow <|>Query')))!;
    expect(hover).toContain('Carries internal');
    expect(hover).toContain('Returns pii, Contracts (counted as pii, financial)');
  });

  test('a boundary shows its kind and trust', async () => {
    expect(await hoverAt(MODEL.replace('boundary Vpc', 'boundary <|>Vpc'))).toContain('kind network · trust medium');
  });

  test('the `refs` keyword lists the accepted forms', async () => {
    expect(await hoverAt(MODEL.replace('refs "CWE-200"', '<|>refs "CWE-200"'))).toContain('CAPEC-66');
  });
});

describe('completion', () => {
  test('after `carries`: built-in classes and the data assets of the file', async () => {
    const labels = await labelsAt(`${MODEL}flow F: Api -> Db { carries <|> }`);
    expect(labels).toEqual(expect.arrayContaining(['pii', 'credentials', 'Contracts']));
    expect(labels).not.toContain('Api');
    expect(labels).not.toContain('description');
  });

  test('in a process block: the new fields, and the process kinds after `kind`', async () => {
    expect(await labelsAt('process P { <|> }')).toEqual(expect.arrayContaining(['kind', 'technology', 'description', 'refs', 'out-of-scope']));
    expect(await labelsAt('process P { kind <|> }')).toEqual(expect.arrayContaining(['web-app', 'api', 'llm', 'identity-provider']));
  });

  test('where a name is expected, soft keywords are not proposed as keywords', async () => {
    const labels = await labelsAt('process Api\nthreat T { on <|> }');
    expect(labels).toEqual(['Api']);
  });
});

describe('navigation', () => {
  test('a data asset name leads to its declaration, and its references are found', async () => {
    await expectGoToDefinition(services)({ text: 'data <|Contracts|>\nprocess A\nstore S { holds Con<|>tracts }', index: 0, rangeIndex: 0, disposeAfterCheck: true });
    await expectFindReferences(services)({ text: 'data <|Contracts|>\nprocess A\nstore S { holds <|Con<|>tracts|> }\nflow F: A -> S { carries pii, <|Contracts|> returns <|Contracts|> }', includeDeclaration: true, disposeAfterCheck: true });
  });

  test('rename of a data asset updates every use', async () => {
    const renamed = await withDocument('data Contracts\nprocess A\nstore S { holds Contracts }\nflow F: A -> S { carries pii, Contracts }', async document => {
      const edit = await services.lsp.RenameProvider!.rename(document, { ...textParams(document), position: { line: 0, character: 6 }, newName: 'Deals' });
      return TextDocument.applyEdits(document.textDocument, edit!.changes![document.textDocument.uri]);
    });
    expect(renamed).toBe('data Deals\nprocess A\nstore S { holds Deals }\nflow F: A -> S { carries pii, Deals }');
  });

  test('the outline lists data assets', async () => {
    const symbols = await withDocument(MODEL, document => services.lsp.DocumentSymbolProvider!.getSymbols(document, textParams(document)));
    expect((symbols as Array<{ name: string; detail?: string }>).map(symbol => `${symbol.name}: ${symbol.detail ?? ''}`)[0]).toBe('Contracts: Customer contracts · restricted · pii, financial');
  });
});

test('semantic tokens: data assets where they are declared and used, returned classes', async () => {
  const tokens = await withDocument('data D\nprocess A\nstore S { holds D }\nflow F: A -> S { carries D returns pii }', async document => {
    const provider = services.lsp.SemanticTokenProvider!;
    return SemanticTokensDecoder.decode(await provider.semanticHighlight(document, textParams(document)), provider.tokenTypes, document)
      .map(token => `${token.text}:${token.tokenType}${token.tokenModifiers ? '+decl' : ''}`);
  });
  expect(tokens).toEqual(['D:enum+decl', 'A:class+decl', 'S:struct+decl', 'D:enum', 'F:event+decl', 'A:class', 'S:struct', 'D:enum', 'pii:enumMember']);
});

test('formatting puts a data declaration on its own line and keeps the new fields', async () => {
  expect(await formatted('process A { kind api   technology "x" } data D { sensitivity public }\n')).toBe('process A { kind api  technology "x" }\ndata D { sensitivity public }\n');
});

// ---------------------------------------------------------------------------------------------
// ticket, date and until on acceptances and transfers (docs/language.md §4, §8).

const THREAT = 'process Api\nthreat T "Reads invoices" { on Api stride I likelihood 3 impact 3';

describe('dated decisions: completion', () => {
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

describe('dated decisions: hover on a threat', () => {
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

test('dated decisions: the outline shows an expired acceptance as open', async () => {
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
