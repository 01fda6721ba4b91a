// One-line syntax-error messages that say in words what was expected, where and what was found,
// instead of chevrotain's numbered lists of token sequences. What each block accepts and what
// each value may be are the grammar's (grammar-facts.ts). The editor and the CLI show them
// as they are, so each message is a single sentence.
import type { ILexerErrorMessageProvider, IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import type { GrammarFacts } from '../grammar-facts.js';
import { grammarFacts } from '../grammar-facts.js';
import type { TmServices } from '../tm-module.js';

/**
 * How a value rule reads in "Expected …": all the tokens it starts with are one idea to a
 * reader, said with the rule's keywords listed. The tokens and keywords come from the grammar;
 * a rule not named here is described token by token.
 */
const VALUE_WORDS: Readonly<Record<string, (keywords: readonly string[]) => string>> = {
  Name: () => 'a name',
  StrideLetter: keywords => `a STRIDE letter (${joinWords(keywords, 'or')})`,
  DataClass: keywords => `a data class (${joinWords(keywords, 'or')})`,
  Cost: keywords => `a cost (${joinWords([...keywords, 'a number'], 'or')})`,
  Level: keywords => `a level (${joinWords(['1', '2', '3', ...keywords], 'or')})`,
  Control: () => 'a control (a description in quotes, or `none`)',
  ExternalKind: keywords => `an external kind (${joinWords(keywords, 'or')})`,
  StoreKind: keywords => `a store kind (${joinWords(keywords, 'or')})`,
  Privilege: keywords => `a privilege (${joinWords(keywords, 'or')})`,
  ProcessKind: keywords => `a process kind (${joinWords(keywords, 'or')})`,
  BoundaryKind: keywords => `a boundary kind (${joinWords(keywords, 'or')})`,
  TrustLevel: keywords => `a trust level (${joinWords(keywords, 'or')})`,
  Sensitivity: keywords => `a sensitivity (${joinWords(keywords, 'or')})`,
  DataCategory: keywords => `a data category (${joinWords(keywords, 'or')})`,
  Criticality: keywords => `a criticality (${joinWords(keywords, 'or')})`,
};

/** What a block is called in "to close the … block" where its rule's name does not say it. */
const BLOCK_NAMES: Readonly<Record<string, string>> = {
  AttackNode: 'attack-tree node',
};

const TERMINAL_WORDS: Record<string, string> = {
  ID: 'a name',
  STRING: 'a string in double quotes',
  NUMBER: 'a number',
};

/** A set of tokens that is one idea to a reader. */
interface TokenGroup {
  tokens: ReadonlySet<string>;
  words: string;
}

export class TmParserErrorMessageProvider implements IParserErrorMessageProvider {
  /** Larger sets first, so that the larger idea wins (costs before levels). */
  private readonly tokenGroups: readonly TokenGroup[];
  /** By grammar rule: what its block is called and the fields it may hold (grammar-facts.ts). */
  private readonly blocks: ReadonlyMap<string, { name: string; fields: readonly string[] }>;
  private readonly declarationKeywords: readonly string[];

  constructor(services: TmServices) {
    const facts = grammarFacts(services.Grammar);
    this.tokenGroups = Object.entries(VALUE_WORDS)
      .map(([ruleName, words]) => valueGroup(facts, ruleName, words))
      .filter(group => group !== undefined)
      .sort((a, b) => b.tokens.size - a.tokens.size);
    this.blocks = new Map([...facts.blocks].map(([ruleName, block]) => [ruleName, { name: BLOCK_NAMES[ruleName] ?? wordsOf(ruleName), fields: block.fieldKeywords }]));
    this.declarationKeywords = facts.topLevelKeywords;
  }

  buildMismatchTokenMessage({ expected, actual, previous, ruleName }: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
    const name = tokenName(expected);
    if (name === EOF_NAME) return this.buildNotAllInputParsedMessage({ firstRedundant: actual, ruleName });
    if (name === ':' && actual.image === '->' && grammarRule(ruleName) === 'Flow') {
      // `flow A -> B`: what was read as the name is the source.
      return `A flow needs a name: write \`flow Name: ${previous.image} -> …\`, found \`->\` after \`${previous.image}\`.`;
    }
    const block = this.blocks.get(grammarRule(ruleName));
    if (name === '}' && block) {
      // Past the end of the file only the brace is missing; before it, a field was misspelt.
      const fields = isEndOfFile(actual) ? [] : block.fields.map(field => `\`${field}\``);
      return `Expected ${joinWords([...fields, '`}`'], 'or')} to close the ${block.name} block, found ${describeFound(actual)}.`;
    }
    return `Expected ${this.describeTokens([name])}${after(previous)}, found ${describeFound(actual)}.`;
  }

  buildNotAllInputParsedMessage({ firstRedundant }: { firstRedundant: IToken; ruleName: string }): string {
    const keywords = joinWords(this.declarationKeywords.map(keyword => `\`${keyword}\``), 'or');
    return `Expected a declaration (${keywords}), found ${describeFound(firstRedundant)}.`;
  }

  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous }: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
    const firstTokens = expectedPathsPerAlt.flatMap(paths => paths.map(path => path[0])).filter(type => type !== undefined);
    return `Expected ${this.describeTokens(firstTokens.map(tokenName))}${after(previous)}, found ${describeFound(actual[0])}.`;
  }

  buildEarlyExitMessage({ expectedIterationPaths, actual, previous, ruleName }: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
    if (grammarRule(ruleName).startsWith('Attack')) {
      // The only required repetition in tm: the children of `or { … }` and `and { … }`.
      return `Expected at least one attack-tree node (\`"step" cost C\` or \`"step" or { … }\`) in this \`or\`/\`and\` block, found ${describeFound(actual[0])}.`;
    }
    const firstTokens = expectedIterationPaths.map(path => path[0]).filter(type => type !== undefined);
    return `Expected at least one ${this.describeTokens(firstTokens.map(tokenName)).replace(/^an? /, '')}${after(previous)}, found ${describeFound(actual[0])}.`;
  }

  /** `a STRIDE letter (S, T, R, I, D or E)`, `` `}` ``, `` a name or `{` `` */
  private describeTokens(names: readonly string[]): string {
    let remaining = [...new Set(names)];
    const words: string[] = [];
    for (const group of this.tokenGroups) {
      if ([...group.tokens].every(token => remaining.includes(token))) {
        words.push(group.words);
        remaining = remaining.filter(token => !group.tokens.has(token));
      }
    }
    for (const name of remaining) words.push(TERMINAL_WORDS[name] ?? (name === EOF_NAME ? 'end of file' : `\`${name}\``));
    return joinWords(words, 'or');
  }
}

