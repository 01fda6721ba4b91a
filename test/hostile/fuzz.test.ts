// Property-based fuzzing with fast-check: random token streams, mutated examples, truncations,
// random bytes and huge tokens must all satisfy the invariants of ./invariants.ts; random
// hostile models go through every CLI writer, and random hostile JSON through the importer. The seed is
// fixed so CI gives the same answer every run; `npm run fuzz` runs the same properties with
// many more cases (TM_FUZZ_RUNS) and a fresh seed (TM_FUZZ_SEED=random); a failure prints the
// seed and the path that replay it.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../../server/cli/io.js';
import { tmString } from '../../server/escape/tm-source.js';
import { IMPORT_FORMATS } from '../../server/interchange/import-model.js';
import { runTm, scratchDir } from '../cli/run.js';
import { EXAMPLES, fuzzSettings } from '../examples.js';
import { check, dispose, exerciseFeatures, services, syntaxErrors } from './harness.js';
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

// ── Hostile trees into the importers and the CLI writers ──────────────────────────────────
// Strings meant to break an output format: markup of every format tm writes, terminal and bidi
// controls, workflow commands, prototype keys, a tm keyword, huge and empty strings.
const HOSTILE_STRINGS: readonly string[] = [
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', ']]>', '-->', '<!--', '&amp;', '{{x}}', '${x}',
  '`code` *em* [link](javascript:alert(1)) | cell |', '# heading', '"]); click A call alert(1)', '%%{init: {}}%%', 'A-->B',
  `\u001b[1A\u001b[2K`, '\u001b]0;title\u0007', '\u009b2J', '\u202eevil\u202c', '\u2066x\u2069', '\u0000', '\r', '\u2028',
  '::error file=a.tm::forged', '##[error]forged', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
  'model', 'process', '"', '\\', '', ' ', 'x'.repeat(5000), 'modèle 支付 👩‍💻',
];
const hostileString = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) });
/** A string literal of the model holding a hostile text (a tm string cannot hold a line break). */
const literal = hostileString.map(tmString);

