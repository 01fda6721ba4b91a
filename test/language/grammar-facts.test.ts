// The language's facts derived from the grammar (server/language/grammar-facts.ts), and the one
// fact the grammar cannot state, which field takes one value (field-cardinality.ts). The last
// tests build the language from tm.langium with one more field, as a contributor would add it.
import { readFileSync } from 'node:fs';
import type { GrammarAST, Module } from 'langium';
import { EmptyFileSystem, inject, URI } from 'langium';
import { createLangiumGrammarServices, interpretAstReflection } from 'langium/grammar';
import type { DefaultSharedModuleContext } from 'langium/lsp';
import { createDefaultModule, createDefaultSharedModule } from 'langium/lsp';
import { expectCompletion, parseHelper } from 'langium/test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Cardinality } from '../../server/language/field-cardinality.js';
import { cardinalityProblems, FIELD_CARDINALITY, singleValuedFields } from '../../server/language/field-cardinality.js';
import { TmGrammar, } from '../../server/language/generated/grammar.js';
import { TmLanguageMetaData } from '../../server/language/generated/module.js';
import { grammarFacts } from '../../server/language/grammar-facts.js';
import { nestingBlockHeaders } from '../../server/language/parsing/lexer.js';
import { registerTm, TmModule, TmSharedModule } from '../../server/language/tm-module.js';
import type { TmLspServices, TmLspServiceSet, TmLspSharedServices } from '../../server/lsp/tm-lsp-module.js';
import { TmLspModule, TmSharedLspModule } from '../../server/lsp/tm-lsp-module.js';

const facts = grammarFacts(TmGrammar());

