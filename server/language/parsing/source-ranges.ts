// Where an AST node and its parts are in the text, for diagnostics and everything else that
// points at the source: read from the CST, or, for a tree the parser's fast path read without a
// CST, from the node's spans.
//
// Why trees without a CST: the CLI reads each file once and needs positions only for its
// findings, yet Langium's CST (an object per token and per rule call) was most of what a cold
// check allocated and the garbage collector copied: without it a cold 5,000-element check
// takes a fifth less time and a fifth less memory (docs/performance.md, "Trees without a CST").
// So the CLI's parser records, per AST node, its own span and the spans of its tokens and
// assigned children (`SpannedNode`), and nothing else. Such a node has no CST: asking for one
// throws (see SpannedNode), so a feature that needs it cannot get a wrong answer silently.
import type { AstNode, CstNode, DiagnosticInfo, GrammarAST } from 'langium';
import type { Position, Range } from 'vscode-languageserver-types';
import { AstUtils, GrammarAST as Grammar, GrammarUtils, isCompositeCstNode } from 'langium';

export const SPANS = Symbol('spans');

/**
 * The spans of one tree, in one typed array: records of four integers, off the heap the
 * garbage collector copies. A node's record is its first and last token's offsets (start -1:
 * it has none) and the first and last of its part records; a part record is a grammar element
 * (an index into `elements`), its offsets and the next part of the same node (-1: none). A
 * node's parts are, in source order, each of its keywords and assigned tokens and each child
 * assigned to it, by the grammar element that read it; the tokens of a data-type rule count as
 * the node's own, as in Langium's CST searches.
 *
 * One array per tree instead of one per node: a node's spans were an array of about twenty
 * slots, plus the slack its growth left, and together the biggest part of a spanned tree.
 */
export class SpanStore {
  private data: Int32Array;
  private size = 0;

