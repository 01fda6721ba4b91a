// The fast path of the parser: a text without a single lexing or syntax error is read by an
// interpreter of the grammar that builds exactly the AST and CST Langium's parser builds, without
// chevrotain. Any text it is not sure of (an error, a token it does not know, a block nested
// past the lexer's limit, a file over the size limit) goes to Langium's parser, whose recovery
// and messages are the ones users see.
//
// Why: a cold `tm check` of 5,000 elements spent most of its time in chevrotain (a token object
// per token, the recording phase, lookahead functions, one closure per alternative per call) and
// in the garbage collector copying what that allocates (docs/performance.md). The result here is
// the same objects — Langium's CST node classes, the same grammar elements as `grammarSource`,
// the same value converter, linker and mandatory properties — so nothing downstream can tell
// which path parsed a text; test/language/fast-parser.test.ts compares the two on the examples
// and on thousands of random texts.
//
// The interpreter is compiled from the grammar (server/language/tm.langium) at start: one step
// per grammar element, choosing alternatives, options and repetitions by the next token (the
// grammar is LL(1); the constructor refuses a grammar that is not, and then every text goes to
// Langium). It follows the steps of Langium's LangiumParser (consume, subrule, construct,
// assign) one for one, so that the trees are equal by construction, not by imitation. Its
// loops over arrays are indexed: a cold check runs them mostly before V8 optimises them, when
// `for…of` allocates an iterator result per item.
//
// With `withoutCst` (the CLI's choice) it builds the same AST without the CST: each node
// records where it and its parts are (source-ranges.ts), and has no CST at all.
import type { AstNode, AstReflection, CstNode, PropertyMetaData, PropertyType, RootCstNodeImpl, GrammarAST, LeafCstNode, Linker, ParseResult, ValueConverter } from 'langium';
import { AstUtils, CompositeCstNodeImpl, DefaultValueConverter, GrammarAST as Grammar, GrammarUtils, isAstNode, LeafCstNodeImpl } from 'langium';
import type { TokenType } from 'chevrotain';
import { CR, endsLine, isLineBreak, LF, WHITESPACE } from './characters.js';
import { TmCstNodeBuilder } from './cst-builder.js';
import type { SpanElement } from './source-ranges.js';
import { registerSpannedTree, spanElementOf, SpannedNode, SPANS, SpanStore } from './source-ranges.js';
import { byteSize } from '../tm-document-validator.js';
import { MAX_BLOCK_DEPTH } from './lexer.js';
import type { TmServices } from '../tm-module.js';
import type { TmSettings } from '../tm-settings.js';
import type { GrammarFacts } from '../grammar-facts.js';
import { grammarFacts, UnsupportedGrammar } from '../grammar-facts.js';

/** A parse step: reads tokens and builds nodes, or throws DECLINED. */
type Step = () => void;

/** Thrown (without a stack trace) when the text is not one the fast path is sure of. */
// Thrown, not an Error: it unwinds a parse the fast path does not take, often, and an Error would
// capture a stack trace each time.
/* eslint-disable @typescript-eslint/only-throw-error */
const DECLINED = { declined: true };

/** The kind of token at the end of the text (a keyword's kind is its text, a terminal's its name). */
const EOF = '\0EOF';

/**
 * A token's value, from its text and leaf (LangiumParser.consume: a keyword's is its text, a
 * terminal's the value converter's). The leaf is asked for only where the converter needs it:
 * a tree without CST has none to hand.
 */
type TokenValue = (image: string, leaf: () => LeafCstNode) => unknown;

const keywordValue: TokenValue = image => image;

/** A call of a parser rule, compiled. */
interface RuleCallInfo {
  feature: GrammarAST.AbstractElement;
  /** The feature's number among the grammar elements spans refer to. */
  spanElement: number;
  step: Step;
  /** The `$type` of the node the rule creates; undefined for a data-type rule. */
  type: string | undefined;
  assignment: AssignmentInfo;
  /** Whether the data-type rule's value is its text, without the value converter. */
  textIsValue: boolean;
  /**
   * For a rule that only chooses another rule (`TopDeclaration: External | …`), the call of
   * each choice by the kind of token it starts with.
   */
  union?: Map<string, RuleCallInfo>;
}

/** How a consumed token or a sub-rule's result is assigned: Langium's `getAssignment`. */
interface AssignmentInfo {
  operator?: '=' | '+=' | '?=';
  feature?: string;
  crossReference: boolean;
}

/** The AST node a rule is building, or the text of a data-type rule (Langium's DatatypeSymbol node). */
type StackEntry = (AstNode & Record<string, unknown>) | DataTypeValue;

interface DataTypeValue {
  $type: typeof DATA_TYPE;
  value: string;
  $cstNode?: CstNode;
}

