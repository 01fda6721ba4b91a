// One-line syntax-error messages that say in words what was expected, where and what was found,
// instead of chevrotain's numbered lists of token sequences. The editor and the CLI show them
// as they are, so each message is a single sentence.
import type { ILexerErrorMessageProvider, IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { GrammarAST } from 'langium';
import { TmGrammar } from '../generated/grammar.js';

/** The keywords of a data-type rule of the grammar (`SoftKeyword: 'description' | …`). */
function ruleKeywords(name: string): string[] {
  const rule = TmGrammar().rules.find(candidate => candidate.name === name);
  return rule && GrammarAST.isParserRule(rule) ? collectKeywords(rule.definition) : [];
}

function collectKeywords(element: GrammarAST.AbstractElement): string[] {
  if (GrammarAST.isKeyword(element)) return [element.value];
  if (GrammarAST.isAlternatives(element)) return element.elements.flatMap(collectKeywords);
  return [];
}

const NAME_TOKENS = ['ID', 'S', 'T', 'R', 'I', 'D', 'E', ...ruleKeywords('SoftKeyword')];
const DATA_CLASSES = ['public', 'internal', 'pii', 'financial', 'health', 'credentials', 'secrets'];

/**
 * Sets of tokens that are one idea to a reader: when all of them are expected, say the idea.
 * A set comes before its subsets (costs before levels), so the larger idea wins.
 */
const TOKEN_GROUPS: ReadonlyArray<{ tokens: readonly string[]; words: string }> = [
  { tokens: [...NAME_TOKENS, ...DATA_CLASSES], words: 'a data class (public, internal, pii, financial, health, credentials or secrets) or the name of a data asset' },
  { tokens: NAME_TOKENS, words: 'a name' },
  { tokens: ['S', 'T', 'R', 'I', 'D', 'E'], words: 'a STRIDE letter (S, T, R, I, D or E)' },
  { tokens: DATA_CLASSES, words: 'a data class (public, internal, pii, financial, health, credentials or secrets)' },
  { tokens: ['pii', 'financial', 'health', 'credentials', 'secrets'], words: 'a data category (pii, financial, health, credentials or secrets)' },
  { tokens: ['public', 'internal', 'confidential', 'restricted'], words: 'a sensitivity (public, internal, confidential or restricted)' },
  { tokens: ['low', 'medium', 'high', 'critical'], words: 'a criticality (low, medium, high or critical)' },
  { tokens: ['none', 'low', 'medium', 'high'], words: 'a trust level (none, low, medium or high)' },
  { tokens: ruleKeywords('ProcessKind'), words: `a process kind (${joinWords(ruleKeywords('ProcessKind'), 'or')})` },
  { tokens: ruleKeywords('BoundaryKind'), words: `a boundary kind (${joinWords(ruleKeywords('BoundaryKind'), 'or')})` },
  { tokens: ['NUMBER', 'trivial', 'low', 'medium', 'high', 'extreme'], words: 'a cost (trivial, low, medium, high, extreme or a number)' },
  { tokens: ['NUMBER', 'low', 'medium', 'high'], words: 'a level (1, 2, 3, low, medium or high)' },
  { tokens: ['STRING', 'none'], words: 'a control (a description in quotes, or `none`)' },
  { tokens: ['user', 'service', 'device'], words: 'an external kind (user, service or device)' },
  { tokens: ['database', 'queue', 'cache', 'log', 'bucket', 'file'], words: 'a store kind (database, queue, cache, log, bucket or file)' },
  { tokens: ['root', 'admin', 'service', 'user'], words: 'a privilege (root, admin, service or user)' },
];

const TERMINAL_WORDS: Record<string, string> = {
  ID: 'a name',
  STRING: 'a string in double quotes',
  NUMBER: 'a number',
};

/** What a block is called in "to close the … block", and the fields it may hold, by grammar rule. */
const BLOCKS: Record<string, { name: string; fields: readonly string[] }> = {
  ModelHeader: { name: 'model header', fields: ['owner', 'reviewed', 'revisit', 'description', 'refs'] },
  External: { name: 'external', fields: ['kind', 'technology', 'description', 'refs', 'out-of-scope', 'exempt'] },
  Process: { name: 'process', fields: ['kind', 'privilege', 'technology', 'description', 'refs', 'out-of-scope', 'exempt'] },
  Store: { name: 'store', fields: ['kind', 'holds', 'encrypted', 'technology', 'description', 'refs', 'out-of-scope', 'exempt'] },
  Boundary: { name: 'boundary', fields: ['external', 'process', 'store', 'boundary', 'kind', 'trust', 'description', 'refs', 'out-of-scope'] },
  Flow: { name: 'flow', fields: ['protocol', 'carries', 'returns', 'authn', 'authz', 'validation', 'description', 'refs', 'out-of-scope', 'exempt'] },
  Threat: { name: 'threat', fields: ['on', 'stride', 'likelihood', 'impact', 'description', 'refs', 'mitigation', 'accepted', 'transferred', 'eliminated'] },
  Attack: { name: 'attack', fields: ['realizes', 'description', 'refs', 'or', 'and'] },
  DataAsset: { name: 'data', fields: ['sensitivity', 'category', 'integrity', 'availability', 'description', 'refs'] },
  AttackTree: { name: 'attack tree', fields: [] },
  AttackNode: { name: 'attack-tree node', fields: [] },
};

const DECLARATION_KEYWORDS = ['model', 'external', 'process', 'store', 'boundary', 'flow', 'threat', 'attack', 'data'];

export class TmParserErrorMessageProvider implements IParserErrorMessageProvider {
  buildMismatchTokenMessage({ expected, actual, previous, ruleName }: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
    const name = tokenName(expected);
    if (name === EOF_NAME) return this.buildNotAllInputParsedMessage({ firstRedundant: actual, ruleName });
    const block = BLOCKS[grammarRule(ruleName)];
    if (name === '}' && block) {
      // Past the end of the file only the brace is missing; before it, a field was misspelt.
      const fields = isEndOfFile(actual) ? [] : block.fields.map(field => `\`${field}\``);
      return `Expected ${joinWords([...fields, '`}`'], 'or')} to close the ${block.name} block, found ${describeFound(actual)}.`;
    }
    return `Expected ${describeTokens([name])}${after(previous)}, found ${describeFound(actual)}.`;
  }

  buildNotAllInputParsedMessage({ firstRedundant }: { firstRedundant: IToken; ruleName: string }): string {
    const keywords = joinWords(DECLARATION_KEYWORDS.map(keyword => `\`${keyword}\``), 'or');
    return `Expected a declaration (${keywords}), found ${describeFound(firstRedundant)}.`;
  }

  buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous }: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
    const firstTokens = expectedPathsPerAlt.flatMap(paths => paths.map(path => path[0])).filter(type => type !== undefined);
    return `Expected ${describeTokens(firstTokens.map(tokenName))}${after(previous)}, found ${describeFound(actual[0])}.`;
  }

  buildEarlyExitMessage({ expectedIterationPaths, actual, previous, ruleName }: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
    if (grammarRule(ruleName).startsWith('Attack')) {
      // The only required repetition in tm: the children of `or { … }` and `and { … }`.
      return `Expected at least one attack-tree node (\`"step" cost C\` or \`"step" or { … }\`) in this \`or\`/\`and\` block, found ${describeFound(actual[0])}.`;
    }
    const firstTokens = expectedIterationPaths.map(path => path[0]).filter(type => type !== undefined);
    return `Expected at least one ${describeTokens(firstTokens.map(tokenName)).replace(/^an? /, '')}${after(previous)}, found ${describeFound(actual[0])}.`;
  }
}

export class TmLexerErrorMessageProvider implements ILexerErrorMessageProvider {
  buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
    const text = fullText.substring(startOffset, startOffset + length);
    if (text.startsWith('"')) {
      return 'This string is not closed: a string ends with `"` on the line where it starts.';
    }
    return `Unexpected character${length === 1 ? '' : 's'} ${quote(text)}: tm has names, keywords, numbers, strings in double quotes and the punctuation { } , : ->.`;
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

/** `a STRIDE letter (S, T, R, I, D or E)`, `` `}` ``, `` a name or `{` `` */
function describeTokens(names: readonly string[]): string {
  let remaining = [...new Set(names)];
  const words: string[] = [];
  for (const group of TOKEN_GROUPS) {
    if (group.tokens.every(token => remaining.includes(token))) {
      words.push(group.words);
      remaining = remaining.filter(token => !group.tokens.includes(token));
    }
  }
  for (const name of remaining) words.push(TERMINAL_WORDS[name] ?? (name === EOF_NAME ? 'end of file' : `\`${name}\``));
  return joinWords(words, 'or');
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
