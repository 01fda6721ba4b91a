// The hand-written TextMate grammar (syntaxes/tm.tmLanguage.json), tokenized by the same
// engine VS Code uses: every keyword gets the scope of its role.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { isStrideLetter } from '../../server/domain/stride.js';
import { TmGrammar } from '../../server/language/generated/grammar.js';
import { grammarFacts } from '../../server/language/grammar-facts.js';

const require = createRequire(import.meta.url);
let grammar: textmate.IGrammar;

beforeAll(async () => {
  await oniguruma.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: sources => new oniguruma.OnigScanner(sources),
      createOnigString: text => new oniguruma.OnigString(text),
    }),
    loadGrammar: async () => textmate.parseRawGrammar(readFileSync('syntaxes/tm.tmLanguage.json', 'utf8'), 'tm.tmLanguage.json'),
  });
  const loaded = await registry.loadGrammar('source.tm');
  if (!loaded) throw new Error('grammar source.tm did not load');
  grammar = loaded;
});

interface Token {
  text: string;
  scope: string;
}

/** Tokens of a text (several lines), each with its innermost scope; whitespace dropped. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let state = textmate.INITIAL;
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      const tokenText = line.slice(token.startIndex, token.endIndex);
      if (tokenText.trim()) tokens.push({ text: tokenText.trim(), scope: token.scopes[token.scopes.length - 1] });
    }
    state = result.ruleStack;
  }
  return tokens;
}

/** The scope of each occurrence of `word`, in order. */
function scopesOf(text: string, word: string): string[] {
  return tokenize(text).filter(token => token.text === word).map(token => token.scope);
}

