// Inputs the fuzzer once broke, kept as fixed cases so they stay fixed.
import { expect, test } from 'vitest';
import { CstUtils } from 'langium';
import { MAX_SYNTAX_ERRORS } from '../../server/language/tm-document-validator.js';
import { MAX_PARSER_ERRORS } from '../../server/language/parsing/linear-parser.js';
import { check, codesOf, dispose, exerciseFeatures, messageText, services, syntaxErrors, tokenImages } from './harness.js';
import { expectRobust } from './invariants.js';

test.each([
  ['a boundary without a name', 'external U "User" { kind user boundary }\nShop "Shop backend" {\n  process Api\n}\nflow F: U -> Api\n'],
  ['a nameless boundary around an element a flow reaches', 'boundary "Shop" { process Api }\nexternal U\nflow F: U -> Api\nthreat T { on Api, F stride S }\n'],
  ['a nameless process', 'process "label" { privilege root }\nexternal U\nflow F: U -> Api\n'],
  ['a nameless flow', 'external U\nprocess Api\nflow : U -> Api { protocol HTTP carries pii }\n'],
  ['a nameless threat', 'process Api\nthreat { on Api stride S likelihood 3 impact 3 }\n'],
  ['a nameless attack', 'attack { or { "x" cost 1 } }\n'],
  ['a flow whose ends did not parse', 'likelihood  I flow T1 pii\nbucket Shop  impact\n'],
  ['a decision cut inside its string (the report shows it empty)', 'process Api\nthreat T "t" { on Api stride S likelihood 1 impact 3\n  accepted "DB admins are a trusted, aud'],
  ['a mitigation cut inside its string', 'process Api\nthreat T "t" { on Api stride S likelihood 2 impact 3\n  mitigation "Images signed offline; devices verify b'],
])('%s: every feature works', async (_, text) => {
  await expectRobust(text);
});

/** The hover's contents, as JSON, at `offset` of `text`. */
async function hoverAt(text: string, offset: number): Promise<string> {
  const document = await check(text);
  const position = document.textDocument.positionAt(offset);
  const hover = await services.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.textDocument.uri }, position });
  await dispose(document);
  return JSON.stringify(hover?.contents);
}

test('hovering an element inside a nameless boundary names its zone as unnamed', async () => {
  const text = 'boundary "Shop" { process Api }\nexternal U\nflow F: U -> Api\n';
  expect(await hoverAt(text, text.lastIndexOf('Api'))).toContain('unnamed boundary');
});

test('formatting keeps a block that follows a line comment out of the comment', async () => {
  const text = 'process Worker "Payments worker" // runs as a service\n{ privilege service }\nexternal U // the user\n{ kind user }\n';
  const document = await check(text);
  const { formatted } = await exerciseFeatures(document, []);
  await dispose(document);
  expect(formatted).toBe('process Worker "Payments worker" // runs as a service\n{ privilege service }\nexternal U // the user\n{ kind user }\n');
  await expectRobust(text);
});

test('hovering an element that a nameless (half-typed) threat is on', async () => {
  const text = 'process Api "API"\nthreat { on Api stride S likelihood 3 impact 3 }\n';
  expect(await hoverAt(text, text.indexOf('Api'))).not.toContain('undefined');
});

test.each([
  ['a block comment', 'process P /* a\nmultiline */ process Q /* x */\n', ['/* a\nmultiline */', '/* x */']],
  ['an empty block comment and a slash-star-slash', 'process P /**/ process Q /*/ still a comment */\n', ['/**/', '/*/ still a comment */']],
  ['a comment opener inside a string or a line comment', 'process P "a /* b" // c /* d\nprocess Q\n', ['// c /* d']],
])('%s lexes as the grammar says', (_, text, comments) => {
  expect(tokenImages(text).comments).toEqual(comments);
});

test('a file full of unclosed /* lexes in linear time, and the code after it still parses', async () => {
  // Quadratic lexing made this 300 KB file take minutes; the test limit catches a regression.
  const text = `process P\n${'/* '.repeat(100_000)}\nprocess Q\n`;
  const document = await check(text);
  expect(document.parseResult.value.declarations.map(declaration => declaration.name)).toEqual(['P', 'Q']);
  expect(codesOf(document)).toContain('syntax-error');
  await dispose(document);
});

test.each([
  ['stray characters', '@ '.repeat(5_000)],
  ['a field repeated without values', `process P { ${'privilege '.repeat(5_000)}}`],
])('a file of garbage (%s) gets at most 100 syntax errors, the last one saying how many more there are', async (_, text) => {
  const document = await check(text);
  const errors = syntaxErrors(document);
  await dispose(document);
  expect(errors).toHaveLength(MAX_SYNTAX_ERRORS);
  expect(messageText(errors[MAX_SYNTAX_ERRORS - 1])).toMatch(/^\d+ more syntax errors from here on are not shown/);
});

test('a long run of bad tokens is read in linear time, and the parser stops after MAX_PARSER_ERRORS errors, saying where', async () => {
  // Error recovery was quadratic here (the CST searched each failed rule's node from the front
  // of a block with every earlier token in it): 300,000 tokens took many minutes. The test limit
  // catches a regression.
  const text = `process Before\nprocess P {${' privilege'.repeat(300_000)} }\nprocess After\n`;
  const document = await check(text);
  const errors = syntaxErrors(document);
  const declarations = document.parseResult.value.declarations.map(declaration => declaration.name);
  const parserErrors = document.parseResult.parserErrors.length;
  await dispose(document);
  expect(parserErrors).toBeGreaterThanOrEqual(MAX_PARSER_ERRORS);
  expect(parserErrors).toBeLessThan(MAX_PARSER_ERRORS + 10);
  expect(declarations).toEqual(['Before', 'P']);
  expect(errors).toHaveLength(MAX_SYNTAX_ERRORS);
  expect(messageText(errors[MAX_SYNTAX_ERRORS - 1])).toMatch(/^\d+ more syntax errors from here on are not shown, and tm stopped reading the file at line 2 after 1000 of them: fix the ones above first\.$/);
});

test('a file just under the parser\'s error limit is read to the end', async () => {
  const text = `process P {${' privilege'.repeat(MAX_PARSER_ERRORS - 100)} }\nprocess After\n`;
  const document = await check(text);
  const errors = syntaxErrors(document);
  const declarations = document.parseResult.value.declarations.map(declaration => declaration.name);
  await dispose(document);
  expect(declarations).toEqual(['P', 'After']);
  expect(messageText(errors[MAX_SYNTAX_ERRORS - 1])).not.toContain('stopped reading');
});

test('every comment lands in the tree once, in source order', async () => {
  // The parser takes each token's comments from a cursor over the lexer's list (see linear-parser.ts).
  const declarations = Array.from({ length: 2_000 }, (_, i) => `// before P${i}\nprocess P${i} /* inside ${i} */ { privilege user }`);
  const text = `/* head */\n${declarations.join('\n')}\n// tail 1\n/* tail 2 */\n`;
  const document = await check(text);
  const leaves = CstUtils.streamCst(document.parseResult.value.$cstNode!).filter(node => !('content' in node)).toArray();
  await dispose(document);
  expect(leaves.filter(leaf => leaf.hidden).map(leaf => leaf.text)).toEqual(tokenImages(text).comments);
  // Walking the tree meets the tokens and comments in the order they are written.
  const offsets = leaves.map(leaf => leaf.offset);
  expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  expect(new Set(offsets).size).toBe(offsets.length);
});
