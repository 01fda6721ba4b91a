// Incremental re-parsing. An edit re-parses only the top-level items (model headers,
// declarations and the comments between them) around it, and keeps every other item's AST and
// CST, moved to its new position, whenever that provably gives what a full parse of the new
// text would; otherwise the document is parsed whole, as Langium does. At 5,000 elements a full
// parse is most of a keystroke's cost (see docs/performance.md).
//
// Why the result equals a full parse. Every top-level item starts with a keyword (model,
// external, process, …) and can only continue with its optional label and block, so an item
// that ends before another item's keyword ends the same way before any other keyword or at the
// end of the text. The grammar is checked for this once (GrammarFacts.incrementalParsing); a
// grammar that breaks it turns incremental parsing off, with the reason in the log. The text is re-parsed from the end of a kept item to the start of another,
// and the result is used only if:
// - the kept items had no error and no unread text in the previous parse, nor next to them (an
//   item cut short by an error is reported at the token after it, so the items next to every
//   error are re-parsed too), so each of them is whole and every token of its text is in the
//   tree (the lexer's nesting limit flattened none of them, see lexer.ts);
// - after a kept item, the re-parsed text starts with an item's keyword;
// - before a kept item, it ends with an item that has no error nor unread text (at most an
//   error at its keyword, where the item before it stopped): the parser starts that item at the
//   top level whatever came before, and no error recovery looks past the keyword of the item
//   after the one it is in, so nothing the parser did before depends on the text after it;
// - no token crosses the ends of the re-parsed text: it starts after whitespace and ends with a
//   line break, which ends a line comment and a string, and a block comment left open in it is
//   a lexing error there;
// - the nesting limit flattens nothing: the `{` depth in the new text stays within it.
// The errors of the re-parsed text are then the errors of the whole, moved to their place.
import type { AstNode, Cancellation, CompositeCstNode, CstNode, GrammarAST, LangiumDocument, LeafCstNode, ParseResult, ParserOptions, RootCstNode, TextDocument, URI } from 'langium';
import { AstUtils, CstUtils, DefaultLangiumDocumentFactory, isCompositeCstNode, RootCstNodeImpl } from 'langium';
import type { ILexingError, IToken } from 'chevrotain';
import type { TmServices } from '../tm-module.js';
import { grammarFacts } from '../grammar-facts.js';
import { memoizedByObject } from '../../domain/memo.js';
import { byteSize } from '../tm-document-validator.js';
import { MAX_BLOCK_DEPTH } from './lexer.js';
import { endsLine, isLineBreak, WHITESPACE } from './characters.js';
import { takeKeptText } from '../workspace/put-away-documents.js';

export class TmDocumentFactory extends DefaultLangiumDocumentFactory {
  /** The documents being updated: Langium's `update` hands only the new text to `parseAsync`. */
  private readonly updating = new Map<string, LangiumDocument>();

  override async update<T extends AstNode = AstNode>(document: LangiumDocument<T>, cancellationToken: Cancellation.CancellationToken): Promise<LangiumDocument<T>> {
    const uri = document.uri.toString();
    this.updating.set(uri, document);
    try {
      return await super.update(document, cancellationToken);
    } finally {
      this.updating.delete(uri);
    }
  }

  /** A put-away document parsed again for another file's change reads the text it kept instead of its file. */
  protected override async getUpdatedText(document: LangiumDocument, textDocument: TextDocument | undefined, cancelToken: Cancellation.CancellationToken): Promise<string> {
    return (textDocument ? undefined : takeKeptText(document)) ?? super.getUpdatedText(document, textDocument, cancelToken);
  }

  override parse<T extends AstNode = AstNode>(uri: URI, text: string, options?: ParserOptions): ParseResult<T> {
    return options?.rule ? super.parse(uri, text, options) : (parseText(this.servicesFor(uri), text) as ParseResult<T>);
  }

  /** Parsed on the spot, as Langium's default asynchronous parser does. */
  protected override parseAsync<T extends AstNode>(uri: URI, text: string): Promise<ParseResult<T>> {
    const services = this.servicesFor(uri);
    const document = this.updating.get(uri.toString());
    const reparsed = document && reparse(document, text, services);
    // An edit of a text with an error most likely leaves one: the fast path would read up to it
    // and decline, and Langium's parser read it all again (up to half as much again).
    const result = reparsed ?? parseText(services, text, !document || !hasErrors(document.parseResult));
    return Promise.resolve(result as ParseResult<T>);
  }

  private servicesFor(uri: URI): TmServices {
    return this.serviceRegistry.getServices(uri) as TmServices;
  }
}

/**
 * Whether the grammar lets an edit re-parse only the items around it (see the top of this
 * file); if not, says why in the log, once per grammar.
 */
