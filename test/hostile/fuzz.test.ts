// Property-based fuzzing with fast-check: random token streams, mutated examples, truncations,
// random bytes and huge tokens must all satisfy the invariants of ./invariants.ts. The seed is
// fixed so CI gives the same answer every run; `npm run fuzz` runs the same properties with
// many more cases (TM_FUZZ_RUNS) and a fresh seed (TM_FUZZ_SEED=random); a failure prints the
// seed and the path that replay it.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EXAMPLES, fuzzSettings } from '../examples.js';
import { check, dispose, exerciseFeatures, services } from './harness.js';
import { expectRobust } from './invariants.js';

const settings = fuzzSettings(15);
// The project's own example models are the seeds that mutations start from.

/** Every keyword of the grammar, plus names, strings, numbers, comments and stray characters. */
const VOCABULARY: readonly string[] = [
  ...Object.keys(services.parser.Lexer.definition).filter(name => !/^[A-Z_]+$/.test(name) || name.length === 1),
  'Api', 'Db', 'User', 'T1', 'Shop', 'S', 'T', 'R', 'I', 'D', 'E', '"label"', '""', '"TODO: x"', '"2026-03-12"', '1', '2', '3', '0', '-1', '2.5',
  '// line comment\n', '/* block */', '"unterminated', '@', '\u202e', '\u0000',
];

// Line ends of every platform, and the Unicode spaces JavaScript's \s also matches.
const WHITESPACE = fc.constantFrom(' ', ' ', '\n', '  ', '\t', '', '\r\n', '\r', '\u00a0', '\u2028');
const tokenStream = fc.array(fc.tuple(fc.constantFrom(...VOCABULARY), WHITESPACE), { maxLength: 120 })
  .map(pairs => pairs.map(([token, space]) => token + (space || ' ')).join(''));

/** The example's tokens with the text between them, so a mutation can be written back. */
function pieces(text: string): string[] {
  const { tokens, hidden } = services.parser.Lexer.tokenize(text);
  const starts = [...tokens, ...hidden].map(token => token.startOffset).sort((a, b) => a - b);
  return starts.map((start, i) => text.substring(start, starts[i + 1] ?? text.length));
}

type Mutation = { kind: 'delete' | 'duplicate' | 'swap' | 'insert'; at: number; token: string };
const mutation = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('delete', 'duplicate', 'swap', 'insert'),
  at: fc.nat(),
  token: fc.constantFrom(...VOCABULARY),
});

function mutate(parts: string[], mutations: readonly Mutation[]): string {
  const result = [...parts];
  for (const { kind, at, token } of mutations) {
    if (result.length === 0) break;
    const i = at % result.length;
    if (kind === 'delete') result.splice(i, 1);
    else if (kind === 'duplicate') result.splice(i, 0, result[i]);
    else if (kind === 'insert') result.splice(i, 0, `${token} `);
    else if (i + 1 < result.length) [result[i], result[i + 1]] = [result[i + 1], result[i]];
  }
  return result.join('');
}

describe('fuzzing', () => {
  test('random token streams', async () => {
    await fc.assert(fc.asyncProperty(tokenStream, expectRobust), settings);
  });

  test.each(EXAMPLES)('mutations of $name', async ({ text }) => {
    const parts = pieces(text);
    await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async mutations => expectRobust(mutate(parts, mutations))), settings);
  });

  test.each(EXAMPLES)('$name truncated at random offsets', async ({ text }) => {
    await fc.assert(fc.asyncProperty(fc.nat({ max: text.length }), async length => expectRobust(text.slice(0, length))), settings);
  });

  test('random bytes read as UTF-8', async () => {
    const bytes = fc.uint8Array({ maxLength: 400 }).map(array => Buffer.from(array).toString('utf8'));
    await fc.assert(fc.asyncProperty(bytes, expectRobust), settings);
  });

  test('random Unicode text spliced into an example', async () => {
    const [example] = EXAMPLES;
    const splice = fc.tuple(fc.nat({ max: example.text.length }), fc.string({ unit: 'binary', maxLength: 40 }));
    await fc.assert(fc.asyncProperty(splice, async ([at, junk]) => expectRobust(example.text.slice(0, at) + junk + example.text.slice(at))), settings);
  });
});

describe('huge tokens', () => {
  const HUGE = 500 * 1024;
  const name = `N${'x'.repeat(HUGE)}`;
  test.each([
    ['a 500 KB name', `process ${name}\nexternal U\nflow F: U -> ${name}\nthreat T { on ${name} stride S }\n`],
    ['a 500 KB label', `process P "${'label '.repeat(HUGE / 6)}"\n`],
    ['a 500 KB unterminated string', `process P "${'y'.repeat(HUGE)}\nprocess Q\n`],
    ['a 500 KB comment', `// ${'z'.repeat(HUGE)}\nprocess P\n/* ${'w'.repeat(HUGE)} */\n`],
    ['a run of 100,000 braces', '{'.repeat(100_000)],
    ['an unclosed block comment', `process P /* ${'v'.repeat(HUGE)}`],
  ])('%s', async (_, text) => {
    await expectRobust(text);
  });
});

test('every prefix of an example, cut at each line end, checks and completes (half-typed files)', async () => {
  const [example] = EXAMPLES;
  for (const match of example.text.matchAll(/\n/g)) {
    const document = await check(example.text.slice(0, match.index));
    await expect(exerciseFeatures(document, [match.index])).resolves.toMatchObject({ fixedTexts: expect.any(Array) });
    await dispose(document);
  }
});