const DATA_TYPE = Symbol('data type');

function isDataTypeValue(entry: StackEntry): entry is DataTypeValue {
  return entry.$type === DATA_TYPE;
}

/** A comment, as the CST builder takes hidden tokens (chevrotain's positions: lines and start columns from 1). */
interface HiddenToken {
  startOffset: number;
  image: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  tokenType: TokenType;
}

export class TmFastParser {
  private readonly services: TmServices;
  /** The lexer's token types, for CST leaves: asked for only when a leaf is made (see `tokenTypes`). */
  private lexerTokenTypes?: Record<string, TokenType>;
  private readonly reflection: AstReflection;
  private readonly converter: ValueConverter;
  private readonly linker: Linker;
  private readonly settings: TmSettings;
  /** The entry rule's step, or undefined if the grammar is beyond this interpreter (see `disabledReason`). */
  private readonly entry: Step | undefined;
  /** Why every text goes to Langium's parser: what in the grammar this interpreter does not read. */
  readonly disabledReason: string | undefined;
  /** The `$type` of the entry rule's node. */
  private readonly entryType: string | undefined;
  private readonly keywords = new Set<string>();
  /**
   * Keywords that are words, by length and first character (`length * 128 + char`): a word is
   * looked up without cutting it out of the text.
   */
  private readonly wordKeywords: Array<string[] | undefined> = [];
  private longestWordKeyword = 0;
  /** Keywords that are not words (`->`, `{`, `in-progress`), by first character, longest first. */
  private readonly symbolKeywords: Array<string[] | undefined> = [];
  private readonly ruleSteps = new Map<GrammarAST.AbstractRule, Step>();
  private readonly defaults = new Map<string, PropertyMetaData[]>();
  /** The grammar's first sets and empty matches, shared with the rest of the language (grammar-facts.ts). */
  private readonly facts: GrammarFacts;
  /** The grammar elements a span can be read by, numbered for SpanStore. */
  private readonly spanElements: SpanElement[] = [];

  /**
   * Whether texts are read without their CST, into spanned nodes (source-ranges.ts): the CLI's
   * choice, which reads a file once and asks for positions of its findings only. An editor
   * needs the CST at every keystroke.
   */
  withoutCst = false;

  // The state of one parse.
  private text = '';
  private builder!: TmCstNodeBuilder;
  private spans!: SpanStore;
  /** The span record of the innermost AST node being read, which a data-type rule's tokens count for too. */
  private spanOwner = -1;
  private stack: StackEntry[] = [];
  private comments: HiddenToken[] = [];
  private depth = 0;
  /** The next token. */
  private kind = EOF;
  private start = 0;
  private end = 0;
  private line = 0;
  private column = 0;
  /** Where the lexer is: the offset after the next token. */
  private position = 0;
  /**
   * Where each line read so far starts: the last is the lexer's line. A tree without a CST
   * takes its positions from these.
   */
  private lineStarts: number[] = [];
  /** The offset after the last token consumed; -1 before the first. */
  private lastEnd = -1;
  /** The token being consumed: its grammar element, type and leaf (once made). */
  private tokenFeature!: GrammarAST.AbstractElement;
  private tokenName!: string;
  private tokenLeaf: LeafCstNode | undefined;
  /** The leaf of the token being consumed; where the tree has no CST, made for the value converter alone. */
  private readonly leafOfToken = (): LeafCstNode => (this.tokenLeaf ??= this.newLeaf(this.tokenFeature, this.tokenName));

  constructor(services: TmServices) {
    this.services = services;
    this.reflection = services.shared.AstReflection;
    this.converter = services.parser.ValueConverter;
    this.linker = services.references.Linker;
    this.settings = services.settings;
    const entry = services.Grammar.rules.find(rule => Grammar.isParserRule(rule) && rule.entry) as GrammarAST.ParserRule | undefined;
    this.entryType = entry && ruleType(entry);
    this.facts = grammarFacts(services.Grammar);
    try {
      if (services.LanguageMetaData.caseInsensitive) throw new UnsupportedGrammar('case-insensitive keywords');
      const unexpectedTerminal = terminalNotLexed(services.Grammar);
      if (unexpectedTerminal) throw new UnsupportedGrammar(unexpectedTerminal);
      this.entry = entry && this.compileElement(entry.definition);
    } catch (error) {
      if (!(error instanceof UnsupportedGrammar)) throw error;
      this.entry = undefined;
      this.disabledReason = error.message;
      // Every text then takes Langium's parser, about twice as slow at 5,000 elements: say why, once.
      console.warn(`tm: the parser's fast path is off, since the grammar has ${error.message}; every text is read by Langium's parser.`);
    }
  }

