// The lexer guards the parser against hostile input. A file over the size limit is not lexed
// at all, so it cannot freeze the editor (docs/language.md §10; the document validator reports
// `file-too-large`). Blocks nested deeper than the parser's recursion can survive are
// flattened in the token stream before the parser sees them: the parser, the CST and every
// feature that walks the tree recurse once per level, and thousands of levels would overflow
// the stack. The analysis stops at MAX_NESTING anyway (`too-deep`), so nothing it reports
// changes. And a block comment is matched in linear time (see TmTokenBuilder).
// Chevrotain's lexer is built on the first text to lex: the parser's fast path reads texts
// without it (fast-parser.ts) and only needs the token types.
import type { CustomPatternMatcherReturn, ILexingError, IToken, TokenType, TokenTypeDictionary, TokenVocabulary } from 'chevrotain';
import type { GrammarAST, Lexer, LexerResult, TokenBuilderOptions, TokenizeOptions } from 'langium';
import { DefaultLexer, DefaultTokenBuilder } from 'langium';
import { MAX_NESTING } from '../../domain/analysis.js';
import type { TmServices } from '../tm-module.js';
import type { GrammarFacts } from '../grammar-facts.js';
import { grammarFacts } from '../grammar-facts.js';
import { byteSize } from '../tm-document-validator.js';

/**
 * How many `{` blocks the parser reads nested: enough for `too-deep` to sit on the first node
 * past MAX_NESTING, with a wide margin below the depth that overflows the stack (measured:
 * boundaries overflow the parser near 200 levels, attack trees the CST near 300).
 */
export const MAX_BLOCK_DEPTH = MAX_NESTING + 16;

export class TmLexer implements Lexer {
  private readonly services: TmServices;
  private chevrotainLexer?: DefaultLexer;
  /** The token types, the same objects as chevrotain's lexer gets (TmTokenBuilder builds them once). */
  readonly definition: TokenTypeDictionary;
  /** The headers of the blocks that nest (grammar-facts.ts): what flattening a too-deep block removes. */
  private readonly nestingHeaders: readonly BlockHeader[];

  constructor(services: TmServices) {
    this.services = services;
    this.nestingHeaders = nestingBlockHeaders(grammarFacts(services.Grammar));
    const tokens = services.parser.TokenBuilder.buildTokens(services.Grammar, { caseInsensitive: services.LanguageMetaData.caseInsensitive });
    this.definition = Object.fromEntries((tokens as TokenType[]).map(token => [token.name, token]));
  }

  tokenize(text: string, options?: TokenizeOptions): LexerResult {
    if (byteSize(text) > this.services.settings.maxFileSizeBytes) {
      return { tokens: [], errors: [], hidden: [] };
    }
    this.chevrotainLexer ??= new DefaultLexer(this.services);
    const result = this.chevrotainLexer.tokenize(text, options);
    const { tokens, error } = flattenDeepBlocks(result.tokens, this.nestingHeaders);
    return error ? { ...result, tokens, errors: [...result.errors, error] } : { ...result, tokens };
  }
}

/** What comes before a block's `{`: per grammar element, the kinds of token it may be and whether it may be absent. */
export type BlockHeader = ReadonlyArray<{ kinds: ReadonlySet<string>; optional: boolean }>;

/** The headers of the grammar's blocks that can hold blocks of their own rule. */
export function nestingBlockHeaders(facts: GrammarFacts): BlockHeader[] {
  return [...facts.blocks.values()].filter(block => block.nests).map(block => block.header);
}

/**
 * Past MAX_BLOCK_DEPTH, a block that nests (a boundary, `boundary Name "label"? {`, or an
 * attack-tree node, `"text" or {`: `headers`) loses its header and braces and its members join
 * the enclosing block. The result still parses, every name stays declared (references keep
 * resolving) and every leaf stays in the tree. An element's block there is kept (it holds no
 * braces); any block deeper still cannot be valid tm and is dropped whole, with one lexing error.
 */
