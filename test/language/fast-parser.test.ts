// The parser's fast path (server/language/parsing/fast-parser.ts) must give exactly what Langium's
// parser gives, or nothing: every text it reads is compared with Langium's parse of it — every
// AST node with its properties in order, container and CST node; every CST node with its class,
// grammar element, token type, position and AST node; the comments where Langium puts them —
// on the examples, on variants of them (other line breaks, comments between every two tokens)
// and on thousands of random edits. Whatever it declines Langium's parser reads, so a text it
// reads wrongly is the only way to fail; a text it reads that Langium finds an error in counts
// as wrong.
import fc from 'fast-check';
import type { AstNode, CstNode, ParseResult } from 'langium';
import { AstUtils, EmptyFileSystem, GrammarAST, GrammarUtils, isAstNode, isCompositeCstNode, isLeafCstNode, isReference, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, test, vi } from 'vitest';
import { syntheticModel, toTmText } from '../../bench/synthetic-model.js';
import { firstPropertyRange, keywordRanges, nodeRange, propertyRanges } from '../../server/language/parsing/source-ranges.js';
import { syntaxTreeOf } from '../../server/language/parsing/syntax-tree.js';
import { MAX_BLOCK_DEPTH } from '../../server/language/parsing/lexer.js';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';
import { TmParser } from '../../server/language/parsing/linear-parser.js';
import { EXAMPLES, fuzzSettings } from '../examples.js';
import { applyEdit, editArbitrary } from './random-edits.js';

const { Tm, shared } = createTmServices(EmptyFileSystem);
const fast = Tm.parser.FastParser;
const langium = Tm.parser.LangiumParser;

/** Imports and qualified names (docs/language.md §12), whatever the examples hold. */
const WITH_IMPORTS = `import "platform/idp.tm" as Idp
import "platform/bus.tm"
model "Shop" { owner "team" }
external Customer { kind user }
boundary Shop { process Api { kind api }  store Orders { holds pii, Idp.Token } }
flow SignIn: Customer -> Idp.Login { protocol HTTPS  carries Idp.Token  returns bus.Receipt  authn "OIDC" }
flow Publish: Api -> bus.Queue { protocol AMQPS }
threat Spoof "Stolen token" { on Idp.Login, SignIn  stride S  likelihood 2  impact 3  mitigation "MFA" done }
attack Steal "Steal a token" { realizes Idp.Spoof  or { "phish" cost low } }
`;

const MODELS = [...EXAMPLES, { name: 'the benchmark model of 50 elements', text: toTmText(syntheticModel(50)) }, { name: 'a service with imports', text: WITH_IMPORTS }];

/** Ids for the grammar elements and token types both parses point at: the same object, the same id. */
const sharedIds = new Map<object, number>();
function sharedId(object: object | undefined): number | undefined {
  if (!object) return undefined;
  if (!sharedIds.has(object)) sharedIds.set(object, sharedIds.size);
  return sharedIds.get(object);
}

/** A parse result as plain data, every object of the tree named by where it is first met; `withCst` false: its AST alone. */
function parseData(result: ParseResult, withCst = true): unknown {
  const ids = new Map<object, string>();
  const idOf = (object: object | undefined, kind: string): string | undefined => {
    if (!object) return undefined;
    if (!ids.has(object)) ids.set(object, `${kind}${ids.size}`);
    return ids.get(object);
  };
  const cst = (node: CstNode): unknown => {
    const data: Record<string, unknown> = {
      id: idOf(node, 'cst'),
      class: node.constructor.name,
      grammarSource: sharedId(node.grammarSource),
      container: idOf(node.container, 'cst'),
      offset: node.offset,
      end: node.end,
      range: node.range,
      hidden: node.hidden,
      astNode: idOf(node.astNode, 'ast'),
    };
    if (isCompositeCstNode(node)) {
      data.ownAstNode = idOf((node as unknown as { _astNode?: AstNode })._astNode, 'ast');
      data.content = node.content.map(cst);
    } else if (isLeafCstNode(node)) {
      data.tokenType = sharedId(node.tokenType);
      data.text = node.text;
    }
    return data;
  };
  const value = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(value);
    if (isAstNode(item)) return ast(item);
    if (isReference(item)) return withCst ? { reference: item.$refText, node: idOf(item.$refNode, 'cst') } : { reference: item.$refText };
    return item;
  };
  const ast = (node: AstNode): unknown => {
    const record = node as unknown as Record<string, unknown>;
    return {
      id: idOf(node, 'ast'),
      // The order of the properties is the order of the children; `$` properties are not children.
      keys: [...Object.keys(node).filter(key => !key.startsWith('$')), ...Object.keys(node).filter(key => key.startsWith('$') && (withCst || key !== '$cstNode')).sort()],
      ...Object.fromEntries(Object.keys(node).filter(key => withCst || key !== '$cstNode').map(key => {
        if (key === '$container' || key === '$cstNode') return [key, idOf(record[key] as object, key === '$cstNode' ? 'cst' : 'ast')];
        return [key, value(record[key])];
      })),
    };
  };
  return {
    ast: ast(result.value),
    cst: withCst ? cst(result.value.$cstNode!) : undefined,
    lexerErrors: result.lexerErrors,
    lexerReport: result.lexerReport,
    parserErrors: result.parserErrors.length,
  };
}

