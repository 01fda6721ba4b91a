// Incremental re-parsing (server/language/parsing/incremental-parsing.ts) must give exactly what a full
// parse gives: the same AST, the same CST down to every leaf's position, the same reference
// index and the same diagnostics. Random edits are applied in sequence to an open document
// through the language server's update path, and after each one the document is compared with
// a fresh document of the same text. The seed is fixed, so CI gives the same answer every run.
import fc from 'fast-check';
import type { AstNode, CstNode, LangiumDocument } from 'langium';
import { EmptyFileSystem, isAstNode, isCompositeCstNode, isReference, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';
import type { TmServiceSet } from '../../server/language/tm-module.js';
import { syntheticModel, toTmText } from '../../bench/synthetic-model.js';
import { EXAMPLES, fuzzSettings } from '../examples.js';
import { applyEdit, editArbitrary } from './random-edits.js';

const settings = fuzzSettings(20);
/** The examples, and the benchmark's model: many small declarations, boundaries nested five deep. */
const MODELS = [...EXAMPLES, { name: 'the benchmark model of 50 elements', text: toTmText(syntheticModel(50)) }];

const URI_OF_MODEL = URI.file('/model.tm');

function newServices(): TmServiceSet {
  const services = createTmServices(EmptyFileSystem);
  services.Tm.settings.update({ today: '2026-11-01' });
  return services;
}

/** The editor's services, where documents are opened and edited. */
const editor = newServices();
/** Separate services for the full parse of each text, so nothing is shared with the edited document. */
const fresh = newServices();

afterEach(async () => {
  vi.restoreAllMocks();
  for (const services of [editor, fresh]) {
    if (services.shared.workspace.LangiumDocuments.hasDocument(URI_OF_MODEL)) {
      services.shared.workspace.LangiumDocuments.deleteDocument(URI_OF_MODEL);
      services.shared.workspace.TextDocuments.delete(URI_OF_MODEL.toString());
    }
  }
});

/** Opens the model the way the language server does on didOpen. */
async function open(services: TmServiceSet, text: string): Promise<LangiumDocument> {
  const { workspace } = services.shared;
  if (workspace.LangiumDocuments.hasDocument(URI_OF_MODEL)) workspace.LangiumDocuments.deleteDocument(URI_OF_MODEL);
  const textDocument = TextDocument.create(URI_OF_MODEL.toString(), 'tm', 1, text);
  workspace.TextDocuments.set(textDocument);
  const document = workspace.LangiumDocumentFactory.fromTextDocument(textDocument);
  workspace.LangiumDocuments.addDocument(document);
  await workspace.DocumentBuilder.build([document], { validation: true });
  return document;
}

/** Replaces the open model's text the way the language server does on didChange. */
async function edit(document: LangiumDocument, text: string): Promise<void> {
  const { workspace } = editor.shared;
  workspace.TextDocuments.set(TextDocument.create(document.uri.toString(), 'tm', document.textDocument.version + 1, text));
  await workspace.DocumentBuilder.update([document.uri], []);
}

/** Everything a parse and a build produce that a feature can read, as plain data. */
function observable(services: TmServiceSet, document: LangiumDocument): unknown {
  const root = document.parseResult.value;
  const references = services.Tm.workspace.ReferenceDescriptionProvider.descriptionsOf(document);
  return {
    ast: astData(root, undefined),
    rootKeys: Object.keys(root),
    cst: cstData(root.$cstNode!),
    lexerErrors: document.parseResult.lexerErrors,
    parserErrors: document.parseResult.parserErrors.map(error => ({ message: error.message, offset: error.token.startOffset, image: error.token.image })),
    references,
    diagnostics: document.diagnostics,
  };
}

/** The AST's properties, and for each node its container's property and index, checking that its container is its parent and its CST node points back at it. */
function astData(node: AstNode, parent: AstNode | undefined): unknown {
  expect(node.$container).toBe(parent);
  if (node.$cstNode && node.$cstNode.astNode !== node) expect.fail(`${node.$type}'s CST node belongs to another AST node`);
  const data: Record<string, unknown> = { $type: node.$type, $containerProperty: node.$containerProperty, $containerIndex: node.$containerIndex };
  for (const key of Object.keys(node)) {
    if (key.startsWith('$')) continue;
    data[key] = valueData((node as unknown as Record<string, unknown>)[key], node);
  }
  data.keys = Object.keys(node).filter(key => !key.startsWith('$'));
  return data;
}

function valueData(value: unknown, container: AstNode): unknown {
  if (Array.isArray(value)) return value.map(item => valueData(item, container));
  if (isAstNode(value)) return astData(value, container);
  if (isReference(value)) {
    const target = value.ref;
    return { refText: value.$refText, refNode: value.$refNode && leafData(value.$refNode), target: target && [target.$type, target.$cstNode?.offset], error: value.error?.message };
  }
  return value;
}

/** The CST: each node's range and AST node type, each leaf's position, text and token type, checking containers. */
function cstData(node: CstNode): unknown {
  if (!isCompositeCstNode(node)) return leafData(node);
  for (const child of node.content) if (child.container !== node) expect.fail('a CST node whose container does not hold it');
  return { offset: node.offset, end: node.end, range: node.range, type: node.astNode.$type, content: node.content.map(cstData) };
}

function leafData(node: CstNode): unknown {
  return { offset: node.offset, length: node.length, range: node.range, hidden: node.hidden, text: node.text, root: node.root.fullText.length };
}

/**
 * Every parse, by whether it read the whole text: the incremental path parses a part of it.
 * Every parse starts on the fast path (Langium's parser takes the texts it declines).
 */
function countParses(services: TmServiceSet): { full: number; partial: number; reset(): void } {
  const counts = { full: 0, partial: 0, reset() { counts.full = 0; counts.partial = 0; } };
  const parser = services.Tm.parser.FastParser;
  const parse = parser.parse.bind(parser);
  vi.spyOn(parser, 'parse').mockImplementation(input => {
    const whole = services.shared.workspace.TextDocuments.get(URI_OF_MODEL.toString())?.getText();
    if (input === whole) counts.full++;
    else counts.partial++;
    return parse(input);
  });
  return counts;
}

async function expectSameAsFullParse(document: LangiumDocument, text: string): Promise<void> {
  expect(document.textDocument.getText()).toBe(text);
  const reference = await open(fresh, text);
  expect(observable(editor, document)).toEqual(observable(fresh, reference));
}

describe('incremental re-parsing', () => {
  test.each(MODELS)('random edits of $name give what a full parse gives', async ({ text }) => {
    const counts = countParses(editor);
    let edited = 0;
    let reparsed = 0;
    await fc.assert(fc.asyncProperty(fc.array(editArbitrary, { minLength: 1, maxLength: 8 }), async edits => {
      const document = await open(editor, text);
      const history: string[] = [];
      let current = text;
      for (const change of edits) {
        const next = applyEdit(current, change, history);
        if (next === current) continue;
        current = next;
        const fullParses = counts.full;
        await edit(document, current);
        edited++;
        if (counts.full === fullParses) reparsed++;
        await expectSameAsFullParse(document, current);
      }
    }), settings);
    // The property would hold trivially if every edit were parsed whole.
    expect(reparsed).toBeGreaterThan(edited / 2);
  });

  test('a one-character edit inside a declaration of 5,000 elements re-parses only around it', async () => {
    const model = toTmText(syntheticModel(5000));
    const document = await open(editor, model);
    const counts = countParses(editor);
    const edited = model.replace('authn "mutual TLS"', 'authn "mutual TLs"');
    expect(edited).not.toBe(model);
    await edit(document, edited);
    expect(counts).toMatchObject({ full: 0, partial: 1 });
    await expectSameAsFullParse(document, edited);
  });

  test('an error at the end of the text is kept when an edit before it is re-parsed', async () => {
    const payments = EXAMPLES.find(example => example.name === 'payments.tm')!.text;
    const model = `${payments}flow Open: Api -> Orders {\n  protocol HTTPS\n`;
    const document = await open(editor, model);
    const counts = countParses(editor);
    const edited = model.replace('flow SaveOrder: Api -> Orders { protocol SQL }', 'flow SaveOrder: Api -> Orders { protocol SQL2 }');
    await edit(document, edited);
    expect(counts).toMatchObject({ full: 0, partial: 1 });
    await expectSameAsFullParse(document, edited);
    expect(document.parseResult.parserErrors).toHaveLength(1);
  });

  test('an edit that leaves a block open re-parses only around it, and so does the edit that closes it again', async () => {
    const model = toTmText(syntheticModel(200));
    const document = await open(editor, model);
    const counts = countParses(editor);
    const closing = model.indexOf('{ privilege service }') + '{ privilege service '.length;
    const broken = model.substring(0, closing) + model.substring(closing + 1);
    await edit(document, broken);
    expect(counts).toMatchObject({ full: 0, partial: 1 });
    await expectSameAsFullParse(document, broken);
    expect(document.parseResult.parserErrors).not.toEqual([]);
    await edit(document, model);
    expect(counts).toMatchObject({ full: 0, partial: 2 });
    await expectSameAsFullParse(document, model);
  });

  test('an edit that makes a declaration swallow the ones after it is parsed whole; the edit that undoes it re-parses only a part', async () => {
    const model = toTmText(syntheticModel(200));
    const document = await open(editor, model);
    const counts = countParses(editor);
    // Without its `}`, a top-level boundary holds the boundaries after it, up to the first flow.
    const closing = model.indexOf('\n}\n', model.indexOf('\nboundary ')) + 1;
    const broken = model.substring(0, closing) + model.substring(closing + 1);
    await edit(document, broken);
    expect(counts.full).toBe(1);
    await expectSameAsFullParse(document, broken);
    counts.reset();
    await edit(document, model);
    expect(counts).toMatchObject({ full: 0, partial: 1 });
    await expectSameAsFullParse(document, model);
  });
});
