// Incremental re-parsing. An edit re-parses only the top-level items (model headers,
// declarations and the comments between them) around it, and keeps every other item's AST and
// CST, moved to its new position, whenever that provably gives what a full parse of the new
// text would; otherwise the document is parsed whole, as Langium does. At 5,000 elements a full
// parse is most of a keystroke's cost (see docs/performance.md).
//
// Why the result equals a full parse. Every top-level item starts with a keyword (model,
// external, process, …) and can only continue with its optional label and block, so an item
// that ends before another item's keyword ends the same way before any other keyword or at the
// end of the text. The text is re-parsed from the end of a kept item to the start of another,
// and the result is used only if:
// - the re-parsed text has no lexing or parsing error, so it consists of whole items (its first
//   token is an item's keyword) and each ends as it would in the whole text;
// - the kept items had no error and no unread text in the previous parse, nor next to them (an
//   item cut short by an error is reported at the token after it, so the items next to every
//   error are re-parsed too), and every token of their text was in the tree (so the lexer's
//   nesting limit had flattened none of them, and none will be, see tm-lexer.ts);
// - no token crosses the ends of the re-parsed text: it starts after whitespace and ends with a
//   line break, which ends a line comment, and a block comment or string left open in it is a
//   lexing error.
import type { AstNode, CompositeCstNode, CstNode, LangiumDocument, LeafCstNode, ParseResult, RootCstNode, URI } from 'langium';
import { AstUtils, CstUtils, DefaultLangiumDocumentFactory, isCompositeCstNode, RootCstNodeImpl } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import type { TmServices } from './tm-module.js';
import { byteSize } from './tm-document-validator.js';

export class TmDocumentFactory extends DefaultLangiumDocumentFactory {
  /** The documents being updated: Langium's `update` hands only the new text to `parseAsync`. */
  private readonly updating = new Map<string, LangiumDocument>();

  override async update<T extends AstNode = AstNode>(document: LangiumDocument<T>, cancellationToken: CancellationToken): Promise<LangiumDocument<T>> {
    const uri = document.uri.toString();
    this.updating.set(uri, document);
    try {
      return await super.update(document, cancellationToken);
    } finally {
      this.updating.delete(uri);
    }
  }

  protected override parseAsync<T extends AstNode>(uri: URI, text: string, cancellationToken: CancellationToken): Promise<ParseResult<T>> {
    const document = this.updating.get(uri.toString());
    const reparsed = document && reparse(document, text, this.serviceRegistry.getServices(uri) as TmServices);
    return reparsed ? Promise.resolve(reparsed as ParseResult<T>) : super.parseAsync(uri, text, cancellationToken);
  }
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
  const previous = document.parseResult;
  const oldRoot = previous.value.$cstNode?.root;
  // The lexer reads nothing of a file over the size limit: a full parse says so.
  if (!oldRoot || byteSize(text) > services.settings.maxFileSizeBytes) return undefined;
  const oldText = oldRoot.fullText;
  const trouble = troubleSpots(previous, oldRoot);
  if (!trouble) return undefined;

  const content = oldRoot.content;
  const range = nodesToReparse(content, [changedSpan(oldText, text), ...trouble]);
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
  const fragment = services.parser.LangiumParser.parse(fragmentText);
  if (fragment.lexerErrors.length > 0 || fragment.parserErrors.length > 0 || (fragment.lexerReport?.diagnostics.length ?? 0) > 0) return undefined;
  const fragmentRoot = fragment.value.$cstNode!.root;
  if (textOutsideLeaves(fragmentRoot, fragmentText)?.length !== 0) return undefined;

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
  troubleByRoot.set(root, []);
  return { value: model, lexerErrors: [], parserErrors: [], lexerReport: fragment.lexerReport };
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

/** Error positions and unread text of each parse result, by its CST root. */
const troubleByRoot = new WeakMap<RootCstNode, Span[]>();

/**
 * Where the parse went wrong: lexing and parsing errors, and text outside every leaf (what the
 * lexer could not read, the parser skipped, or the nesting limit dropped). Undefined if the
 * leaves are not in the order of the text.
 */
function troubleSpots(result: ParseResult, root: RootCstNode): Span[] | undefined {
  const cached = troubleByRoot.get(root);
  if (cached) return cached;
  const outside = textOutsideLeaves(root, root.fullText);
  if (!outside) return undefined;
  const spans = [...outside];
  for (const error of [...result.lexerErrors, ...(result.lexerReport?.diagnostics ?? [])]) {
    spans.push({ start: error.offset, end: error.offset + error.length });
  }
  for (const { token } of result.parserErrors) {
    // An error at the end of the text has no position.
    spans.push(CstUtils.isValidTokenRange(token) ? { start: token.startOffset, end: token.endOffset! } : { start: root.fullText.length, end: root.fullText.length });
  }
  troubleByRoot.set(root, spans);
  return spans;
}

/** The non-whitespace text outside the leaves under `root`, or undefined if they are out of order. */
function textOutsideLeaves(root: CompositeCstNode, text: string): Span[] | undefined {
  const spans: Span[] = [];
  let covered = 0;
  const gapBefore = (end: number) => {
    SPACES.lastIndex = covered;
    SPACES.exec(text);
    if (SPACES.lastIndex < end) spans.push({ start: SPACES.lastIndex, end });
  };
  const visit = (node: CstNode): boolean => {
    if (isCompositeCstNode(node)) return node.content.every(visit);
    if (node.offset < covered) return false;
    gapBefore(node.offset);
    covered = node.end;
    return true;
  };
  if (!visit(root)) return undefined;
  gapBefore(text.length);
  return spans;
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

/** Line breaks as the lexer counts them: `\n`, `\r\n` and a lone `\r`. */
function lineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === LF || (char === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

function isLineBreak(char: number): boolean {
  return char === LF || char === CR;
}

const LF = 10;
const CR = 13;
/** The grammar's hidden WS terminal, `\s+`. */
const WHITESPACE = /\s/;
const SPACES = /\s*/y;
