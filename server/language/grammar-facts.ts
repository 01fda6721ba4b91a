// The facts about the language that the grammar (tm.langium) already states, derived from it
// once: which keywords there are, what each `{ … }` block accepts, which fields can be written
// more than once, what a nesting block's header looks like, and whether a top-level item can
// always be told by its first keyword. The parser's fast path, the syntax-error messages, the
// duplicate-field check, the lexer's nesting limit, incremental parsing and the fuzz tests all
// read them here, so a field or declaration added to the grammar reaches them all without
// further edits (docs/architecture.md, "Adding a field").
//
// A token's kind is what chevrotain names its token type: a keyword's is its text (`process`,
// `{`), a terminal's its rule name (`ID`, `STRING`).
import type { GrammarAST } from 'langium';
import { AstUtils, GrammarAST as Grammar, GrammarUtils } from 'langium';
import { memoizedByObject } from '../domain/memo.js';

/** The grammar uses something these facts (and the parser's fast path) do not interpret. */
export class UnsupportedGrammar extends Error {}

/** A property a parser rule assigns, with what the grammar says of it. */
export interface FieldFact {
  /** The `$type` of the node that holds it. */
  type: string;
  property: string;
  /** The operators it is assigned with (`+=` makes it a list). */
  operators: ReadonlySet<'=' | '+=' | '?='>;
  /** Whether one node can be given it more than once: it is assigned inside a repetition, or in two places. */
  repeatable: boolean;
  /** The keyword written before its value (`owner` in `'owner' owner+=STRING`), if there is one. */
  keyword: string | undefined;
}

/** A rule with a `{ … }` block. */
export interface BlockFact {
  rule: GrammarAST.ParserRule;
  /** The `$type` of the node the rule makes. */
  type: string;
  /** The keywords an entry of the block can start with, in grammar order: its fields, or the declarations it holds. */
  fieldKeywords: readonly string[];
  /** What comes before the `{`: one entry per grammar element, the kinds of token it starts with and whether it may be absent. */
  header: ReadonlyArray<{ kinds: ReadonlySet<string>; optional: boolean }>;
  /** Whether the block can hold, at any depth, another node of the same rule (boundaries, attack-tree nodes). */
  nests: boolean;
}

/** Whether incremental re-parsing may keep the top-level items around an edit, and if not, why. */
export type IncrementalParsingFact = { possible: true } | { possible: false; reason: string };

export class GrammarFacts {
  readonly entry: GrammarAST.ParserRule;
  private readonly firstSets = new Map<GrammarAST.AbstractElement | GrammarAST.AbstractRule, Set<string> | null>();
  private readonly continuationSets = new Map<GrammarAST.AbstractElement | GrammarAST.AbstractRule, Set<string> | null>();
  private computedFields?: Map<string, FieldFact[]>;
  private computedBlocks?: Map<string, BlockFact>;
  private computedKeywords?: string[];
  private computedTopLevel?: { keywords: string[]; incrementalParsing: IncrementalParsingFact };

  constructor(readonly grammar: GrammarAST.Grammar) {
    const entry = grammar.rules.find(rule => Grammar.isParserRule(rule) && rule.entry);
    if (!Grammar.isParserRule(entry)) throw new Error(`The grammar ${grammar.name} has no entry rule.`);
    this.entry = entry;
  }

  /** The grammar's parser rules: the ones that make nodes, and the data-type rules that make values. */
  private get parserRules(): GrammarAST.ParserRule[] {
    return this.grammar.rules.filter(Grammar.isParserRule);
  }

  /** Every keyword of the grammar, in grammar order. */
  get keywords(): readonly string[] {
    return (this.computedKeywords ??= [...new Set(this.parserRules.flatMap(rule => AstUtils.streamAllContents(rule).filter(Grammar.isKeyword).map(keyword => keyword.value).toArray()))]);
  }

  /** The keywords a top-level item (a model header, a declaration) starts with, in grammar order. */
  get topLevelKeywords(): readonly string[] {
    return this.topLevel.keywords;
  }

  /**
   * Incremental parsing (parsing/incremental-parsing.ts) keeps the top-level items around an
   * edit, which gives what a full parse gives only if every top-level item starts with a
   * keyword and no item can go on with a token that starts an item: then an item that ends
   * before another item's keyword ends the same way before any other.
   */
  get incrementalParsing(): IncrementalParsingFact {
    return this.topLevel.incrementalParsing;
  }