describe('TextMate grammar', () => {
  it('scopes declarations and their names', () => {
    const text = 'external Customer "Customer browser" { kind user }\nboundary Shop {\n  process Api\n  store Orders\n}\nthreat T1 "x" { }\nattack A1 "goal" { }';
    expect(scopesOf(text, 'external')).toEqual(['storage.type.external.tm']);
    expect(scopesOf(text, 'Customer')).toEqual(['entity.name.type.external.tm']);
    expect(scopesOf(text, 'boundary')).toEqual(['storage.type.boundary.tm']);
    expect(scopesOf(text, 'process')).toEqual(['storage.type.process.tm']);
    expect(scopesOf(text, 'Orders')).toEqual(['entity.name.type.store.tm']);
    expect(scopesOf(text, 'T1')).toEqual(['entity.name.type.threat.tm']);
    expect(scopesOf(text, 'attack')).toEqual(['storage.type.attack.tm']);
    expect(scopesOf('model "Payments" { owner "team" }', 'model')).toEqual(['keyword.other.model.tm']);
  });

  it('scopes a flow header: name, ends and arrow', () => {
    const tokens = tokenize('flow Checkout: Customer -> Api "checkout" { protocol HTTPS }');
    expect(tokens.map(token => token.scope)).toEqual([
      'storage.type.flow.tm',
      'entity.name.type.flow.tm',
      'punctuation.separator.colon.tm',
      'variable.other.reference.source.tm',
      'keyword.operator.arrow.tm',
      'variable.other.reference.target.tm',
      'punctuation.definition.string.begin.tm',
      'string.quoted.double.tm',
      'punctuation.definition.string.end.tm',
      'punctuation.section.block.begin.tm',
      'keyword.other.field.protocol.tm',
      'support.constant.protocol.tm',
      'punctuation.section.block.end.tm',
    ]);
  });

  it('tells kinds, privileges, data classes, levels and statuses apart', () => {
    const text = [
      'external Bank { kind service }',
      'process Worker { privilege service }',
      'store Orders { kind database holds pii, financial encrypted }',
      'flow F: A -> B { carries credentials authz none }',
      'threat T { likelihood high impact 2',
      '  mitigation "m" in-progress owner "me" ticket "X-1"',
      '  accepted "why" by "who" transferred "why" to "them" eliminated "what" }',
    ].join('\n');
    expect(scopesOf(text, 'service')).toEqual(['constant.language.kind.tm', 'constant.language.privilege.tm']);
    expect(scopesOf(text, 'database')).toEqual(['constant.language.kind.tm']);
    expect(scopesOf(text, 'holds')).toEqual(['keyword.other.field.tm']);
    expect(scopesOf(text, 'pii')).toEqual(['constant.language.data-class.tm']);
    expect(scopesOf(text, 'credentials')).toEqual(['constant.language.data-class.tm']);
    expect(scopesOf(text, 'encrypted')).toEqual(['storage.modifier.encrypted.tm']);
    expect(scopesOf(text, 'none')).toEqual(['constant.language.none.tm']);
    expect(scopesOf(text, 'high')).toEqual(['constant.language.level.tm']);
    expect(scopesOf(text, '2')).toEqual(['constant.numeric.tm']);
    expect(scopesOf(text, 'in-progress')).toEqual(['constant.language.status.tm']);
    for (const decision of ['mitigation', 'accepted', 'by', 'transferred', 'to', 'eliminated']) {
      expect(scopesOf(text, decision), decision).toEqual(['keyword.control.decision.tm']);
    }
    expect(scopesOf(text, 'ticket')).toEqual(['keyword.other.field.tm']);
  });

  it('scopes a flow\'s channel: protocol as a name or a string, port, encrypted', () => {
    const text = 'flow F: A -> B { protocol HTTPS port 8443 }\nflow G: A -> B { protocol "HTTP/2" port 80 encrypted }\nprocess port';
    expect(scopesOf(text, 'HTTPS')).toEqual(['support.constant.protocol.tm']);
    expect(scopesOf(text, 'HTTP/2')).toEqual(['string.quoted.double.tm']);
    expect(scopesOf(text, '8443')).toEqual(['constant.numeric.tm']);
    expect(scopesOf(text, 'port').slice(0, 2)).toEqual(['keyword.other.field.port.tm', 'keyword.other.field.port.tm']);
    expect(scopesOf(text, 'encrypted')).toEqual(['storage.modifier.encrypted.tm']);
  });

  it('scopes STRIDE letters only after stride and exempt', () => {
    const text = 'process S { exempt E "runs as nobody" }\nthreat T "t" {\n  on S, T\n  stride S, T,\n    I\n  likelihood 1 impact 1\n}';
    const tokens = tokenize(text);
    const letters = tokens.filter(token => token.scope === 'constant.character.stride.tm').map(token => token.text);
    expect(letters).toEqual(['E', 'S', 'T', 'I']);
    expect(scopesOf(text, 'S')).toEqual(['entity.name.type.process.tm', 'variable.other.reference.tm', 'constant.character.stride.tm']);
    expect(scopesOf(text, 'likelihood')).toEqual(['keyword.other.field.likelihood.tm']);
    expect(scopesOf(text, 'exempt')).toEqual(['keyword.other.field.exempt.tm']);
  });

  it('scopes imports and qualified names (docs/language.md §12)', () => {
    const text = 'import "platform/idp.tm" as Idp\nflow F: U -> Idp.Login\nthreat T { on Idp.Login, U stride S }';
    expect(scopesOf(text, 'import')).toEqual(['keyword.control.import.tm']);
    expect(scopesOf(text, '"platform/idp.tm"')).toEqual(['string.quoted.double.import-path.tm']);
    expect(scopesOf(text, 'as')).toEqual(['keyword.control.as.tm']);
    expect(scopesOf(text, 'Idp')).toEqual(['entity.name.namespace.tm']);
    expect(scopesOf(text, 'Idp.Login')).toEqual(['variable.other.reference.target.tm', 'variable.other.reference.tm']);
  });

  it('scopes attack trees: realizes, gates and costs', () => {
    const text = 'attack A "goal" {\n  realizes T1\n  or {\n    "a" and { "b" cost low  "c" cost 3 }\n    "d" cost extreme\n  }\n}';
    expect(scopesOf(text, 'realizes')).toEqual(['keyword.other.field.realizes.tm']);
    expect(scopesOf(text, 'T1')).toEqual(['variable.other.reference.tm']);
    expect(scopesOf(text, 'or')).toEqual(['keyword.operator.logical.or.tm']);
    expect(scopesOf(text, 'and')).toEqual(['keyword.operator.logical.and.tm']);
    expect(scopesOf(text, 'low')).toEqual(['constant.language.cost.tm']);
    expect(scopesOf(text, '3')).toEqual(['constant.numeric.tm']);
    expect(scopesOf(text, 'extreme')).toEqual(['constant.language.cost.tm']);
  });

  it('scopes comments, strings with escapes, and TODO stubs', () => {
    const text = '// a line comment with stride S\n/* a block\n   comment */ threat T "say \\"hi\\"" { accepted "TODO: why" by "x" }';
    const tokens = tokenize(text);
    expect(tokens[0]).toEqual({ text: '//', scope: 'punctuation.definition.comment.tm' });
    expect(tokens[1].scope).toBe('comment.line.double-slash.tm');
    expect(scopesOf(text, '/*')).toEqual(['punctuation.definition.comment.begin.tm']);
    expect(scopesOf(text, 'comment')).toEqual(['comment.block.tm']);
    expect(scopesOf(text, '*/')).toEqual(['punctuation.definition.comment.end.tm']);
    expect(scopesOf(text, '\\"')).toEqual(['constant.character.escape.tm', 'constant.character.escape.tm']);
    expect(scopesOf(text, 'TODO')).toEqual(['keyword.other.todo.tm']);
    expect(scopesOf(text, 'threat')).toEqual(['storage.type.threat.tm']);
  });

  it('ends an unterminated string at the end of its line', () => {
    const text = 'threat T "unterminated {\nprocess Api';
    expect(scopesOf(text, 'process')).toEqual(['storage.type.process.tm']);
  });
});

describe('TextMate grammar and tm.langium', () => {
  const facts = grammarFacts(TmGrammar());
  /** Keywords that are punctuation: scoped as such, or, like `->` in a flow header, by the pattern of their line. */
  const words = facts.keywords.filter(keyword => /^\w/.test(keyword));

  it.each(words)('highlights the keyword `%s`', keyword => {
    // A STRIDE letter is a keyword only after `stride` and `exempt`; elsewhere it is a name.
    const line = isStrideLetter(keyword) ? `stride ${keyword}` : keyword;
    const scope = scopesOf(line, keyword)[0];
    expect(scope, `\`${keyword}\` is not highlighted by syntaxes/tm.tmLanguage.json: add it to the pattern of its role (fields: repository.keywords)`).not.toBe('source.tm');
  });

  /** The keywords that can follow a list of names: what a block's next entry, or the next declaration, starts with. */
  const entryKeywords = [...new Set([...facts.topLevelKeywords, ...[...facts.blocks.values()].flatMap(block => block.fieldKeywords)])];

  it.each(entryKeywords)('ends a list of names (`on A, B`) at the keyword `%s`', keyword => {
    const scope = scopesOf(`on A, B ${keyword}`, keyword)[0];
    expect(scope, `add \`${keyword}\` to the keywords that end repository.reference-list in syntaxes/tm.tmLanguage.json`).not.toBe('variable.other.reference.tm');
  });
});