  /**
   * The token types of the lexer: a CST leaf's type is the same object as in Langium's CST.
   * Building them is a tenth of the CLI's start-up, and a tree without a CST has no leaves.
   */
  private get tokenTypes(): Record<string, TokenType> {
    return (this.lexerTokenTypes ??= this.services.parser.Lexer.definition);
  }

  /**
   * Adds a keyword of the grammar to the lexer's tables: the grammar's keywords are the
   * lexer's keyword tokens (Langium's token builder makes one per keyword of a reachable rule),
   * and they are all compiled from the entry rule on.
   */
  private addKeyword(keyword: string): void {
    if (this.keywords.has(keyword)) return;
    this.keywords.add(keyword);
    const first = keyword.charCodeAt(0);
    if (isWordStart(first) && /^\w+$/.test(keyword)) {
      (this.wordKeywords[keyword.length * 128 + first] ??= []).push(keyword);
      this.longestWordKeyword = Math.max(this.longestWordKeyword, keyword.length);
    } else {
      const list = (this.symbolKeywords[first] ??= []);
      list.push(keyword);
      list.sort((a, b) => b.length - a.length);
    }
  }

  /** Whether the grammar is one this interpreter reads (else every text goes to Langium). */
  get enabled(): boolean {
    return this.entry !== undefined;
  }

  /** The parse result Langium's parser would give for `text`, or undefined to let it parse. */
  parse(text: string): ParseResult | undefined {
    if (!this.entry || byteSize(text) > this.settings.maxFileSizeBytes) return undefined;
    const spanned = this.withoutCst;
    this.text = text;
    if (spanned) this.spans = new SpanStore(this.spanElements, spanStoreCapacity(text));
    else this.builder = new TmCstNodeBuilder();
    const root = spanned ? undefined : this.builder.buildRootNode(text);
    const model = this.newNode(this.entryType!);
    this.stack = [model];
    if (spanned) this.spanOwner = (model as unknown as SpannedNode)[SPANS];
    this.comments = [];
    this.depth = 0;
    this.position = 0;
    this.lineStarts = [0];
    this.lastEnd = -1;
    try {
      this.advance();
      const start = this.start;
      this.entry();
      if (this.kind !== EOF) return undefined;
      if (spanned) this.setSpan(model, this.lastEnd < 0 ? -1 : start, this.lastEnd);
      else this.construct(model);
      this.assignMandatoryProperties(model);
      if (spanned) {
        registerSpannedTree(model, this.lineStarts, this.spans);
      } else {
        (root as RootCstNodeImpl).astNode = model;
        if (this.comments.length > 0) this.builder.addHiddenNodes(this.comments as never[]);
      }
      return { value: model, lexerErrors: [], lexerReport: { diagnostics: [] }, parserErrors: [] };
    } catch (error) {
      if (error === DECLINED) return undefined;
      throw error;
    } finally {
      this.text = '';
      this.stack = [];
      this.comments = [];
      this.tokenLeaf = undefined;
      this.spans = undefined!;
      this.lineStarts = [];
    }
  }

  private newNode(type: string): AstNode & Record<string, unknown> {
    return (this.withoutCst ? new SpannedNode(type, this.spans.addNode()) : { $type: type }) as AstNode & Record<string, unknown>;
  }

  /** The token's leaf (LangiumParser.consume). */
  private newLeaf(feature: GrammarAST.AbstractElement, tokenName: string): LeafCstNode {
    const length = this.end - this.start;
    const leaf = new LeafCstNodeImpl(this.start, length, this.line, this.column, this.line, this.column + length, this.tokenTypes[tokenName], false);
    leaf.grammarSource = feature;
    return leaf;
  }

  /** Records a part of the innermost AST node being read. */
  private addSpanPart(element: number, start: number, end: number): void {
    this.spans.addPart(this.spanOwner, element, start, end);
  }

  /** Where a spanned node's first token starts and its last ends. */
  private setSpan(node: AstNode, start: number, end: number): void {
    this.spans.setNodeSpan((node as unknown as SpannedNode)[SPANS], start, end);
  }

  /** The number of a grammar element a span can be read by. */
  private spanElement(element: GrammarAST.AbstractElement): number {
    const known = this.spanElements.findIndex(spanElement => spanElement.element === element);
    return known >= 0 ? known : this.spanElements.push(spanElementOf(element)) - 1;
  }

  // ---------------------------------------------------------------------------------------------
  // The lexer, as chevrotain reads the grammar's tokens: whitespace skipped, comments kept as
  // hidden tokens, keywords before terminals and the longest keyword first, a keyword that is a
  // word giving way to a longer identifier. Lines end at \n, \r\n or \r.