  /** The properties each node type is given, by `$type`, in grammar order. */
  get fields(): ReadonlyMap<string, readonly FieldFact[]> {
    return (this.computedFields ??= this.findFields());
  }

  /** The rules with a `{ … }` block, by rule name. */
  get blocks(): ReadonlyMap<string, BlockFact> {
    return (this.computedBlocks ??= this.findBlocks());
  }

  rule(name: string): GrammarAST.AbstractRule | undefined {
    return this.grammar.rules.find(rule => rule.name === name);
  }

  /** The words a data-type rule of keywords takes (`ProcessKind` → `web-app`, `api`, …), in grammar order. */
  words(ruleName: string): readonly string[] {
    const rule = this.rule(ruleName);
    if (!Grammar.isParserRule(rule) || !rule.dataType) throw new Error(`${ruleName} is not a data-type rule of the grammar.`);
    return AstUtils.streamAllContents(rule).filter(Grammar.isKeyword).map(keyword => keyword.value).toArray();
  }

  /** The kinds of token `element` starts with when it matches anything (its cardinality aside). */
  first(element: GrammarAST.AbstractElement | GrammarAST.AbstractRule): ReadonlySet<string> {
    const known = this.firstSets.get(element);
    if (known) return known;
    if (known === null) throw new UnsupportedGrammar('left recursion');
    this.firstSets.set(element, null);
    const first = new Set<string>();
    const add = (set: ReadonlySet<string>) => set.forEach(kind => first.add(kind));
    if (Grammar.isParserRule(element)) add(this.first(element.definition));
    else if (Grammar.isTerminalRule(element)) first.add(element.name);
    else if (Grammar.isGroup(element)) {
      for (const child of element.elements) {
        add(this.first(child));
        if (!this.nullable(child)) break;
      }
    } else if (Grammar.isAlternatives(element)) element.elements.forEach(child => add(this.first(child)));
    else if (Grammar.isAssignment(element)) add(this.first(element.terminal));
    else if (Grammar.isKeyword(element)) first.add(element.value);
    else if (Grammar.isCrossReference(element) && element.terminal) add(this.first(element.terminal));
    else if (Grammar.isRuleCall(element) && element.rule.ref) add(this.first(element.rule.ref));
    else throw new UnsupportedGrammar(`a grammar element of type ${element.$type}`);
    this.firstSets.set(element, first);
    return first;
  }

  /** Whether `element` can match no token at all. */
  nullable(element: GrammarAST.AbstractElement): boolean {
    if (element.cardinality === '?' || element.cardinality === '*') return true;
    if (Grammar.isGroup(element)) return element.elements.every(child => this.nullable(child));
    if (Grammar.isAlternatives(element)) return element.elements.some(child => this.nullable(child));
    if (Grammar.isAssignment(element)) return this.nullable(element.terminal);
    if (Grammar.isRuleCall(element) && Grammar.isParserRule(element.rule.ref)) return this.nullable(element.rule.ref.definition);
    return false;
  }

  /**
   * The kinds of token that can go on from a point where `element` could have ended: what can
   * make a complete match of it longer (after `'process' Name`, a label or a block).
   */
  continuations(element: GrammarAST.AbstractElement | GrammarAST.AbstractRule): ReadonlySet<string> {
    const known = this.continuationSets.get(element);
    if (known) return known;
    // A rule that ends with a call of itself: what follows the inner call is what follows the outer.
    if (known === null) return new Set();
    this.continuationSets.set(element, null);
    const continuations = new Set<string>();
    const add = (set: ReadonlySet<string>) => set.forEach(kind => continuations.add(kind));
    if (Grammar.isParserRule(element)) add(this.continuations(element.definition));
    else if (Grammar.isAbstractElement(element)) {
      if (element.cardinality === '*' || element.cardinality === '+') add(this.first(element));
      if (Grammar.isGroup(element)) {
        // The group can end after each element that only optional ones follow; those can then follow.
        const elements = element.elements;
        for (let end = elements.length - 1; end >= 0; end--) {
          add(this.continuations(elements[end]));
          if (end < elements.length - 1) add(this.first(elements[end + 1]));
          if (!this.nullable(elements[end])) break;
        }
      } else if (Grammar.isAlternatives(element)) element.elements.forEach(child => add(this.continuations(child)));
      else if (Grammar.isAssignment(element)) add(this.continuations(element.terminal));
      else if (Grammar.isCrossReference(element) && element.terminal) add(this.continuations(element.terminal));
      else if (Grammar.isRuleCall(element) && element.rule.ref) add(this.continuations(element.rule.ref));
    }
    this.continuationSets.set(element, continuations);
    return continuations;
  }