/** Whether the fast path read `text`; if it did, its result is Langium's. */
function expectSameOrDeclined(text: string): boolean {
  const mine = fast.parse(text);
  if (!mine) return false;
  const theirs = langium.parse(text);
  expect(parseData(mine)).toEqual(parseData(theirs));
  return true;
}

/** Every keyword and property name of tm's grammar. */
const KEYWORDS = [...new Set(AstUtils.streamAllContents(Tm.Grammar).filter(GrammarAST.isKeyword).map(keyword => keyword.value))];
const PROPERTIES = [...new Set(AstUtils.streamAllContents(Tm.Grammar).filter(GrammarAST.isAssignment).map(assignment => assignment.feature))];

/** The fast path's parse of `text` without its CST, as `tm check` reads a file. */
function spannedParse(text: string): ParseResult | undefined {
  fast.withoutCst = true;
  try {
    return fast.parse(text);
  } finally {
    fast.withoutCst = false;
  }
}

function hasCst(node: AstNode): boolean {
  return Object.hasOwn(node, '$cstNode');
}

/**
 * Whether the fast path read `text` without its CST; if it did, every position source-ranges.ts
 * gives for its nodes — the node's, each property's, each keyword's (`scope`: all of tm's, or
 * the node type's properties and the keywords of its own tokens, and one it does not have) — is
 * the one Langium's CST gives, found without any CST; its AST is the one Langium's parser
 * builds; and no node has or makes a CST.
 */
function expectSpannedAsLangium(text: string, scope: 'all' | 'own' = 'all'): boolean {
  const mine = spannedParse(text);
  if (!mine) return false;
  const theirs = langium.parse(text);
  const nodes = syntaxTreeOf(mine.value).nodes;
  const theirNodes = AstUtils.streamAst(theirs.value).toArray();
  expect(nodes.map(node => node.$type)).toEqual(theirNodes.map(node => node.$type));
  nodes.forEach((node, index) => {
    const cstNode = theirNodes[index].$cstNode;
    // A text of comments alone has no token to take a range from: that one comes from the CST.
    if (nodes.length > 1) {
      expect(nodeRange(node), node.$type).toEqual(cstNode?.range);
    }
    const properties = scope === 'all' ? PROPERTIES : [...Object.keys(Tm.shared.AstReflection.getTypeMetaData(node.$type).properties), 'name'];
    for (const property of properties) {
      const ranges = GrammarUtils.findNodesForProperty(cstNode, property).map(found => found.range);
      expect(propertyRanges(node, property), `${node.$type}.${property}`).toEqual(ranges);
      expect(firstPropertyRange(node, property), `${node.$type}.${property}`).toEqual(ranges[0]);
    }
    for (const keyword of scope === 'all' ? KEYWORDS : [...new Set([...ownKeywords(cstNode), 'model'])]) {
      expect(keywordRanges(node, keyword), `${node.$type} ${keyword}`).toEqual(GrammarUtils.findNodesForKeyword(cstNode, keyword).map(found => found.range));
    }
  });
  expect(nodes.some(hasCst)).toBe(false);
  // Asking for a CST does not parse the text again behind the reader's back: it fails, loudly.
  expect(() => nodes[nodes.length - 1].$cstNode).toThrow(/read without its CST/);
  expect(parseData(mine, false)).toEqual(parseData(theirs, false));
  return true;
}