  /** Reads the next token into `kind`, `start`, `end`, `line`, `column`. */
  private advance(): void {
    const text = this.text;
    let at = this.position;
    for (;;) {
      if (at >= text.length) {
        this.kind = EOF;
        this.start = this.end = at;
        this.position = at;
        return;
      }
      const char = text.charCodeAt(at);
      if (char === LF || char === CR) {
        at += char === CR && text.charCodeAt(at + 1) === LF ? 2 : 1;
        this.lineStarts.push(at);
        continue;
      }
      if (isSpace(char)) {
        at++;
        continue;
      }
      if (char === SLASH && (text.charCodeAt(at + 1) === SLASH || text.charCodeAt(at + 1) === STAR)) {
        at = this.comment(at, text.charCodeAt(at + 1) === STAR);
        continue;
      }
      break;
    }
    const char = text.charCodeAt(at);
    this.start = at;
    this.line = this.lineStarts.length - 1;
    this.column = at - this.lineStarts[this.line];
    let kind: string | undefined;
    let end = at;
    if (isWordStart(char)) {
      end = wordEnd(text, at + 1);
      kind = this.wordKeyword(text, at, end) ?? ID;
    } else if (isDigit(char) || (char === MINUS && isDigit(text.charCodeAt(at + 1)))) {
      end = numberEnd(text, at);
    } else if (char === QUOTE) {
      end = stringEnd(text, at);
      if (end < 0) throw DECLINED;
      kind = STRING;
    }
    // Keywords are tried before the terminals, the longest first; a word keyword only wins over an identifier at least as long.
    const symbolKeywords = this.symbolKeywords[char];
    if (symbolKeywords) {
      for (let i = 0; i < symbolKeywords.length; i++) {
        const keyword = symbolKeywords[i];
        if (keyword.length > end - at && text.startsWith(keyword, at)) {
          kind = keyword;
          end = at + keyword.length;
          break;
        }
      }
    }
    if (kind === undefined) {
      if (end === at) throw DECLINED;
      kind = NUMBER;
    }
    this.kind = kind;
    this.end = end;
    this.position = end;
    if (kind === '{' && ++this.depth > MAX_BLOCK_DEPTH + 1) throw DECLINED;
    if (kind === '}' && this.depth > 0) this.depth--;
  }

  /** The keyword the word from `at` to `end` is, if it is one. */
  private wordKeyword(text: string, at: number, end: number): string | undefined {
    const length = end - at;
    if (length > this.longestWordKeyword) return undefined;
    const candidates = this.wordKeywords[length * 128 + text.charCodeAt(at)];
    if (candidates) {
      for (let i = 0; i < candidates.length; i++) if (text.startsWith(candidates[i], at)) return candidates[i];
    }
    return undefined;
  }

  /** Reads a comment starting at `at` into `comments`; the offset after it. */
  private comment(at: number, block: boolean): number {
    const text = this.text;
    const startLine = this.lineStarts.length - 1;
    const startColumn = at - this.lineStarts[startLine];
    let end: number;
    if (block) {
      const close = text.indexOf('*/', at + 2);
      if (close < 0) throw DECLINED;
      end = close + 2;
      for (let i = at; i < end; i++) {
        if (endsLine(text, i)) this.lineStarts.push(i + 1);
      }
    } else {
      end = at + 2;
      while (end < text.length && !isLineBreak(text.charCodeAt(end))) end++;
    }
    if (this.withoutCst) return end;
    this.comments.push({
      startOffset: at,
      image: text.substring(at, end),
      startLine: startLine + 1,
      startColumn: startColumn + 1,
      endLine: this.lineStarts.length,
      endColumn: end - this.lineStarts[this.lineStarts.length - 1],
      tokenType: this.tokenTypes[block ? 'ML_COMMENT' : 'SL_COMMENT'],
    });
    return end;
  }

  // ---------------------------------------------------------------------------------------------
  // LangiumParser's steps.

  /**
   * LangiumParser.consume: the next token as a leaf, its value assigned or added to a data type's
   * text. Without a CST, a keyword or assigned token (`spanElement` ≥ 0, the feature's number)
   * gets a span instead of a leaf.
   */
  private consume(feature: GrammarAST.AbstractElement, tokenName: string, assignment: AssignmentInfo, valueOf: TokenValue, spanElement: number): void {
    if (this.withoutCst) {
      if (spanElement >= 0) this.addSpanPart(spanElement, this.start, this.end);
      this.tokenLeaf = undefined;
    } else {
      const builder = this.builder;
      if (this.comments.length > 0) {
        builder.addHiddenNodes(this.comments as never[]);
        this.comments = [];
      }
      this.tokenLeaf = this.newLeaf(feature, tokenName);
      builder.appendChild(builder.current, this.tokenLeaf);
    }
    this.tokenFeature = feature;
    this.tokenName = tokenName;
    const current = this.stack[this.stack.length - 1];
    if (assignment.operator) {
      const image = this.text.substring(this.start, this.end);
      this.assign(assignment, valueOf(image, this.leafOfToken), this.tokenLeaf);
    } else if (isDataTypeValue(current)) {
      current.value += String(valueOf(this.text.substring(this.start, this.end), this.leafOfToken));
    }
    this.lastEnd = this.end;
    this.advance();
  }