export const incrementalParsingPossible: (grammar: GrammarAST.Grammar) => boolean = memoizedByObject(grammar => {
  const fact = grammarFacts(grammar).incrementalParsing;
  if (!fact.possible) console.warn(`tm: incremental parsing is off, since ${fact.reason}; every edit parses the whole document.`);
  return fact.possible;
});

/**
 * A parse of `text`: the fast path's, or Langium's when the fast path declines it or is not to
 * be tried. Langium's parser is built when a text first needs it.
 */
function parseText(services: TmServices, text: string, tryFastPath = true): ParseResult {
  return (tryFastPath ? services.parser.FastParser.parse(text) : undefined) ?? services.parser.LangiumParser.parse(text);
}

function hasErrors(result: ParseResult): boolean {
  return result.lexerErrors.length > 0 || result.parserErrors.length > 0;
}

/** A stretch of text, both ends included: an item that only touches it is involved too. */
interface Span {
  start: number;
  end: number;
}

/** The CST leaf fields that give its position (Langium's `LeafCstNodeImpl`; langium is pinned). */
interface LeafPosition {
  _offset: number;
  _startLine: number;
  _startColumn: number;
  _endLine: number;
  _endColumn: number;
}

/** A composite CST node caches its range (Langium's `CompositeCstNodeImpl`). */
interface CompositeRangeCache {
  _rangeCache: unknown;
}

/**
 * The new parse result of `document` for `text`, re-using the items of its current one, or
 * undefined when only a full parse is sure to be right.
 */
function reparse(document: LangiumDocument, text: string, services: TmServices): ParseResult | undefined {
  if (!incrementalParsingPossible(services.Grammar)) return undefined;
  const previous = document.parseResult;
  const oldRoot = previous.value.$cstNode?.root;
  // The lexer reads nothing of a file over the size limit: a full parse says so.
  if (!oldRoot || byteSize(text) > services.settings.maxFileSizeBytes) return undefined;
  const oldText = oldRoot.fullText;
  const old = previousFacts(previous, oldRoot);
  if (!old) return undefined;

  const content = oldRoot.content;
  const range = nodesToReparse(content, [changedSpan(oldText, text), ...old.trouble]);
  if (range.first === 0 && range.last === content.length - 1) return undefined;
  const before = range.first > 0 ? lastLeaf(content[range.first - 1]) : undefined;
  const after = range.last < content.length - 1 ? firstLeaf(content[range.last + 1]) : undefined;
  const start = before?.end ?? 0;
  const oldEnd = after?.offset ?? oldText.length;
  const end = oldEnd + text.length - oldText.length;
  // No token may cross either end (the text before `start` and from `end` on is unchanged).
  if (before && start < text.length && !WHITESPACE.test(text[start])) return undefined;
  if (after && !isLineBreak(text.charCodeAt(end - 1))) return undefined;

  const fragmentText = text.substring(start, end);
  const fragment = parseText(services, fragmentText);
  const fragmentRoot = fragment.value.$cstNode!.root;
  const facts = parseFacts(fragment, fragmentRoot);
  if (!facts || facts.unclosedComment || !joinsKeptItems(fragmentRoot.content, facts.trouble, before !== undefined, after !== undefined)) return undefined;
  // Kept items follow the re-parsed text one `{` deeper for each block it leaves open.
  const maxDepth = Math.max(old.maxDepth, facts.maxDepth, facts.endDepth + old.maxDepth);
  if (maxDepth > MAX_BLOCK_DEPTH + 1) return undefined;

  const kept = { before: content.slice(0, range.first), after: content.slice(range.last + 1) };
  const nodes = [...kept.before, ...fragmentRoot.content, ...kept.after];
  const model = newModel(nodes, [previous.value, fragment.value]);
  if (!model) return undefined;

  // From here on the previous tree is taken apart. Its references resolved to nodes that may be
  // gone; the builder has unlinked them, but one resolved since would keep its old target.
  services.references.Linker.unlink(document);
  const startPosition = before?.range.end ?? { line: 0, character: 0 };
  for (const node of fragmentRoot.content) {
    moveNode(node, start, startPosition.line, startPosition.character);
  }
  moveErrors(fragment, start, startPosition.line, startPosition.character);
  const lineDelta = startPosition.line + lineBreaks(fragmentText) - (after?.range.start.line ?? 0);
  for (const node of kept.after) {
    moveNode(node, end - oldEnd, lineDelta, 0);
  }
  const root = new RootCstNodeImpl(text);
  root.content = nodes;
  for (const node of nodes) (node as { container?: CompositeCstNode }).container = root;
  (model as { $cstNode?: CstNode }).$cstNode = root;
  AstUtils.assignMandatoryProperties(services.shared.AstReflection, model);
  root.astNode = model;
  AstUtils.linkContentToContainer(model);
  const trouble = facts.trouble.map(spot => ({ start: spot.start + start, end: spot.end + start }));
  factsByRoot.set(root, { trouble, maxDepth });
  return { value: model, lexerErrors: fragment.lexerErrors, parserErrors: fragment.parserErrors, lexerReport: fragment.lexerReport };
}