/** A random model of hostile strings that mostly parses: elements, boundaries, flows, threats, an attack tree. */
const hostileModel = fc.record({
  title: literal,
  elements: fc.array(fc.tuple(fc.constantFrom('external', 'process', 'store'), literal, fc.boolean()), { minLength: 1, maxLength: 6 }),
  flows: fc.array(fc.tuple(fc.nat(), fc.nat(), literal, fc.constantFrom('HTTPS', 'HTTP', 'SQL', 'SSH'), literal), { maxLength: 6 }),
  threats: fc.array(fc.tuple(fc.nat(), literal, fc.constantFrom('S', 'T', 'R', 'I', 'D', 'E'), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), literal, fc.constantFrom('', 'accepted', 'transferred', 'eliminated')), { maxLength: 5 }),
  attack: fc.array(fc.tuple(literal, fc.integer({ min: 0, max: 3 })), { maxLength: 6 }),
}).map(({ title, elements, flows, threats, attack }) => {
  const names = elements.map((_, i) => `E${i}`);
  const lines = [`model ${title} { owner ${title} reviewed "2026-10-01" }`];
  elements.forEach(([kind, label, bounded], i) => lines.push(`${bounded ? `boundary B${i} ${label} { ` : ''}${kind} ${names[i]} ${label}${bounded ? ' }' : ''}`));
  flows.forEach(([from, to, label, protocol, control], i) => lines.push(`flow F${i}: ${names[from % names.length]} -> ${names[to % names.length]} ${label} { protocol ${protocol} carries pii authn ${control} authz none validation ${control} }`));
  threats.forEach(([on, title, letter, likelihood, impact, text, decision], i) => {
    const decided = decision === 'accepted' ? `accepted ${text} by ${text}` : decision === 'transferred' ? `transferred ${text} to ${text}` : decision === 'eliminated' ? `eliminated ${text}` : '';
    lines.push(`threat T${i} ${title} { on ${names[on % names.length]} stride ${letter} likelihood ${likelihood} impact ${impact} mitigation ${text} planned ${decided} }`);
  });
  if (attack.length > 0) lines.push(`attack A ${title} { or { ${attack.map(([text, cost]) => `${text} cost ${cost}`).join(' ')} } }`);
  return lines.join('\n') + '\n';
});

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('hostile trees into the importers and the CLI writers', () => {
  let scratch: Awaited<ReturnType<typeof scratchDir>>;
  beforeAll(async () => {
    scratch = await scratchDir();
  });
  afterAll(() => scratch.cleanup());

  async function tm(...argv: string[]) {
    const run = await runTm([...argv], scratch.dir);
    expect(run.stderr, `tm ${argv.join(' ')}`).not.toMatch(RAW_CONTROL);
    return run;
  }

  test('random hostile models through every writer: no crash, outputs well formed and escaped', async () => {
    await fc.assert(fc.asyncProperty(hostileModel, async text => {
      await fs.writeFile(path.join(scratch.dir, 'm.tm'), text);
      for (const format of ['text', 'json', 'sarif']) {
        const run = await tm('check', 'm.tm', '--format', format, '--today', '2026-11-01');
        expect([EXIT_OK, EXIT_FINDINGS], `check --format ${format}: ${run.stderr}`).toContain(run.code);
        // JSON escapes C0 controls itself, and a JSON reader gets the model's text as it is.
        if (format !== 'json') expect(run.stdout).not.toMatch(RAW_CONTROL);
        if (format !== 'text') JSON.parse(run.stdout);
      }
      for (const [command, format] of [['report', 'md'], ['report', 'html'], ['report', 'json'], ['dfd', 'svg'], ['dfd', 'mermaid'], ['export', 'threat-dragon']]) {
        const run = await tm(command, 'm.tm', '--format', format, '--today', '2026-11-01');
        expect(run.code, `${command} --format ${format}: ${run.stderr}`).toBe(EXIT_OK);
        if (format === 'json' || format === 'threat-dragon') JSON.parse(run.stdout);
        // Model text is text: never an element of the page or the picture.
        if (format === 'svg' || format === 'html') expect(run.stdout).not.toMatch(/<(script|img)\b/i);
      }
      // The export comes back in: the importer reads what tm wrote, and its output parses.
      await fs.rm(path.join(scratch.dir, 'm.json'), { force: true });
      await fs.rm(path.join(scratch.dir, 'back.tm'), { force: true });
      expect((await tm('export', 'm.tm', '-o', 'm.json')).code).toBe(EXIT_OK);
      const back = await tm('import', 'm.json', '-o', 'back.tm');
      expect(back.code, back.stderr).toBe(EXIT_OK);
      await expectParsesWithoutSyntaxErrors(await fs.readFile(path.join(scratch.dir, 'back.tm'), 'utf8'));
    }), settings);
  }, 600_000);

  /** Any JSON at all, with prototype keys and hostile strings among its keys and values. */
  const hostileJson = fc.letrec(tie => ({
    value: fc.oneof({ depthSize: 'small' }, hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'id', 'shape', 'data', 'cells', 'threats', 'severity', 'type', 'source', 'target'), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 6 }),
  })).value;
  /** Threat Dragon's shape, every field of which may be any hostile JSON. */
  const hostileThreatDragon = fc.record({
    version: fc.constant('2.2.0'),
    summary: fc.record({ title: hostileJson }),
    detail: fc.record({
      diagrams: fc.array(fc.record({
        title: hostileJson,
        cells: fc.array(fc.record({
          id: fc.oneof(fc.constantFrom('a', 'b', '__proto__', 'constructor'), hostileJson),
          shape: fc.oneof(fc.constantFrom('actor', 'process', 'store', 'flow', 'trust-boundary-box'), hostileJson),
          source: fc.record({ cell: fc.constantFrom('a', 'b', '__proto__') }),
          target: fc.record({ cell: fc.constantFrom('a', 'b', 'constructor') }),
          data: fc.record({ name: hostileJson, description: hostileJson, threats: fc.array(fc.record({ title: hostileJson, type: hostileJson, severity: hostileJson, status: hostileJson, mitigation: hostileJson }), { maxLength: 2 }) }),
        }), { maxLength: 5 }),
      }), { minLength: 1, maxLength: 2 }),
    }),
  });

  test('random hostile JSON into tm import (every format): a model that parses, or one line and exit 2, never a crash', async () => {
    const format = fc.option(fc.constantFrom(...IMPORT_FORMATS), { nil: undefined });
    await fc.assert(fc.asyncProperty(fc.oneof(hostileJson, hostileThreatDragon), format, async (json, from) => {
      await fs.writeFile(path.join(scratch.dir, 'td.json'), JSON.stringify(json) ?? 'null');
      const run = await tm('import', 'td.json', ...(from ? ['--from', from] : []));
      expect([EXIT_OK, EXIT_USAGE], run.stderr).toContain(run.code);
      if (run.code === EXIT_USAGE) expect(run.stderr).toMatch(/^tm import: [^\n]+\n$/);
      else await expectParsesWithoutSyntaxErrors(run.stdout);
    }), settings);
  }, 600_000);
});

async function expectParsesWithoutSyntaxErrors(text: string): Promise<void> {
  const document = await check(text);
  try {
    expect(syntaxErrors(document), text).toEqual([]);
  } finally {
    await dispose(document);
  }
}