  /** LangiumParser.subrule with the rule's implementation and `construct`. */
  private subrule(call: RuleCallInfo): void {
    const spanned = this.withoutCst;
    const start = this.start;
    const cstNode = spanned ? undefined : this.builder.buildCompositeNode(call.feature);
    const built = this.readRule(call, start);
    const assignment = call.assignment;
    const result = !isDataTypeValue(built) ? built
      : call.textIsValue ? built.value : this.converter.convert(built.value, built.$cstNode ?? dataTypeNode(call.feature));
    const current = this.stack[this.stack.length - 1];
    if (assignment.operator) {
      if (spanned) this.addSpanPart(call.spanElement, start, this.lastEnd);
      this.assign(assignment, result, cstNode);
    } else if (isDataTypeValue(current)) {
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- inside a data-type rule every part is a string
      current.value += String(result);
    } else if (typeof result === 'object' && result) {
      // A rule called without assignment (`TopDeclaration: External | …`) becomes the node it returns.
      const replacement = this.assignWithoutOverride(result as AstNode & Record<string, unknown>, current);
      this.stack[this.stack.length - 1] = replacement;
      if (spanned) this.spanOwner = (replacement as unknown as SpannedNode)[SPANS];
    }
  }

  /** The node (or data-type value) a called rule reads, complete: LangiumParser.subrule up to its result. */
  private readRule(call: RuleCallInfo, start: number): StackEntry {
    const spanned = this.withoutCst;
    if (spanned && call.union) {
      // Langium makes a node for the choosing rule, which takes nothing, and replaces it with the
      // chosen rule's node; a tree without a CST has no node of the choosing rule to build either.
      const chosen = call.union.get(this.kind);
      if (!chosen) throw DECLINED;
      return this.readRule(chosen, start);
    }
    const outerOwner = this.spanOwner;
    if (call.type === undefined) {
      this.stack.push({ $type: DATA_TYPE, value: '' });
    } else {
      const node = this.newNode(call.type);
      this.stack.push(node);
      if (spanned) this.spanOwner = (node as unknown as SpannedNode)[SPANS];
    }
    call.step();
    // The rule's node, or the node of a rule it called without assignment, which took its place.
    const built = this.stack.pop()!;
    this.spanOwner = outerOwner;
    if (!spanned) this.construct(built);
    else if (!isDataTypeValue(built)) this.setSpan(built, start, this.lastEnd);
    if (!isDataTypeValue(built)) this.assignMandatoryProperties(built);
    return built;
  }

  /** LangiumParser.assignWithoutOverride: the node a called rule returned takes the caller's place. */
  private assignWithoutOverride(target: AstNode & Record<string, unknown>, source: StackEntry): AstNode & Record<string, unknown> {
    for (const name in source) {
      const existing = (source as Record<string, unknown>)[name];
      const value = target[name];
      if (value === undefined) target[name] = existing;
      else if (Array.isArray(value) && Array.isArray(existing)) {
        for (const item of value as unknown[]) existing.push(item);
        target[name] = existing;
      }
    }
    // What the caller read before the call comes first, as in the CST.
    if (target instanceof SpannedNode) this.spans.prependParts(target[SPANS], (source as unknown as SpannedNode)[SPANS]);
    else (target as { $cstNode?: CstNode }).$cstNode = undefined;
    return target;
  }

  /** Closes the innermost open CST node and makes it `entry`'s (CstNodeBuilder.construct). */
  private construct(entry: StackEntry): void {
    this.builder.construct(entry as Parameters<TmCstNodeBuilder['construct']>[0]);
  }

