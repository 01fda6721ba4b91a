// Where an AST node and its parts are in the text, for diagnostics and everything else that
// points at the source: read from the CST, or, for a tree the parser's fast path read without a
// CST, from the node's spans.
//
// Why trees without a CST: `tm check` reads each file once and needs positions only for its
// findings, yet Langium's CST (an object per token and per rule call) was most of what a cold
// check allocated and the garbage collector copied (docs/performance.md). So the CLI's parser
// records, per AST node, its own span and the spans of its tokens and assigned children
// (`SpannedNode`), and builds the CST only when something asks a node for its `$cstNode`: it
// then parses the text again with the CST and grafts it onto the same AST nodes. Anything that
// needs the CST gets it, so nothing can get a wrong answer from a spanned tree, only a slower
// one; what `tm check` asks for is answered from the spans.
import type { AstNode, CstNode, DiagnosticInfo, GrammarAST } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import { AstUtils, GrammarAST as Grammar, GrammarUtils, isCompositeCstNode, TextDocument } from 'langium';

export const SPANS = Symbol('spans');

/**
 * `[start, end, element, start, end, element, start, end, …]`: the offsets of the node's first
 * and last token (start -1: it has none), then, in source order, each of its keywords and
 * assigned tokens and each child assigned to it, by the grammar element that read it; the
 * tokens of a data-type rule count as the node's own, as in Langium's CST searches.
 */
export type Spans = Array<GrammarAST.AbstractElement | number>;

/** An AST node of a tree read without its CST; `$cstNode` builds it, for the whole tree, when first asked. */
export class SpannedNode {
  /** Its own span is set once its last token is read. */
  readonly [SPANS]: Spans = [-1, -1];

  constructor(readonly $type: string) {}

  get $cstNode(): CstNode | undefined {
    const tree = spannedTrees.get(AstUtils.findRootNode(this as unknown as AstNode));
    if (!tree?.buildCst) return undefined;
    const buildCst = tree.buildCst;
    // Cleared first: a node the graft does not reach must answer undefined, not build it again.
    tree.buildCst = undefined;
    buildCst();
    return Object.prototype.hasOwnProperty.call(this, '$cstNode') ? this.$cstNode : undefined;
  }

  /** The graft gives each node its CST node as its own property, which then shadows the getter. */
  set $cstNode(value: CstNode | undefined) {
    Object.defineProperty(this, '$cstNode', { value, writable: true, enumerable: true, configurable: true });
  }
}

interface SpannedTree {
  /** The text, for offsets to positions (its line offsets are computed when first asked for). */
  text: TextDocument;
  /** Builds the CST and grafts it onto the tree; undefined once done. */
  buildCst?: () => void;
}

/** Keyed by the root: a re-parse makes a new one. */
const spannedTrees = new WeakMap<AstNode, SpannedTree>();

export function registerSpannedTree(root: AstNode, text: string, buildCst: () => void): void {
  spannedTrees.set(root, { text: TextDocument.create('', '', 0, text), buildCst });
}

function spansOf(node: AstNode): Spans | undefined {
  return (node as Partial<SpannedNode>)[SPANS];
}

/** The range of `node`'s tokens, first to last (a CST node's range). */
export function nodeRange(node: AstNode): Range | undefined {
  const spans = spansOf(node);
  if (spans && (spans[0] as number) >= 0) return spanRange(node, spans[0] as number, spans[1] as number);
  return node.$cstNode?.range;
}

/** The ranges of what is assigned to `property` of `node`, in source order (GrammarUtils.findNodesForProperty). */
export function propertyRanges(node: AstNode, property: string): Range[] {
  const spans = spansOf(node);
  if (!spans) return GrammarUtils.findNodesForProperty(node.$cstNode, property).map(cstNode => cstNode.range);
  return spannedRanges(node, spans, element => assignedProperty(element) === property);
}

/** The range of the first thing assigned to `property` of `node`: the first of `propertyRanges`, found without the others. */
export function firstPropertyRange(node: AstNode, property: string): Range | undefined {
  const spans = spansOf(node);
  if (!spans) return node.$cstNode && firstNodeOfProperty(node.$cstNode, property)?.range;
  return spannedRanges(node, spans, element => assignedProperty(element) === property, 1)[0];
}

/** The ranges of `node`'s own `keyword` tokens, in source order (GrammarUtils.findNodesForKeyword). */
export function keywordRanges(node: AstNode, keyword: string): Range[] {
  const spans = spansOf(node);
  if (!spans) return GrammarUtils.findNodesForKeyword(node.$cstNode, keyword).map(cstNode => cstNode.range);
  return spannedRanges(node, spans, element => Grammar.isKeyword(element) && element.value === keyword);
}

/** The ranges of the node's spans whose grammar element `matches`, in source order, at most `limit` of them. */
function spannedRanges(node: AstNode, spans: Spans, matches: (element: GrammarAST.AbstractElement) => boolean, limit = Infinity): Range[] {
  const ranges: Range[] = [];
  for (let i = 2; i < spans.length && ranges.length < limit; i += 3) {
    if (matches(spans[i] as GrammarAST.AbstractElement)) ranges.push(spanRange(node, spans[i + 1] as number, spans[i + 2] as number));
  }
  return ranges;
}

/** Where a finding goes: Langium's `getDiagnosticRange`, through the functions above. */
export function diagnosticRange(info: DiagnosticInfo<AstNode, string>): Range {
  if (info.range) return info.range;
  const { node, property, keyword, index } = info;
  let range: Range | undefined;
  if (typeof property === 'string') range = index ? nth(propertyRanges(node, property), index) : firstPropertyRange(node, property);
  else if (typeof keyword === 'string') range = nth(keywordRanges(node, keyword), index);
  range ??= nodeRange(node);
  return range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** Langium's choice by index: the first for none or a negative one, the last past the end. */
function nth(ranges: Range[], index: number | undefined): Range | undefined {
  return ranges.length === 0 ? undefined : ranges[Math.max(0, Math.min(index ?? 0, ranges.length - 1))];
}

/**
 * The first CST node below `node` assigned to `property` of `node`'s AST node, in source order.
 * Langium collects every such node of the declaration, block included, before taking the
 * first; this stops at the first.
 */
export function firstNodeOfProperty(node: CstNode, property: string): CstNode | undefined {
  if (!isCompositeCstNode(node)) return undefined;
  for (const child of node.content) {
    if (assignedProperty(child.grammarSource) === property) return child;
    if (child.astNode === node.astNode) {
      const found = firstNodeOfProperty(child, property);
      if (found) return found;
    }
  }
  return undefined;
}

const assignedProperties = new WeakMap<GrammarAST.AbstractElement, string | undefined>();

/** The property the grammar element's token or rule call is assigned to, if any. */
function assignedProperty(element: GrammarAST.AbstractElement | undefined): string | undefined {
  if (!element) return undefined;
  if (assignedProperties.has(element)) return assignedProperties.get(element);
  const property = AstUtils.getContainerOfType(element, Grammar.isAssignment)?.feature;
  assignedProperties.set(element, property);
  return property;
}

function spanRange(node: AstNode, start: number, end: number): Range {
  const { text } = spannedTrees.get(AstUtils.findRootNode(node))!;
  return { start: text.positionAt(start), end: text.positionAt(end) };
}