/** The keywords among the tokens of the CST node's own AST node. */
function ownKeywords(cstNode: CstNode | undefined): string[] {
  if (!cstNode) return [];
  return ownLeaves(cstNode).flatMap(leaf => (GrammarAST.isKeyword(leaf.grammarSource) ? [leaf.grammarSource.value] : []));
}

function ownLeaves(cstNode: CstNode): CstNode[] {
  if (!isCompositeCstNode(cstNode)) return [cstNode];
  return cstNode.content.filter(child => child.astNode === cstNode.astNode).flatMap(ownLeaves);
}

/** Sequences of random edits of `text` (`runs` of them, unless `npm run fuzz` says otherwise): `visit` sees the text after each edit. */
function forEachEditedText(text: string, runs: number, visit: (edited: string) => void): void {
  fc.assert(fc.property(fc.array(editArbitrary, { minLength: 1, maxLength: 8 }), edits => {
    const history: string[] = [];
    let current = text;
    for (const change of edits) {
      current = applyEdit(current, change, history);
      visit(current);
    }
  }), fuzzSettings(runs));
}

/** `text` with a comment before every token that Langium's lexer finds, in turns of the two kinds. */
function commentedEverywhere(text: string): string {
  const { tokens } = Tm.parser.Lexer.tokenize(text);
  let result = '';
  let at = 0;
  tokens.forEach((token, index) => {
    result += text.substring(at, token.startOffset) + (index % 2 === 0 ? `/* c${index}\n */` : `// c${index}\n`);
    at = token.startOffset;
  });
  return result + text.substring(at) + '// the end';
}

