// Random edits of a model, as typing and pasting make them: what the incremental re-parse
// (incremental-parse.test.ts) and the parser's fast path (fast-parser.test.ts) are checked on.
import fc from 'fast-check';
import { TmGrammar } from '../../server/language/generated/grammar.js';
import { grammarFacts } from '../../server/language/grammar-facts.js';

const facts = grammarFacts(TmGrammar());

// The vocabulary of random edits: every keyword of the grammar (grammar-facts.ts), names,
// numbers, strings, comments, and text that breaks the lexer (an open string or comment, a
// stray character).
const PIECES = [
  ...facts.keywords,
  'HTTPS', 'Api', 'Db', 'Customer', 'T1', 'X', '3', '-1', '2.5', '{ }', '"label"', '""', '"', '"open',
  '//', '// note', '/*', '*/', '/* c */', '@', '\u00a0', '\u2028',
];
const SPACES = [' ', '\n', '\r\n', '\r', '  ', '\t', ''];

/** Whole declarations and comments, inserted at the start of a line. */
const ITEMS = [
  'process New "new process"\n', 'store NewDb { kind database holds pii }\n', 'external NewUser { kind user }\n',
  'flow NewFlow: Api -> Db "new flow" { protocol HTTPS authn none }\n', 'threat TNew "new threat" { on Api stride S, T likelihood 2 impact 3 }\n',
  'boundary NewZone {\n  process Inner\n}\n', 'attack ANew "goal" { or { "step" cost low } }\n', '// a comment\n', '/* a\nblock */\n', '\n',
];

/**
 * Fields of blocks, and a boundary's member, inserted at the start of a line: inside a block or
 * not. Whole ones, and each field keyword of the grammar followed by a string (the value of
 * most fields, and a wrong one for the others).
 */
const FIELDS = [
  '  protocol HTTPS\n', '  carries pii, credentials\n', '  authn "mutual TLS"\n', '  on Api, Db\n', '  stride S, T\n',
  '  likelihood 2  impact high\n', '  mitigation "rate limit" done owner "ops"\n', '  kind user\n', '  process Inner2\n',
  ...[...new Set([...facts.blocks.values()].flatMap(block => block.fieldKeywords))].map(keyword => `  ${keyword} "value"\n`),
];

/**
 * One edit, applied to the current text: random tokens or a piece of the text written over a
 * random span; whole lines removed or copied elsewhere; a letter typed after a letter (into a
 * name, keyword or string); a declaration or field inserted whole, or only its first
 * characters, as while it is typed; or the last edit undone.
 */
export type Edit =
  | { kind: 'pieces'; at: number; remove: number; pieces: Array<[string, string]> }
  | { kind: 'cut'; at: number; remove: number; from: number; length: number }
  | { kind: 'lines'; at: number; remove: number; from: number; length: number }
  | { kind: 'letter'; at: number; letter: string }
  | { kind: 'item'; at: number; item: string; typed: number }
  | { kind: 'undo' };

const span = { at: fc.nat(), remove: fc.oneof(fc.constant(0), fc.constant(1), fc.nat({ max: 12 }), fc.nat({ max: 200 })) };
// Weighted towards edits that leave most of the model readable, as typing does, so that the
// incremental path is taken often.
export const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pieces' as const), ...span, pieces: fc.array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom(...SPACES)), { maxLength: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cut' as const), ...span, from: fc.nat(), length: fc.oneof(fc.nat({ max: 3 }), fc.nat({ max: 300 })) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('lines' as const), at: fc.nat(), remove: fc.nat({ max: 3 }), from: fc.nat(), length: fc.nat({ max: 4 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('letter' as const), at: fc.nat(), letter: fc.constantFrom('a', 'Z', '_', '7', ' ') }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('item' as const), at: fc.nat(), item: fc.constantFrom(...ITEMS, ...FIELDS), typed: fc.oneof(fc.constant(Infinity), fc.nat()) }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'undo' as const }) },
);

/** The text after `change`; `history` holds the texts before, for undo. */
export function applyEdit(text: string, change: Edit, history: string[]): string {
  if (change.kind === 'undo') return history.pop() ?? text;
  history.push(text);
  const position = (at: number) => at % (text.length + 1);
  const lineStarts = [0, ...[...text.matchAll(/\r\n|\r|\n/g)].map(match => match.index + match[0].length)];
  const lineStart = (at: number) => lineStarts[at % lineStarts.length];
  const replace = (start: number, end: number, inserted: string) => text.substring(0, start) + inserted + text.substring(Math.min(text.length, end));
  switch (change.kind) {
    case 'pieces': {
      const start = position(change.at);
      return replace(start, start + change.remove, change.pieces.map(([piece, space]) => piece + space).join(''));
    }
    case 'cut': {
      const start = position(change.at);
      const from = position(change.from);
      return replace(start, start + change.remove, text.substring(from, from + change.length));
    }
    case 'lines': {
      const start = lineStart(change.at);
      const from = lineStarts.indexOf(lineStart(change.from));
      const copied = text.substring(lineStarts[from], lineStarts[from + change.length] ?? text.length);
      const removedEnd = lineStarts[lineStarts.indexOf(start) + change.remove] ?? text.length;
      return replace(start, removedEnd, copied);
    }
    case 'letter': {
      const after = text.slice(position(change.at)).search(/[A-Za-z0-9]/);
      const start = after < 0 ? text.length : position(change.at) + after + 1;
      return replace(start, start, change.letter);
    }
    case 'item': {
      const start = lineStart(change.at);
      return replace(start, start, change.item.slice(0, change.typed));
    }
  }
}