export class TmLexerErrorMessageProvider implements ILexerErrorMessageProvider {
  buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
    const text = fullText.substring(startOffset, startOffset + length);
    if (text.startsWith('"')) {
      return 'This string is not closed: a string ends with `"` on the line where it starts.';
    }
    return `Unexpected character${length === 1 ? '' : 's'} ${quote(text)}: tm has names, keywords, numbers, strings in double quotes and the punctuation { } , : . ->.`;
  }

  buildUnableToPopLexerModeMessage(token: IToken): string {
    return `Unexpected ${quote(token.image)}.`;
  }
}

/** Chevrotain's end-of-input token type. */
const EOF_NAME = 'EOF';

/** Langium marks its rule names with an invisible suffix; keep the grammar's name. */
function grammarRule(ruleName: string): string {
  return ruleName.replace(/[^A-Za-z]/g, '');
}

function isEndOfFile(token: IToken | undefined): boolean {
  return !token || token.tokenType?.name === EOF_NAME || token.image === '';
}

/** Langium names keyword tokens after the keyword; older versions add a `:KW` suffix. */
function tokenName(type: TokenType): string {
  return type.name.endsWith(':KW') ? type.name.slice(0, -3) : type.name;
}

/** The token group of a value rule of the grammar, if the grammar has the rule. */
function valueGroup(facts: GrammarFacts, ruleName: string, words: (keywords: readonly string[]) => string): TokenGroup | undefined {
  const rule = facts.rule(ruleName);
  if (!rule) return undefined;
  const tokens = facts.first(rule);
  return { tokens, words: words([...tokens].filter(token => !(token in TERMINAL_WORDS))) };
}

/** `ModelHeader` → `model header` */
function wordsOf(ruleName: string): string {
  return ruleName.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
}

function describeFound(token: IToken | undefined): string {
  return !token || isEndOfFile(token) ? 'end of file' : quote(token.image);
}

function after(previous: IToken | undefined): string {
  return previous && !isEndOfFile(previous) ? ` after ${quote(previous.image)}` : '';
}

/** Shows source text in backticks, on one line and at a readable length. */
function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return `\`${oneLine.length > 40 ? `${oneLine.slice(0, 40)}…` : oneLine}\``;
}

/** `a, b or c` */
function joinWords(words: readonly string[], conjunction: string): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}