/**
 * Whether the re-parsed text, whose top level is `nodes` (items, and comments between them),
 * joins the kept items: after one it must start with an item's keyword, and before one end with
 * an item with no trouble past its keyword. Without items it must have no tokens at all.
 */
function joinsKeptItems(nodes: readonly CstNode[], trouble: readonly Span[], afterKept: boolean, beforeKept: boolean): boolean {
  const items = nodes.filter(isCompositeCstNode);
  if (items.length === 0) return trouble.length === 0;
  const firstStart = firstLeaf(items[0]).offset;
  const lastStart = firstLeaf(items[items.length - 1]).offset;
  return (!afterKept || trouble.every(spot => spot.start > firstStart)) && (!beforeKept || trouble.every(spot => spot.start <= lastStart));
}

/**
 * The root of the new AST: the items of `nodes` in order, under the properties (headers,
 * declarations) they came from, the properties in the order a parse creates them. Undefined if
 * a node is not an item of one of `roots`.
 */
function newModel(nodes: readonly CstNode[], roots: readonly AstNode[]): AstNode | undefined {
  const model: AstNode & Record<string, unknown> = { $type: roots[0].$type };
  for (const node of nodes) {
    if (!isCompositeCstNode(node)) continue;
    const item = node.astNode;
    if (!roots.includes(item.$container!) || !item.$containerProperty) return undefined;
    const items = (model[item.$containerProperty] ??= []) as AstNode[];
    items.push(item);
  }
  return model;
}

/** What the next edit needs to know of a parse result. */
interface ParseFacts {
  /** Where the parse went wrong: lexing and parsing errors, and text outside every leaf (what the lexer could not read, the parser skipped, or the nesting limit dropped). */
  trouble: Span[];
  /** The deepest `{` nesting of its tokens. */
  maxDepth: number;
}

/** What joining a re-parsed text to kept items needs to know of it too. */
interface FragmentFacts extends ParseFacts {
  /** The `{` nesting at its end. */
  endDepth: number;
  /** Whether text outside its leaves opens a block comment, which the lexer could not close there. */
  unclosedComment: boolean;
}

/** By CST root: a full parse's facts are found on the first edit after it, an incremental parse's as it is built. */
const factsByRoot = new WeakMap<RootCstNode, ParseFacts>();

/** The facts of a parse result, found once. */
function previousFacts(result: ParseResult, root: RootCstNode): ParseFacts | undefined {
  let facts = factsByRoot.get(root);
  if (!facts) {
    facts = parseFacts(result, root);
    if (facts) factsByRoot.set(root, facts);
  }
  return facts;
}

/** The facts of a parse result, or undefined if its leaves are not in the order of its text. */
function parseFacts(result: ParseResult, root: RootCstNode): FragmentFacts | undefined {
  const scan = scanLeaves(root, root.fullText);
  if (!scan) return undefined;
  const { outside, ...facts } = scan;
  const trouble = [...outside];
  for (const error of [...result.lexerErrors, ...(result.lexerReport?.diagnostics ?? [])]) {
    trouble.push({ start: error.offset, end: error.offset + error.length });
  }
  for (const { token } of result.parserErrors) {
    // An error at the end of the text has no position.
    trouble.push(CstUtils.isValidTokenRange(token) ? { start: token.startOffset, end: token.endOffset! } : { start: root.fullText.length, end: root.fullText.length });
  }
  return { ...facts, trouble };
}

/**
 * Walks the leaves under `root` in the order of `text`: the non-whitespace text outside them,
 * and the nesting of the `{` tokens (every `{` and `}` outside a leaf is a token the parser
 * skipped or the nesting limit dropped: the lexer always reads one). Undefined if the leaves are
 * out of order.
 */
function scanLeaves(root: CompositeCstNode, text: string): (Omit<FragmentFacts, 'trouble'> & { outside: Span[] }) | undefined {
  const outside: Span[] = [];
  let covered = 0;
  let depth = 0;
  let maxDepth = 0;
  let unclosedComment = false;
  const brace = (char: number) => {
    if (char === OPEN) maxDepth = Math.max(maxDepth, ++depth);
    // As the lexer counts: a `}` without a `{` closes nothing.
    else if (char === CLOSE && depth > 0) depth--;
  };
  const gapBefore = (end: number) => {
    SPACES.lastIndex = covered;
    SPACES.exec(text);
    const start = SPACES.lastIndex;
    if (start >= end) return;
    outside.push({ start, end });
    for (let i = start; i < end; i++) brace(text.charCodeAt(i));
    unclosedComment ||= text.substring(start, end).includes('/*');
  };
  const visit = (node: CstNode): boolean => {
    if (isCompositeCstNode(node)) return node.content.every(visit);
    if (node.offset < covered) return false;
    gapBefore(node.offset);
    if (!node.hidden && node.length === 1) brace(text.charCodeAt(node.offset));
    covered = node.end;
    return true;
  };
  if (!visit(root)) return undefined;
  gapBefore(text.length);
  return { outside, maxDepth, endDepth: depth, unclosedComment };
}