export function flattenDeepBlocks(tokens: IToken[], headers: readonly BlockHeader[]): { tokens: IToken[]; error?: ILexingError } {
  if (maxBlockDepth(tokens) <= MAX_BLOCK_DEPTH + 1) return { tokens };
  const kept: IToken[] = [];
  // One entry per open `{`: whether the brace was kept (its `}` is kept too).
  const open: boolean[] = [];
  let keptDepth = 0;
  let dropping = false;
  let droppedDepth = 0;
  let firstDropped: IToken | undefined;
  for (const token of tokens) {
    if (dropping) {
      if (token.image === '{') droppedDepth++;
      else if (token.image === '}' && --droppedDepth === 0) dropping = false;
      continue;
    }
    if (token.image === '{') {
      const header = keptDepth < MAX_BLOCK_DEPTH ? 0 : blockHeaderLength(kept, headers);
      if (header > 0) {
        kept.length -= header;
        open.push(false);
      } else if (keptDepth <= MAX_BLOCK_DEPTH) {
        // The block of an element, flow or threat holds no braces: one level more is bounded.
        kept.push(token);
        open.push(true);
        keptDepth++;
      } else {
        dropping = true;
        droppedDepth = 1;
        firstDropped ??= token;
      }
      continue;
    }
    if (token.image === '}' && open.length > 0) {
      if (open.pop()) {
        keptDepth--;
        kept.push(token);
      }
      continue;
    }
    kept.push(token);
  }
  return { tokens: kept, error: firstDropped && tooDeepError(firstDropped) };
}

function maxBlockDepth(tokens: readonly IToken[]): number {
  let depth = 0;
  let max = 0;
  for (const token of tokens) {
    if (token.image === '{') max = Math.max(max, ++depth);
    else if (token.image === '}' && depth > 0) depth--;
  }
  return max;
}

/** The number of tokens at the end of `before` that are one of `headers`, or 0. */
function blockHeaderLength(before: readonly IToken[], headers: readonly BlockHeader[]): number {
  for (const header of headers) {
    const length = matchBackwards(before, before.length, header, header.length);
    if (length > 0) return length;
  }
  return 0;
}

/** How many tokens just before `end` the first `elements` of `header` match, the longest way; -1 if they do not. */
function matchBackwards(tokens: readonly IToken[], end: number, header: BlockHeader, elements: number): number {
  if (elements === 0) return 0;
  const element = header[elements - 1];
  const token = tokens[end - 1];
  if (token && element.kinds.has(token.tokenType.name)) {
    const rest = matchBackwards(tokens, end - 1, header, elements - 1);
    if (rest >= 0) return rest + 1;
  }
  return element.optional ? matchBackwards(tokens, end, header, elements - 1) : -1;
}

function tooDeepError(brace: IToken): ILexingError {
  return {
    offset: brace.startOffset,
    line: brace.startLine,
    column: brace.startColumn,
    length: 1,
    message: `Blocks nested deeper than ${MAX_BLOCK_DEPTH} levels are not read; only boundaries and attack-tree nodes nest. Flatten the nesting.`,
  };
}

/**
 * Block comments matched without the regular expression's worst case: the lexer tries
 * `/\*[\s\S]*?\*\/` at every `/`, and for a `/*` that is never closed it scans to the end of
 * the file each time, so a file full of `/*` took quadratic time (100 KB: seconds; 1 MB:
 * minutes). Here a `/*` after the file's last `*\/` fails at once; any other is matched up to
 * the next `*\/`, exactly as the grammar's terminal does.
 */
export class TmTokenBuilder extends DefaultTokenBuilder {
  private built?: { grammar: GrammarAST.Grammar; caseInsensitive?: boolean; tokens: TokenVocabulary };

  /** The grammar's tokens, built once: the lexer's token types and the fast path's are the same objects. */
  override buildTokens(grammar: GrammarAST.Grammar, options?: TokenBuilderOptions): TokenVocabulary {
    const built = this.built;
    if (built?.grammar === grammar && built.caseInsensitive === options?.caseInsensitive) return built.tokens;
    const tokens = super.buildTokens(grammar, options);
    this.built = { grammar, caseInsensitive: options?.caseInsensitive, tokens };
    return tokens;
  }

  protected override buildTerminalToken(terminal: GrammarAST.TerminalRule): TokenType {
    const token = super.buildTerminalToken(terminal);
    if (terminal.name !== 'ML_COMMENT') return token;
    return { ...token, PATTERN: blockCommentMatcher(), LINE_BREAKS: true, START_CHARS_HINT: ['/'] };
  }
}

function blockCommentMatcher(): (text: string, offset: number) => CustomPatternMatcherReturn | null {
  let scanned: string | undefined;
  let lastClose = -1;
  return (text, offset) => {
    if (text.charCodeAt(offset) !== SLASH || text.charCodeAt(offset + 1) !== STAR) return null;
    if (text !== scanned) {
      scanned = text;
      lastClose = text.lastIndexOf('*/');
    }
    if (lastClose < offset + 2) return null;
    const close = text.indexOf('*/', offset + 2);
    return [text.substring(offset, close + 2)];
  };
}

const SLASH = '/'.charCodeAt(0);
const STAR = '*'.charCodeAt(0);