  private get topLevel(): NonNullable<GrammarFacts['computedTopLevel']> {
    if (this.computedTopLevel) return this.computedTopLevel;
    const items = this.itemsOf(this.entry);
    const keywords = [...new Set(items.flatMap(item => [...this.first(item)]))];
    this.computedTopLevel = { keywords, incrementalParsing: this.checkIncrementalParsing(items, keywords) };
    return this.computedTopLevel;
  }

  /** The rules of the entry rule's items: `(headers+=ModelHeader | declarations+=TopDeclaration)*`, with the choices of `TopDeclaration`. */
  private itemsOf(entry: GrammarAST.ParserRule): GrammarAST.ParserRule[] {
    const definition = entry.definition;
    const alternatives = Grammar.isAlternatives(definition) ? definition.elements : [definition];
    const items: GrammarAST.ParserRule[] = [];
    for (const alternative of alternatives) {
      const call = Grammar.isAssignment(alternative) ? alternative.terminal : undefined;
      if (Grammar.isRuleCall(call) && Grammar.isParserRule(call.rule.ref)) items.push(...choicesOf(call.rule.ref));
    }
    return items;
  }

  private checkIncrementalParsing(items: readonly GrammarAST.ParserRule[], keywords: readonly string[]): IncrementalParsingFact {
    const definition = this.entry.definition;
    const alternatives = Grammar.isAlternatives(definition) ? definition.elements : [definition];
    const isItem = (element: GrammarAST.AbstractElement) => Grammar.isAssignment(element) && element.operator === '+=' && !element.cardinality && Grammar.isRuleCall(element.terminal);
    if (definition.cardinality !== '*' || !alternatives.every(isItem)) {
      return { possible: false, reason: `the entry rule ${this.entry.name} is not a repetition of items (\`(items+=Item | …)*\`)` };
    }
    const itemKeywords = new Set(keywords);
    for (const item of items) {
      const terminal = [...this.first(item)].find(kind => !this.isKeyword(kind));
      if (terminal) return { possible: false, reason: `a top-level ${item.name} can start with ${terminal}, not a keyword` };
      const clash = [...this.continuations(item)].find(kind => itemKeywords.has(kind));
      if (clash) return { possible: false, reason: `a top-level ${item.name} can go on with \`${clash}\`, which also starts a top-level item` };
    }
    return { possible: true };
  }

  private isKeyword(kind: string): boolean {
    return !this.grammar.rules.some(rule => Grammar.isTerminalRule(rule) && rule.name === kind);
  }

  private findFields(): Map<string, FieldFact[]> {
    const fields = new Map<string, FieldFact[]>();
    for (const rule of this.parserRules) {
      if (rule.fragment) continue;
      const type = GrammarUtils.getExplicitRuleType(rule) ?? rule.name;
      // A rule without assignments makes no node of its own (a data-type rule, a choice of rules).
      forEachAssignment(rule.definition, false, undefined, (assignment, repeated, keyword) => {
        const ofType: Array<Mutable<FieldFact>> = fields.get(type) ?? [];
        fields.set(type, ofType);
        let field = ofType.find(known => known.property === assignment.feature);
        if (!field) {
          field = { type, property: assignment.feature, operators: new Set(), repeatable: false, keyword };
          ofType.push(field);
        } else if (!isAlternativeValue(assignment)) {
          // Assigned in two places: `holds+=DataClass (',' holds+=DataClass)*`.
          field.repeatable = true;
        }
        (field.operators as Set<string>).add(assignment.operator);
        if (repeated) field.repeatable = true;
      });
    }
    return fields;
  }

  private findBlocks(): Map<string, BlockFact> {
    const blocks = new Map<string, BlockFact>();
    for (const rule of this.parserRules) {
      const open = AstUtils.streamAllContents(rule.definition).find((element): element is GrammarAST.Keyword => Grammar.isKeyword(element) && element.value === '{');
      if (!open) continue;
      const group: unknown = open.$container;
      if (!Grammar.isGroup(group)) continue;
      const at = group.elements.indexOf(open);
      const close = group.elements.findIndex((element, index) => index > at && Grammar.isKeyword(element) && element.value === '}');
      const content = group.elements.slice(at + 1, close < 0 ? undefined : close);
      const fieldKeywords = [...new Set(content.flatMap(element => [...this.first(element)]))].filter(kind => this.isKeyword(kind));
      blocks.set(rule.name, {
        rule,
        type: GrammarUtils.getExplicitRuleType(rule) ?? rule.name,
        fieldKeywords,
        header: headerBefore(open, rule).map(element => ({ kinds: this.first(element), optional: this.nullable(element) })),
        nests: content.some(element => calledRules(element).has(rule)),
      });
    }
    return blocks;
  }
}

