import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { TextDocument } from 'langium';
import { formatted, services, textParams, withDocument } from './lsp-services.js';

const SPEC_EXAMPLE = readFileSync(new URL('./fixtures/spec-example.tm', import.meta.url), 'utf8');

function tokenImages(text: string): string[] {
  const { tokens, hidden } = services.parser.Lexer.tokenize(text);
  return [...tokens, ...hidden].sort((a, b) => a.startOffset - b.startOffset).map(token => token.image).filter(image => image.trim() !== '');
}

describe('layout', () => {
  test('indents two spaces per block level', async () => {
    expect(await formatted('boundary Cloud {\nboundary Ingest {\n        process Broker\n}\n   store Db {\nkind database\n      }\n}\n')).toBe(
      'boundary Cloud {\n  boundary Ingest {\n    process Broker\n  }\n  store Db {\n    kind database\n  }\n}\n');
  });

  test('one declaration per line, boundaries with members open up', async () => {
    expect(await formatted('process A process B\nboundary Z { store C store D }\nboundary Empty { }')).toBe(
      'process A\nprocess B\nboundary Z {\n  store C\n  store D\n}\nboundary Empty { }\n');
  });

  test('normalises spacing inside a line and keeps one-line blocks', async () => {
    expect(await formatted('flow F :A->B{protocol  HTTPS carries pii ,financial}')).toBe('flow F: A -> B { protocol HTTPS carries pii, financial }\n');
    expect(await formatted('threat T {\n  likelihood 3  impact 3\n}')).toBe('threat T {\n  likelihood 3  impact 3\n}\n');
  });

  test('a flow\'s channel fields and an unexpanded leaf keep their layout (docs/language.md §11)', async () => {
    expect(await formatted('flow F:A->B{protocol   "HTTP/2"  port 8443   encrypted}')).toBe('flow F: A -> B { protocol "HTTP/2"  port 8443  encrypted }\n');
    expect(await formatted('attack A "g" {\nor {\n"bribe"\n"guess" cost low\n}\n}')).toBe('attack A "g" {\n  or {\n    "bribe"\n    "guess" cost low\n  }\n}\n');
  });

  test('at most one blank line, no trailing whitespace, a newline at the end', async () => {
    expect(await formatted('\n\nprocess A   \n\n\n\nprocess B\t\n\n\n')).toBe('process A\n\nprocess B\n');
  });

  test('the spec example is already formatted', async () => {
    expect(await formatted(SPEC_EXAMPLE)).toBe(SPEC_EXAMPLE);
  });
});

describe('safety', () => {
  test('comments survive, with their content', async () => {
    const text = '// header\nprocess A { // trailing\n/* block\n   kept as is */ privilege user\n}\n';
    expect(await formatted(text)).toBe('// header\nprocess A { // trailing\n  /* block\n   kept as is */ privilege user\n}\n');
  });

  test('a brace after a line comment stays out of the comment', async () => {
    expect(await formatted('process W "worker" // runs as a service\n{ privilege service }')).toBe('process W "worker" // runs as a service\n{ privilege service }\n');
  });

  test('is idempotent', async () => {
    const messy = SPEC_EXAMPLE.replace(/\n {2}/g, '\n      ').replace(/ \{/g, '{').replace('pii, financial', 'pii ,financial').replace('stride I, E', 'stride I,E');
    const once = await formatted(messy);
    expect(await formatted(once)).toBe(once);
    expect(once).toBe(SPEC_EXAMPLE);
  });

  test('never changes the token sequence', async () => {
    const messy = SPEC_EXAMPLE.replace(/\n/g, ' ').replace(/ {2}/g, ' ');
    expect(tokenImages(await formatted(messy))).toEqual(tokenImages(messy));
  });

  test('leaves characters the lexer rejects in place', async () => {
    expect(await formatted('process A @ process B')).toBe('process A @ process B\n');
  });

  test.each(['threat T { on', 'flow F: A ->   ', '}}} {{{', '', 'boundary B { process P'])('formats half-typed %j without throwing', async text => {
    const result = await formatted(text);
    expect(tokenImages(result)).toEqual(tokenImages(text));
  });

  test('range formatting touches only the range', async () => {
    const text = 'process   A\nprocess   B\n';
    const result = await withDocument(text, async document => {
      const edits = await services.lsp.Formatter!.formatDocumentRange(document, {
        ...textParams(document), options: { tabSize: 2, insertSpaces: true }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } },
      });
      return TextDocument.applyEdits(document.textDocument, edits);
    });
    expect(result).toBe('process   A\nprocess B\n');
  });
});