/** The first and last of `nodes` (top-level items and comments) to re-parse for `spans`. */
function nodesToReparse(nodes: readonly CstNode[], spans: readonly Span[]): { first: number; last: number } {
  let first = nodes.length;
  let last = -1;
  for (const span of spans) {
    const notBefore = firstIndex(nodes, node => lastLeaf(node).end >= span.start);
    const notAfter = firstIndex(nodes, node => firstLeaf(node).offset > span.end) - 1;
    // The nodes that touch the span or, when it lies between two nodes, both.
    first = Math.min(first, notBefore, notAfter);
    last = Math.max(last, notBefore, notAfter);
  }
  // And one more item on each side: an item cut short by an error is reported at the next token.
  do first--; while (first > 0 && !isCompositeCstNode(nodes[first]));
  do last++; while (last < nodes.length - 1 && !isCompositeCstNode(nodes[last]));
  return { first: Math.max(0, first), last: Math.min(nodes.length - 1, last) };
}

function firstLeaf(node: CstNode): LeafCstNode {
  while (isCompositeCstNode(node)) node = node.content[0];
  return node as LeafCstNode;
}

function lastLeaf(node: CstNode): LeafCstNode {
  while (isCompositeCstNode(node)) node = node.content[node.content.length - 1];
  return node as LeafCstNode;
}

/** The first index whose node satisfies `test`, which holds from some index on; the length if none. */
function firstIndex(nodes: readonly CstNode[], test: (node: CstNode) => boolean): number {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(nodes[middle])) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The one stretch of the old text that differs from the new: between their common prefix and suffix. */
function changedSpan(oldText: string, text: string): Span {
  const shorter = Math.min(oldText.length, text.length);
  let prefix = 0;
  while (prefix < shorter && oldText.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && oldText.charCodeAt(oldText.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  return { start: prefix, end: oldText.length - suffix };
}

/**
 * Moves every leaf under `node` by `offset` characters and `lines` lines, and by `columns` on
 * its first line (line 0, as a node parsed on its own starts); composite nodes drop the range
 * they cached.
 */
function moveNode(node: CstNode, offset: number, lines: number, columns: number): void {
  if (isCompositeCstNode(node)) {
    (node as unknown as CompositeRangeCache)._rangeCache = undefined;
    for (const child of node.content) moveNode(child, offset, lines, columns);
    return;
  }
  const leaf = node as unknown as LeafPosition;
  leaf._offset += offset;
  if (leaf._startLine === 0) leaf._startColumn += columns;
  if (leaf._endLine === 0) leaf._endColumn += columns;
  leaf._startLine += lines;
  leaf._endLine += lines;
}

/**
 * Moves the positions of a re-parsed text's errors as `moveNode` moves its leaves (chevrotain
 * counts lines and columns from 1). A token can be in several errors.
 */
function moveErrors(result: ParseResult, offset: number, lines: number, columns: number): void {
  for (const error of new Set<ILexingError>([...result.lexerErrors, ...(result.lexerReport?.diagnostics ?? [])])) {
    error.offset += offset;
    if (error.line === 1 && error.column !== undefined) error.column += columns;
    if (error.line !== undefined) error.line += lines;
  }
  const tokens = new Set<IToken>();
  for (const error of result.parserErrors) {
    tokens.add(error.token);
    const { previousToken, resyncedTokens } = error as { previousToken?: IToken; resyncedTokens?: IToken[] };
    if (previousToken) tokens.add(previousToken);
    for (const token of resyncedTokens ?? []) tokens.add(token);
  }
  for (const token of tokens) {
    // Without a position: the end of the text (one token chevrotain shares between parses).
    if (!CstUtils.isValidTokenRange(token)) continue;
    token.startOffset += offset;
    token.endOffset! += offset;
    if (token.startLine === 1) token.startColumn! += columns;
    if (token.endLine === 1) token.endColumn! += columns;
    token.startLine! += lines;
    token.endLine! += lines;
  }
}

/** Line breaks as the lexer counts them: `\n`, `\r\n` and a lone `\r`. */
function lineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (endsLine(text, i)) count++;
  }
  return count;
}

const OPEN = '{'.charCodeAt(0);
const CLOSE = '}'.charCodeAt(0);
const SPACES = /\s*/y;