/** The facts of a grammar, found once per grammar. */
export const grammarFacts: (grammar: GrammarAST.Grammar) => GrammarFacts = memoizedByObject(grammar => new GrammarFacts(grammar));

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The rules a rule stands for: the rules it only chooses between (`TopDeclaration: External |
 * …`), or itself.
 */
function choicesOf(rule: GrammarAST.ParserRule): GrammarAST.ParserRule[] {
  const definition = rule.definition;
  const choices = Grammar.isAlternatives(definition) ? definition.elements : [definition];
  const called = choices.map(choice => (Grammar.isRuleCall(choice) && !choice.cardinality && Grammar.isParserRule(choice.rule.ref) ? choice.rule.ref : undefined));
  if (definition.cardinality || called.some(choice => choice === undefined)) return [rule];
  return called.flatMap(choice => choicesOf(choice!));
}

/**
 * Calls `visit` for each assignment within `element`, in grammar order, with whether an element
 * around it (within the rule) repeats and the keyword written just before it in its group, if
 * that is a word (`owner` in `'owner' owner+=STRING`, not `,`; `protocol` for each form of
 * `'protocol' (protocol+=Name | protocol+=STRING)`). A walk of its own: a cold start runs it
 * once, before V8 optimises anything, where Langium's streams cost ten times as much.
 */
function forEachAssignment(element: GrammarAST.AbstractElement, repeated: boolean, keyword: string | undefined,
  visit: (assignment: GrammarAST.Assignment, repeated: boolean, keyword: string | undefined) => void): void {
  const repeats = repeated || element.cardinality === '*' || element.cardinality === '+';
  if (Grammar.isAssignment(element)) visit(element, repeats, keyword);
  else if (Grammar.isGroup(element)) {
    let before: string | undefined;
    for (const child of element.elements) {
      forEachAssignment(child, repeats, before, visit);
      before = Grammar.isKeyword(child) && /^\w/.test(child.value) ? child.value : undefined;
    }
  } else if (Grammar.isAlternatives(element) || Grammar.isUnorderedGroup(element)) {
    const forms = element.elements.length > 0 && Grammar.isAssignment(element.elements[0]) && isAlternativeValue(element.elements[0]);
    for (const child of element.elements) forEachAssignment(child, repeats, forms ? keyword : undefined, visit);
  }
}

/**
 * Whether an assignment is one of the forms a single value may take (`'protocol' (protocol+=Name
 * | protocol+=STRING)`): alternatives that all assign the same field, written once.
 */
function isAlternativeValue(assignment: GrammarAST.Assignment): assignment is GrammarAST.Assignment & { $container: GrammarAST.Alternatives } {
  const alternatives = assignment.$container;
  return Grammar.isAlternatives(alternatives) && !alternatives.cardinality
    && alternatives.elements.every(element => Grammar.isAssignment(element) && element.feature === assignment.feature && !element.cardinality);
}

/** The elements read before `element` in its rule, outermost first: a block's header. */
function headerBefore(element: GrammarAST.AbstractElement, rule: GrammarAST.ParserRule): GrammarAST.AbstractElement[] {
  const header: GrammarAST.AbstractElement[] = [];
  for (let current = element; current !== rule.definition && Grammar.isAbstractElement(current.$container); current = current.$container) {
    const container = current.$container;
    if (Grammar.isGroup(container)) header.unshift(...container.elements.slice(0, container.elements.indexOf(current)));
  }
  return header;
}

/** The parser rules `element` calls, directly or through the rules it calls. */
function calledRules(element: GrammarAST.AbstractElement): Set<GrammarAST.AbstractRule> {
  const found = new Set<GrammarAST.AbstractRule>();
  const pending = [element];
  while (pending.length > 0) {
    const next = pending.pop()!;
    const calls = [next, ...AstUtils.streamAllContents(next)].filter(Grammar.isRuleCall);
    for (const call of calls) {
      const rule = call.rule.ref;
      if (Grammar.isParserRule(rule) && !found.has(rule)) {
        found.add(rule);
        pending.push(rule.definition);
      }
    }
  }
  return found;
}