  /**
   * LangiumParser.assign, and what `linkContentToContainer` does after Langium's parse: an AST
   * node's container, property and index are set as it is assigned (it is complete by then).
   */
  private assign(assignment: AssignmentInfo, value: unknown, cstNode: CstNode | undefined): void {
    const node = this.stack[this.stack.length - 1] as AstNode & Record<string, unknown>;
    const feature = assignment.feature!;
    const item = assignment.crossReference && typeof value === 'string' ? this.linker.buildReference(node, feature, cstNode, value) : value;
    const child = isAstNode(item) ? (item as Mutable<AstNode>) : undefined;
    if (!this.withoutCst && child?.$cstNode) (child.$cstNode as CompositeCstNodeImpl).astNode = child;
    switch (assignment.operator) {
      case '=':
        node[feature] = item;
        if (child) {
          child.$container = node;
          child.$containerProperty = feature;
        }
        break;
      case '?=':
        node[feature] = true;
        break;
      case '+=': {
        const list = node[feature] as unknown[] | undefined;
        if (child) {
          child.$container = node;
          child.$containerProperty = feature;
          child.$containerIndex = Array.isArray(list) ? list.length : 0;
        }
        // A literal is allocated at its size; the first push would reserve 17 slots, and most lists hold one item.
        if (Array.isArray(list)) list.push(item);
        else node[feature] = [item];
      }
    }
  }

  /** AstUtils.assignMandatoryProperties, with each type's defaults looked up once. */
  private assignMandatoryProperties(node: AstNode & Record<string, unknown>): void {
    let defaults = this.defaults.get(node.$type);
    if (!defaults) {
      defaults = Object.values(this.reflection.getTypeMetaData(node.$type).properties).filter(property => property.defaultValue !== undefined);
      this.defaults.set(node.$type, defaults);
    }
    for (let i = 0; i < defaults.length; i++) {
      const { name, defaultValue } = defaults[i];
      if (node[name] === undefined) node[name] = Array.isArray(defaultValue) ? copyDefault(defaultValue) : defaultValue;
    }
  }

  /**
   * The value of a terminal's token: the value converter's, found without it where Langium's
   * default converter gives the text (an ID, whose pattern has no `^` to strip) or the text
   * between the quotes (a STRING without escapes).
   */
  private terminalValue(name: string): TokenValue {
    const convert: TokenValue = (image, leaf) => this.converter.convert(image, leaf());
    if (Object.getPrototypeOf(this.converter) !== DefaultValueConverter.prototype) return convert;
    if (name === ID) return image => image;
    if (name === STRING) return (image, leaf) => (image.includes('\\') ? convert(image, leaf) : image.substring(1, image.length - 1));
    return convert;
  }

  // ---------------------------------------------------------------------------------------------
  // The compiler: grammar elements to steps.

  private compileRule(rule: GrammarAST.ParserRule): Step {
    let step = this.ruleSteps.get(rule);
    if (step) return step;
    // Rules call themselves (boundaries, attack-tree nodes): the step is looked up when it runs.
    const compiled: { body?: Step } = {};
    step = () => compiled.body!();
    this.ruleSteps.set(rule, step);
    // Fragments, parameters and rules that can match nothing are not in tm's grammar.
    if (rule.fragment) throw new UnsupportedGrammar(`a fragment (${rule.name})`);
    if (rule.parameters.length > 0) throw new UnsupportedGrammar(`a rule with parameters (${rule.name})`);
    if (this.facts.nullable(rule.definition)) throw new UnsupportedGrammar(`a rule that can match nothing (${rule.name})`);
    compiled.body = this.compileElement(rule.definition);
    return step;
  }

  private compileElement(element: GrammarAST.AbstractElement): Step {
    const once = this.compileOnce(element);
    const first = this.facts.first(element);
    switch (element.cardinality) {
      case '?':
        return () => {
          if (first.has(this.kind)) once();
        };
      case '*':
        return () => {
          while (first.has(this.kind)) once();
        };
      case '+':
        return () => {
          do once();
          while (first.has(this.kind));
        };
      default:
        return once;
    }
  }

  private compileOnce(element: GrammarAST.AbstractElement): Step {
    if (Grammar.isGroup(element) && !element.guardCondition) {
      const steps = element.elements.map(child => this.compileElement(child));
      return () => {
        for (let i = 0; i < steps.length; i++) steps[i]();
      };
    }
    if (Grammar.isAlternatives(element)) {
      const byKind = new Map<string, Step>();
      for (const alternative of element.elements) {
        if (this.facts.nullable(alternative)) throw new UnsupportedGrammar(`an alternative that can be empty (in ${AstUtils.getContainerOfType(element, Grammar.isParserRule)?.name})`);
        const step = this.compileElement(alternative);
        for (const kind of this.facts.first(alternative)) {
          if (byKind.has(kind)) throw new UnsupportedGrammar(`two alternatives both starting with ${kind} (in ${AstUtils.getContainerOfType(element, Grammar.isParserRule)?.name})`);
          byKind.set(kind, step);
        }
      }
      return () => {
        const step = byKind.get(this.kind);
        if (!step) throw DECLINED;
        step();
      };
    }
    if (Grammar.isAssignment(element)) return this.compileElement(element.terminal);
    if (Grammar.isKeyword(element)) {
      // A keyword's kind, and its token type's name, is its text.
      const kind = element.value;
      this.addKeyword(kind);
      const assignment = assignmentOf(element);
      const spanElement = this.spanElement(element);
      return () => {
        if (this.kind !== kind) throw DECLINED;
        this.consume(element, kind, assignment, keywordValue, spanElement);
      };
    }
    if (Grammar.isCrossReference(element) && !element.isMulti && element.terminal && Grammar.isRuleCall(element.terminal)) {
      return this.compileCall(element, element.terminal.rule.ref);
    }
    if (Grammar.isRuleCall(element) && element.arguments.length === 0) return this.compileCall(element, element.rule.ref);
    throw new UnsupportedGrammar(`a grammar element of type ${element.$type} (in ${AstUtils.getContainerOfType(element, Grammar.isParserRule)?.name})`);
  }