describe("the parser's fast path", () => {
  test('reads every grammar rule of tm', () => {
    // On failure: what in tm.langium the fast path does not read (it is then off, every text goes to Langium).
    expect(fast.disabledReason).toBeUndefined();
    expect(fast.enabled).toBe(true);
  });

  test.each(MODELS)('reads $name as Langium does', ({ text }) => {
    expect(expectSameOrDeclined(text)).toBe(true);
  });

  test('reads decisions that name their targets (`for`, a soft keyword) as Langium does', () => {
    const text = 'process for\nprocess Api\nflow F: Api -> for\nthreat T { on for, Api, F  stride T\n'
      + '  mitigation "m" done for for, F  accepted "a" by "b" ticket "X" for Api  transferred "t" to "u" for F for Api  eliminated "e" for Api }';
    expect(expectSameOrDeclined(text)).toBe(true);
  });

  test.each(MODELS)('reads $name with \\r\\n, \\r, tabs and unusual spaces as Langium does', ({ text }) => {
    for (const variant of [text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r'), text.replace(/ /g, '\t'), text.replace(/ /g, '\u00a0\u2028')]) {
      expect(expectSameOrDeclined(variant)).toBe(true);
    }
  });

  test.each(MODELS)('puts comments where Langium does in $name, between every two tokens', ({ text }) => {
    expect(expectSameOrDeclined(commentedEverywhere(text))).toBe(true);
    expect(expectSameOrDeclined(`/* only a comment */`)).toBe(true);
    expect(expectSameOrDeclined('')).toBe(true);
  });

  test.each(MODELS)('after random edits of $name, reads a text as Langium does or leaves it to Langium', ({ text }) => {
    let read = 0;
    let declined = 0;
    forEachEditedText(text, 60, edited => {
      if (expectSameOrDeclined(edited)) read++;
      else declined++;
    });
    // Both paths are exercised: random edits leave many texts valid and break many.
    expect(read).toBeGreaterThan(20);
    expect(declined).toBeGreaterThan(20);
  });

  test.each(MODELS)('reads $name without its CST: positions from its spans as from the CST, and the CST built when asked', ({ text }) => {
    for (const variant of [text, text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r'), commentedEverywhere(text)]) {
      expect(expectSpannedAsLangium(variant)).toBe(true);
    }
    expect(expectSpannedAsLangium('/* only a comment */')).toBe(true);
    expect(expectSpannedAsLangium('')).toBe(true);
  });

  test.each(MODELS)('after random edits of $name, reads a text without its CST as Langium does or leaves it to Langium', ({ text }) => {
    let read = 0;
    forEachEditedText(text, 30, edited => {
      if (expectSpannedAsLangium(edited, 'own')) read++;
    });
    expect(read).toBeGreaterThan(20);
  });

  test('declines what Langium reads with an error, so that its message is the one users see', () => {
    for (const text of ['process', 'process A {', 'process A "open', 'process A /* open', 'flow F: A -> B { protocol none }', 'process A @', 'store S { kind user }', 'threat T { likelihood 2.5.1 }']) {
      expect(fast.parse(text), text).toBeUndefined();
      const theirs = langium.parse(text);
      expect(theirs.lexerErrors.length + theirs.parserErrors.length, text).toBeGreaterThan(0);
    }
  });

  test('declines blocks nested past the lexer limit, which Langium flattens', () => {
    const depth = MAX_BLOCK_DEPTH + 2;
    const deep = `${'boundary Z {\n'.repeat(depth)}process P\n${'}\n'.repeat(depth)}`;
    expect(fast.parse(deep)).toBeUndefined();
    const limit = `${'boundary Z {\n'.repeat(MAX_BLOCK_DEPTH + 1)}process P\n${'}\n'.repeat(MAX_BLOCK_DEPTH + 1)}`;
    expect(expectSameOrDeclined(limit)).toBe(true);
  });

  test('declines a file over the size limit, of which Langium reads nothing', () => {
    const limit = Tm.settings.maxFileSizeBytes;
    const text = `process A "${'x'.repeat(limit)}"`;
    expect(fast.parse(text)).toBeUndefined();
  });

  test('an edit of a document whose parse had errors goes straight to Langium’s parser, and the fast path is back once the errors are gone', async () => {
    const services = createTmServices(EmptyFileSystem);
    const { TextDocuments, LangiumDocuments, LangiumDocumentFactory, DocumentBuilder } = services.shared.workspace;
    const uri = URI.file('/edited.tm');
    const write = (text: string, version: number) => TextDocuments.set(TextDocument.create(uri.toString(), 'tm', version, text));
    write('process', 1);
    const document = LangiumDocumentFactory.fromTextDocument(TextDocuments.get(uri.toString())!);
    LangiumDocuments.addDocument(document);
    await DocumentBuilder.build([document]);
    expect(document.parseResult.parserErrors).not.toEqual([]);
    const fastParse = vi.spyOn(services.Tm.parser.FastParser, 'parse');
    // The whole text is replaced: nothing is kept, so it is parsed whole.
    const [first, second] = MODELS;
    write(first.text, 2);
    await DocumentBuilder.update([uri], []);
    expect(document.parseResult.parserErrors).toEqual([]);
    expect(fastParse).not.toHaveBeenCalledWith(first.text);
    write(second.text, 3);
    await DocumentBuilder.update([uri], []);
    expect(fastParse).toHaveBeenCalledWith(second.text);
    expect(document.parseResult.value.$cstNode?.root.fullText).toBe(second.text);
  });

  test('documents are parsed on the fast path, and by Langium’s parser only when it declines them', () => {
    const langiumParse = vi.spyOn(TmParser.prototype, 'parse');
    const { LangiumDocumentFactory } = shared.workspace;
    const valid = LangiumDocumentFactory.fromString(MODELS[0].text, URI.file('/valid.tm'));
    expect(valid.parseResult.value.$cstNode?.root.fullText).toBe(MODELS[0].text);
    expect(langiumParse).not.toHaveBeenCalled();
    const invalid = LangiumDocumentFactory.fromString('process', URI.file('/invalid.tm'));
    expect(invalid.parseResult.parserErrors).not.toEqual([]);
    expect(langiumParse).toHaveBeenCalledOnce();
    langiumParse.mockRestore();
  });
});