describe('the classification of fields', () => {
  it('classifies every field the grammar can give a node more than once, as single- or list-valued', () => {
    // A failure names the field and says what to write, e.g. "field `owner` of Process is not classified: add …".
    const problems = cardinalityProblems(facts);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('gives the duplicate-field check the single-valued fields with the keyword that introduces each', () => {
    const single = Object.fromEntries([...singleValuedFields(facts)].map(([type, fields]) => [type, fields.map(field => field.keyword ?? `(${field.property})`)]));
    expect(single).toEqual({
      ModelHeader: ['owner', 'reviewed', 'revisit', 'description'],
      External: ['kind', 'technology', 'description', 'out-of-scope'],
      Process: ['kind', 'privilege', 'technology', 'description', 'out-of-scope'],
      Store: ['kind', '(encrypted)', 'technology', 'description', 'out-of-scope'],
      Boundary: ['kind', 'trust', 'description', 'out-of-scope'],
      Flow: ['protocol', 'port', 'authn', 'authz', 'validation', '(encrypted)', 'description', 'out-of-scope'],
      Threat: ['catalogue', 'likelihood', 'impact', 'description'],
      Mitigation: ['(status)', 'owner', 'ticket'],
      Acceptance: ['ticket', 'date', 'until'],
      Transfer: ['ticket', 'date', 'until'],
      Attack: ['realizes', 'description', '(trees)'],
      DataAsset: ['sensitivity', 'integrity', 'availability', 'description'],
    });
  });
});

describe('grammar facts', () => {
  it('lists what each block accepts, in grammar order', () => {
    const fields = Object.fromEntries([...facts.blocks].map(([rule, block]) => [rule, block.fieldKeywords]));
    expect(fields).toMatchObject({
      ModelHeader: ['owner', 'reviewed', 'revisit', 'description', 'refs'],
      Process: ['kind', 'privilege', 'technology', 'description', 'refs', 'out-of-scope', 'exempt', 'dismiss'],
      Store: ['kind', 'holds', 'encrypted', 'technology', 'description', 'refs', 'out-of-scope', 'exempt', 'dismiss'],
      Boundary: ['external', 'process', 'store', 'boundary', 'kind', 'trust', 'description', 'refs', 'out-of-scope'],
      Flow: ['protocol', 'port', 'carries', 'returns', 'authn', 'authz', 'validation', 'encrypted', 'description', 'refs', 'out-of-scope', 'exempt', 'dismiss'],
      Threat: ['on', 'catalogue', 'stride', 'likelihood', 'impact', 'description', 'refs', 'mitigation', 'accepted', 'transferred', 'eliminated'],
      Attack: ['realizes', 'description', 'refs', 'or', 'and'],
      DataAsset: ['sensitivity', 'category', 'integrity', 'availability', 'description', 'refs'],
      AttackTree: [],
      AttackNode: [],
    });
  });

  it('knows the top-level keywords and that incremental parsing can rely on them', () => {
    expect(facts.topLevelKeywords).toEqual(['model', 'import', 'external', 'process', 'store', 'boundary', 'flow', 'threat', 'attack', 'data']);
    expect(facts.incrementalParsing).toEqual({ possible: true });
  });

  it('finds the blocks that nest, with their headers: what the lexer flattens past its depth limit', () => {
    const headers = nestingBlockHeaders(facts).map(header => header.map(({ kinds, optional }) => `${[...kinds].join('|')}${optional ? '?' : ''}`));
    const name = 'ID|S|T|R|I|D|E|port|description|refs|data|returns|technology|trust|sensitivity|category|integrity|availability|confidential|restricted|critical|api|worker|function|llm|agent|browser|network|container|physical|date|until|catalogue|dismiss|import|as|for';
    expect(headers).toEqual([['boundary', name, 'STRING?'], ['STRING', 'or|and']]);
  });

  it('has every keyword of the grammar, the fuzz tests\' vocabulary', () => {
    for (const keyword of ['model', 'encrypted', 'in-progress', '->', 'extreme', 'S', 'ticket']) expect(facts.keywords).toContain(keyword);
  });

});

// ---------------------------------------------------------------------------------------------
// The language built from tm.langium with a field added, as a contributor adds one.

const OWNER_LINE = `        | 'privilege' privilege+=Privilege\n`;

/** tm.langium with `replace` applied: the grammar a contributor has just edited. */
async function editedGrammar(edit: (text: string) => string): Promise<GrammarAST.Grammar> {
  const original = readFileSync('server/language/tm.langium', 'utf8');
  const text = edit(original);
  expect(text).not.toBe(original);
  const grammarServices = createLangiumGrammarServices(EmptyFileSystem).grammar;
  const document = grammarServices.shared.workspace.LangiumDocumentFactory.fromString<GrammarAST.Grammar>(text, URI.parse('memory:/tm-edited.langium'));
  grammarServices.shared.workspace.LangiumDocuments.addDocument(document);
  await grammarServices.shared.workspace.DocumentBuilder.build([document], { validation: true });
  const errors = (document.diagnostics ?? []).filter(diagnostic => diagnostic.severity === 1);
  expect(errors.map(error => error.message)).toEqual([]);
  return document.parseResult.value;
}

/** tm's services (the editor's) for another grammar, as the generated module gives them for tm.langium. */
function servicesFor(grammar: GrammarAST.Grammar): TmLspServiceSet {
  const context: DefaultSharedModuleContext = EmptyFileSystem;
  const generatedShared: Module<TmLspSharedServices, object> = { AstReflection: () => interpretAstReflection(grammar) };
  const generated: Module<TmLspServices, object> = { Grammar: () => grammar, LanguageMetaData: () => TmLanguageMetaData, parser: {} };
  const shared = inject(createDefaultSharedModule(context), generatedShared, TmSharedModule, TmSharedLspModule);
  const Tm = inject(createDefaultModule({ shared }), generated, TmModule, TmLspModule);
  return registerTm({ shared, Tm }, false);
}

const withOwner = (text: string) => text.replace(OWNER_LINE, `${OWNER_LINE}        | 'owner' owner+=STRING\n`);

describe('a field added to the grammar', () => {
  const processFields = FIELD_CARDINALITY.Process as Record<string, Cardinality>;
  afterEach(() => {
    delete processFields.owner;
  });

  it('fails by name until it is classified', async () => {
    const grammar = await editedGrammar(withOwner);
    expect(cardinalityProblems(grammarFacts(grammar))).toEqual([
      "field `owner` of Process is not classified: add `owner: 'single'` (one value; a repeat is duplicate-field) or `owner: 'list'` to Process in FIELD_CARDINALITY (server/language/field-cardinality.ts).",
    ]);
  });

  it('asks for `+=` when a field that may be written twice is assigned with `=`', async () => {
    const grammar = await editedGrammar(text => text.replace(OWNER_LINE, `${OWNER_LINE}        | 'owner' owner=STRING\n`));
    processFields.owner = 'single';
    expect(cardinalityProblems(grammarFacts(grammar))).toEqual([
      'field `owner` of Process is assigned with `=` where it can be written twice: write `owner+=` in tm.langium so that a repeat is a duplicate-field diagnostic.',
    ]);
  });

  it('once classified, is known to the duplicate-field check, the syntax-error messages, completion, the parser and fuzzing', async () => {
    const grammar = await editedGrammar(withOwner);
    processFields.owner = 'single';
    expect(cardinalityProblems(grammarFacts(grammar))).toEqual([]);
    const { Tm } = servicesFor(grammar);
    const parse = parseHelper(Tm);

    const duplicated = await parse('process P { owner "a"  owner "b" }', { validation: true });
    expect(duplicated.parseResult.parserErrors).toEqual([]);
    expect(duplicated.diagnostics?.filter(diagnostic => diagnostic.code === 'duplicate-field').map(diagnostic => diagnostic.message))
      .toEqual(['`owner` is already set on line 1; the first value counts. Remove this one.']);

    const misspelt = await parse('process P { ownr "x" }');
    expect(misspelt.parseResult.parserErrors.map(error => error.message)).toContain('Expected `kind`, `privilege`, `owner`, `technology`, `description`, `refs`, `out-of-scope`, `exempt`, `dismiss` or `}` to close the process block, found `ownr`.');

    await expectCompletion(Tm)({ text: 'process P { <|> }', index: 0, expectedItems: ['kind', 'privilege', 'owner', 'technology', 'description', 'refs', 'out-of-scope', 'exempt', 'dismiss', 'exempt …'], disposeAfterCheck: true });

    expect(Tm.parser.FastParser.disabledReason).toBeUndefined();
    expect(Tm.parser.FastParser.parse('process P { owner "team" }')).toBeDefined();
    expect(grammarFacts(grammar).keywords).toContain('owner');
    expect(grammarFacts(grammar).blocks.get('Process')?.fieldKeywords).toEqual(['kind', 'privilege', 'owner', 'technology', 'description', 'refs', 'out-of-scope', 'exempt', 'dismiss']);
  });

  it('a top-level item that could run into the next one turns incremental parsing off, with the reason', async () => {
    // `process P` could go on with `flow …` as its own field: where a process ends is no longer sure.
    const grammar = await editedGrammar(text => text.replace("    'process' name=Name label=STRING? ('{' (", "    'process' name=Name label=STRING? ('flow' flows+=STRING)* ('{' ("));
    expect(grammarFacts(grammar).incrementalParsing).toEqual({ possible: false, reason: 'a top-level Process can go on with `flow`, which also starts a top-level item' });
  });

  it('a grammar the fast path cannot read turns it off, and says why once in the log', async () => {
    const grammar = await editedGrammar(text => `${text.replace("    'process' name=Name label=STRING? ('{' (", "    'process' name=Name Labelled? ('{' (")}\nfragment Labelled: label=STRING;\n`);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { Tm } = servicesFor(grammar);
      expect(Tm.parser.FastParser.disabledReason).toBe('a fragment (Labelled)');
      expect(Tm.parser.FastParser.parse('process P "label"')).toBeUndefined();
      expect(warn.mock.calls).toEqual([["tm: the parser's fast path is off, since the grammar has a fragment (Labelled); every text is read by Langium's parser."]]);
    } finally {
      warn.mockRestore();
    }
  });
});