  /** A rule called from `feature` (a rule call, or a cross-reference read through a rule). */
  private compileCall(feature: GrammarAST.AbstractElement, rule: GrammarAST.AbstractRule | undefined): Step {
    const assignment = assignmentOf(feature);
    if (Grammar.isTerminalRule(rule) && TERMINAL_PATTERNS.has(rule.name) && !rule.hidden) {
      const kind = rule.name;
      const value = this.terminalValue(kind);
      const spanElement = assignment.operator === undefined ? -1 : this.spanElement(feature);
      return () => {
        if (this.kind !== kind) throw DECLINED;
        this.consume(feature, kind, assignment, value, spanElement);
      };
    }
    const call = this.ruleCallInfo(feature, rule, assignment);
    return () => this.subrule(call);
  }

  private ruleCallInfo(feature: GrammarAST.AbstractElement, rule: GrammarAST.AbstractRule | undefined, assignment: AssignmentInfo): RuleCallInfo {
    if (!Grammar.isParserRule(rule)) throw new UnsupportedGrammar(`a call of ${rule?.name}, which is not a parser rule`);
    const dataType = GrammarUtils.isDataTypeRule(rule);
    const call: RuleCallInfo = {
      feature,
      spanElement: this.spanElement(feature),
      step: this.compileRule(rule),
      type: dataType ? undefined : ruleType(rule),
      assignment,
      textIsValue: dataType && this.convertsToText(rule),
    };
    const choices = choicesOf(rule);
    if (choices) {
      call.union = new Map();
      for (const choice of choices) {
        // First sets before the recursion: they refuse a cycle of such rules (left recursion).
        const kinds = this.facts.first(choice);
        const chosen = this.ruleCallInfo(choice, choice.rule.ref, assignmentOf(choice));
        for (const kind of kinds) call.union.set(kind, chosen);
      }
    }
    return call;
  }

  /**
   * Whether the value converter gives a data-type rule's value as its text: Langium's default
   * converter does for a rule returning string (DefaultValueConverter.runConverter), and skipping
   * it is a tenth of a parse.
   */
  private convertsToText(rule: GrammarAST.ParserRule): boolean {
    return Object.getPrototypeOf(this.converter) === DefaultValueConverter.prototype && GrammarUtils.getRuleType(rule) === 'string' && !['INT', 'STRING', 'ID'].includes(rule.name.toUpperCase());
  }
}

