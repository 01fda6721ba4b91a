// Closed documents put away: a language server keeps a closed file's diagnostics, text and
// build state, and drops its syntax tree (document-builder.ts decides when). Its model is then
// a stand-in with nothing in it, so every read of a document's model goes through `modelOf`,
// which says "put away" instead of handing out the stand-in (eslint forbids reading
// `parseResult.value` anywhere else in server/, the parsing layer aside).
import type { AstNode, LangiumDocument } from 'langium';
import type { Model } from '../generated/ast.js';

/** The stand-in model of a document that was put away. */
const PUT_AWAY = Symbol('put away');

/**
 * A closed document keeps its diagnostics, its text and its build state, and lets go of its
 * syntax tree, its scopes and its references (never recorded: see TmIndexManager): a
 * tm model references nothing outside its file, so no other document needs them, and a
 * 1,000-file workspace kept whole is a gigabyte of heap the garbage collector walks again and
 * again. Opening or changing the file parses it again; the document factory sees no tree to
 * re-use.
 */
export function putAway(document: LangiumDocument): void {
  const model = { $type: 'Model', headers: [], declarations: [], [PUT_AWAY]: true } as AstNode;
  (model as { $document?: LangiumDocument }).$document = document;
  document.parseResult = { value: model, lexerErrors: [], parserErrors: [] };
  document.localSymbols = undefined;
  document.references = [];
}

export function isPutAway(document: LangiumDocument): boolean {
  return PUT_AWAY in document.parseResult.value;
}

/**
 * The model of a document, or undefined for one put away: a request that needs the model of a
 * closed file asks `TmDocumentBuilder.loadedModel`, which builds it again.
 */
export function modelOf(document: LangiumDocument): Model | undefined {
  const model = document.parseResult.value;
  return PUT_AWAY in model ? undefined : (model as Model);
}

/** Put-away documents parsed again for another file's change: their text, kept, is still the file's. */
const textStillCurrent = new WeakSet<LangiumDocument>();

/** Marks a put-away document whose file did not change, so that parsing it again reads the text it kept; or unmarks one whose file did. */
export function keepTextForReparse(document: LangiumDocument, fileUnchanged: boolean): void {
  if (fileUnchanged && isPutAway(document)) textStillCurrent.add(document);
  else textStillCurrent.delete(document);
}

/** The text a put-away document kept, once, if it was marked by keepTextForReparse. */
export function takeKeptText(document: LangiumDocument): string | undefined {
  if (!textStillCurrent.delete(document)) return undefined;
  return document.textDocument.getText();
}