  /** `elements` numbers the grammar elements the parts refer to; `capacity` is in integers. */
  constructor(readonly elements: readonly SpanElement[], capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  /** A new node record, without a span or parts yet. */
  addNode(): number {
    return this.addRecord(-1, -1, -1, -1);
  }

  setNodeSpan(node: number, start: number, end: number): void {
    this.data[node] = start;
    this.data[node + 1] = end;
  }

  /** Appends a part, read by grammar element number `element`, to the node's parts. */
  addPart(node: number, element: number, start: number, end: number): void {
    const part = this.addRecord(element, start, end, -1);
    const data = this.data;
    if (data[node + 3] < 0) data[node + 2] = part;
    else data[data[node + 3] + 3] = part;
    data[node + 3] = part;
  }

  /** Puts `source`'s parts before `target`'s: what a rule's caller read before the call comes first. */
  prependParts(target: number, source: number): void {
    const data = this.data;
    if (data[source + 2] < 0) return;
    if (data[target + 2] < 0) data[target + 3] = data[source + 3];
    else data[data[source + 3] + 3] = data[target + 2];
    data[target + 2] = data[source + 2];
  }

  nodeStart(node: number): number {
    return this.data[node];
  }

  nodeEnd(node: number): number {
    return this.data[node + 1];
  }

  /** The node's first part, or -1. */
  firstPart(node: number): number {
    return this.data[node + 2];
  }

  /** The part after `part` of the same node, or -1. */
  nextPart(part: number): number {
    return this.data[part + 3];
  }

  partElement(part: number): SpanElement {
    return this.elements[this.data[part]];
  }

  partStart(part: number): number {
    return this.data[part + 1];
  }

  partEnd(part: number): number {
    return this.data[part + 2];
  }

  private addRecord(a: number, b: number, c: number, d: number): number {
    if (this.size + 4 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const record = this.size;
    const data = this.data;
    data[record] = a;
    data[record + 1] = b;
    data[record + 2] = c;
    data[record + 3] = d;
    this.size += 4;
    return record;
  }
}

/** A grammar element a part is read by, with the property it assigns (looked up once, not per finding). */
export interface SpanElement {
  element: GrammarAST.AbstractElement;
  property: string | undefined;
}

export function spanElementOf(element: GrammarAST.AbstractElement): SpanElement {
  return { element, property: assignedProperty(element) };
}

/** An AST node of a tree read without its CST: its positions are in its tree's spans. */
export class SpannedNode {
  readonly $type: string;
  /** Its record in its tree's SpanStore. */
  readonly [SPANS]: number;

  constructor($type: string, record: number) {
    this.$type = $type;
    this[SPANS] = record;
  }

  /**
   * A tree read without its CST has none, and none is made behind a reader's back (that would
   * parse the whole file again): positions come from the spans, through the functions below. A
   * feature that needs the CST of a CLI tree fails loudly here, in its tests, and should ask for
   * the CST (FastParser.withoutCst off) or read positions through this module.
   */
  get $cstNode(): CstNode | undefined {
    throw new Error(`This ${this.$type} node was read without its CST (FastParser.withoutCst, the CLI's choice): read its positions through server/language/parsing/source-ranges.ts, or parse with the CST.`);
  }
}

interface SpannedTree {
  /** The offset at which each line starts (lines end at \n, \r\n or \r), recorded as the text was read. */
  lineStarts: readonly number[];
  spans: SpanStore;
}

/** Keyed by the root: a re-parse makes a new one. */
const spannedTrees = new WeakMap<AstNode, SpannedTree>();

export function registerSpannedTree(root: AstNode, lineStarts: readonly number[], spans: SpanStore): void {
  spannedTrees.set(root, { lineStarts, spans });
}

/** A spanned node's tree and record. */
interface Spanned {
  tree: SpannedTree;
  record: number;
}

function spannedOf(node: AstNode): Spanned | undefined {
  const record = (node as Partial<SpannedNode>)[SPANS];
  if (record === undefined) return undefined;
  return { tree: spannedTrees.get(AstUtils.findRootNode(node))!, record };
}

/** The range of `node`'s tokens, first to last (a CST node's range). */
export function nodeRange(node: AstNode): Range | undefined {
  const spanned = spannedOf(node);
  if (!spanned) return node.$cstNode?.range;
  const { tree, record } = spanned;
  const start = tree.spans.nodeStart(record);
  return start < 0 ? undefined : spanRange(tree, start, tree.spans.nodeEnd(record));
}

/** The ranges of what is assigned to `property` of `node`, in source order (GrammarUtils.findNodesForProperty). */
export function propertyRanges(node: AstNode, property: string): Range[] {
  const spanned = spannedOf(node);
  if (!spanned) return GrammarUtils.findNodesForProperty(node.$cstNode, property).map(cstNode => cstNode.range);
  return spannedRanges(spanned, part => part.property === property);
}

/** The range of the first thing assigned to `property` of `node`: the first of `propertyRanges`, found without the others. */
export function firstPropertyRange(node: AstNode, property: string): Range | undefined {
  const spanned = spannedOf(node);
  if (!spanned) return node.$cstNode && firstNodeOfProperty(node.$cstNode, property)?.range;
  return spannedRanges(spanned, part => part.property === property, 1)[0];
}

/** The ranges of `node`'s own `keyword` tokens, in source order (GrammarUtils.findNodesForKeyword). */
export function keywordRanges(node: AstNode, keyword: string): Range[] {
  const spanned = spannedOf(node);
  if (!spanned) return GrammarUtils.findNodesForKeyword(node.$cstNode, keyword).map(cstNode => cstNode.range);
  return spannedRanges(spanned, ({ element }) => Grammar.isKeyword(element) && element.value === keyword);
}

/** The ranges of the node's parts whose grammar element `matches`, in source order, at most `limit` of them. */
function spannedRanges({ tree, record }: Spanned, matches: (part: SpanElement) => boolean, limit = Infinity): Range[] {
  const spans = tree.spans;
  const ranges: Range[] = [];
  for (let part = spans.firstPart(record); part >= 0 && ranges.length < limit; part = spans.nextPart(part)) {
    if (matches(spans.partElement(part))) ranges.push(spanRange(tree, spans.partStart(part), spans.partEnd(part)));
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

function spanRange({ lineStarts }: SpannedTree, start: number, end: number): Range {
  return { start: positionAt(lineStarts, start), end: positionAt(lineStarts, end) };
}

/** The line and character of `offset`: the last line starting at or before it. */
function positionAt(lineStarts: readonly number[], offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low, character: offset - lineStarts[low] };
}