/** AstUtils' copyDefaultValue: a fresh array for each node. */
function copyDefault(value: PropertyType[]): PropertyType[] {
  // Nearly every default is an empty list.
  if (value.length === 0) return [];
  return value.map(item => (Array.isArray(item) ? copyDefault(item) : item));
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The `$type` of the node a rule creates (LangiumParser.computeRuleType). */
function ruleType(rule: GrammarAST.ParserRule): string {
  return GrammarUtils.getExplicitRuleType(rule) ?? rule.name;
}

/**
 * A terminal the lexer below does not read as the grammar says, described, or undefined: a
 * change to one in tm.langium turns the fast path off (and its test fails) instead of lexing
 * differently from Langium.
 */
function terminalNotLexed(grammar: GrammarAST.Grammar): string | undefined {
  const terminals = new Map(grammar.rules.filter(Grammar.isTerminalRule).map(rule => [rule.name, rule]));
  for (const [name, terminal] of terminals) {
    const source = TERMINAL_PATTERNS.get(name);
    if (source === undefined) return `a terminal this lexer does not read (${name})`;
    if (GrammarUtils.terminalRegex(terminal).source !== source) return `a terminal ${name} whose pattern is not the one this lexer reads (/${source}/)`;
  }
  const missing = [...TERMINAL_PATTERNS.keys()].find(name => !terminals.has(name));
  return missing && `no terminal ${missing}, which this lexer reads`;
}

/**
 * The grammar's terminals and their patterns, as this lexer reads them (chevrotain reads the
 * block comment with TmTokenBuilder's matcher, in linear time, to the same end).
 */
const TERMINAL_PATTERNS = new Map<string, string>([
  ['WS', '\\s+'],
  ['ID', '[A-Za-z_][A-Za-z0-9_]*'],
  ['NUMBER', '-?[0-9]+(\\.[0-9]+)?'],
  ['STRING', '"(\\\\[^\\r\\n]|[^"\\\\\\r\\n])*"'],
  ['ML_COMMENT', '\\/\\*[\\s\\S]*?\\*\\/'],
  ['SL_COMMENT', '\\/\\/[^\\n\\r]*'],
]);

/**
 * The rule calls of a rule that only chooses another rule (`TopDeclaration: External | …`):
 * unassigned calls, without cardinality, of rules that make nodes; undefined for any other rule.
 */
function choicesOf(rule: GrammarAST.ParserRule): GrammarAST.RuleCall[] | undefined {
  const definition = rule.definition;
  if (definition.cardinality) return undefined;
  const choices = Grammar.isAlternatives(definition) ? definition.elements : [definition];
  const isChoice = (element: GrammarAST.AbstractElement): element is GrammarAST.RuleCall =>
    Grammar.isRuleCall(element) && !element.cardinality && element.arguments.length === 0
    && Grammar.isParserRule(element.rule.ref) && !element.rule.ref.fragment && !GrammarUtils.isDataTypeRule(element.rule.ref);
  return choices.every(isChoice) ? choices : undefined;
}

/** LangiumParser.getAssignment, for a consumed token's or a called rule's grammar element. */
function assignmentOf(feature: GrammarAST.AbstractElement): AssignmentInfo {
  const assignment = AstUtils.getContainerOfType(feature, Grammar.isAssignment);
  if (!assignment) return { crossReference: false };
  if (Grammar.isCrossReference(assignment.terminal) && assignment.terminal.isMulti) throw new UnsupportedGrammar(`a multi-reference (${assignment.feature})`);
  return { operator: assignment.operator, feature: assignment.feature, crossReference: Grammar.isCrossReference(assignment.terminal) };
}

/**
 * Room for a text's spans: half an integer per character is about half what a dense model
 * needs (one doubling), and little more than a model with long descriptions needs.
 */
function spanStoreCapacity(text: string): number {
  return Math.max(1024, text.length >> 1);
}

/** The value converter reads the grammar element of a data-type rule's CST node; a tree without CST makes one for it. */
function dataTypeNode(feature: GrammarAST.AbstractElement): CstNode {
  const node = new CompositeCstNodeImpl();
  node.grammarSource = feature;
  return node;
}

const ID = 'ID';
const NUMBER = 'NUMBER';
const STRING = 'STRING';

const SLASH = 47;
const STAR = 42;
const MINUS = 45;
const QUOTE = 34;
const BACKSLASH = 92;
const DOT = 46;

/** The grammar's whitespace, `\s`, other than line breaks. */
function isSpace(char: number): boolean {
  if (char === 32 || char === 9 || char === 11 || char === 12) return true;
  return char > 127 && WHITESPACE.test(String.fromCharCode(char));
}

function isDigit(char: number): boolean {
  return char >= 48 && char <= 57;
}

/** The start of the ID terminal, `[A-Za-z_]`. */
function isWordStart(char: number): boolean {
  return (char >= 65 && char <= 90) || (char >= 97 && char <= 122) || char === 95;
}

/** The end of an ID, `[A-Za-z_][A-Za-z0-9_]*`, from `at` on. */
function wordEnd(text: string, at: number): number {
  while (at < text.length) {
    const char = text.charCodeAt(at);
    if (!isWordStart(char) && !isDigit(char)) break;
    at++;
  }
  return at;
}

/** The end of a NUMBER, `-?[0-9]+(\.[0-9]+)?`, starting at `at`. */
function numberEnd(text: string, at: number): number {
  if (text.charCodeAt(at) === MINUS) at++;
  while (isDigit(text.charCodeAt(at))) at++;
  if (text.charCodeAt(at) === DOT && isDigit(text.charCodeAt(at + 1))) {
    at += 2;
    while (isDigit(text.charCodeAt(at))) at++;
  }
  return at;
}

/** The end of a STRING, `"(\\[^\r\n]|[^"\\\r\n])*"`, starting at `at`; -1 if it is not closed on its line. */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === QUOTE) return i + 1;
    if (isLineBreak(char)) return -1;
    if (char === BACKSLASH) {
      if (i + 1 >= text.length || isLineBreak(text.charCodeAt(i + 1))) return -1;
      i++;
    }
  }
  return -1;
}
