// Checks model files with the same services, and so the same diagnostics, as the editor: the
// files given are built together, each with the files it imports (read when the linker asks,
// bounded and inside the file's root: server/language/imports/import-resolver.ts), so that a
// library given with its importers knows which of its elements their flows touch.
import type { LangiumDocument } from 'langium';
import { TextDocument, URI } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Model } from '../language/generated/ast.js';
import type { TmServiceSet } from '../language/tm-module.js';
import { fileTooLarge } from '../language/tm-document-validator.js';
import type { InputFile } from './files.js';
import { readModelText } from './files.js';
import { UsageError } from './io.js';
import * as path from 'node:path';
import { modelOf } from '../language/workspace/put-away-documents.js';
import { packProblemDiagnostic } from '../catalogue/pack-diagnostics.js';

export interface CheckedFile {
  file: InputFile;
  diagnostics: Diagnostic[];
  /** Absent when the file was too large to parse. */
  model?: Model;
  text?: string;
}

export async function checkFile(services: TmServiceSet, file: InputFile): Promise<CheckedFile> {
  const [checked] = await checkFiles(services, [file], error => { throw error; });
  return checked;
}

/**
 * Checks the files together (a file that cannot be read is passed to `unreadable` and left out);
 * results in the order given.
 */
export async function checkFiles(services: TmServiceSet, files: readonly InputFile[], unreadable: (error: UsageError) => void): Promise<CheckedFile[]> {
  const settings = services.Tm.settings;
  const results: Array<CheckedFile | { file: InputFile; text: string }> = [];
  for (const file of files) {
    let content;
    try {
      content = await readModelText(file, settings.maxFileSizeBytes);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      unreadable(error);
      continue;
    }
    results.push('tooLarge' in content ? { file, diagnostics: [fileTooLarge(content.tooLarge, settings.options.maxFileSizeMB)] } : { file, text: content.text });
  }
  const texts = results.filter((result): result is { file: InputFile; text: string } => !('diagnostics' in result));
  const checked = await checkTexts(services, texts);
  return results.map(result => 'diagnostics' in result ? result : checked.get(result)!);
}

export async function checkText(services: TmServiceSet, file: InputFile, text: string): Promise<CheckedFile> {
  const entry = { file, text };
  return (await checkTexts(services, [entry])).get(entry)!;
}

async function checkTexts<E extends { file: InputFile; text: string }>(services: TmServiceSet, entries: readonly E[]): Promise<Map<E, CheckedFile>> {
  const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder, TextDocuments, ImportResolver } = services.shared.workspace;
  const documents = new Map<E, LangiumDocument<Model>>();
  // A file named twice (`tm check dir dir/a.tm`) is one document, reported under each name.
  const byPath = new Map<string, LangiumDocument<Model>>();
  for (const entry of entries) {
    const uri = URI.file(entry.file.absolutePath);
    const named = byPath.get(uri.fsPath);
    if (named) {
      documents.set(entry, named);
      continue;
    }
    if (LangiumDocuments.hasDocument(uri)) LangiumDocuments.deleteDocument(uri);
    // Opened as a `tm` text document, so a model named without `.tm` (`tm check notes.txt`) still
    // finds the tm services: Langium otherwise picks a language by file extension.
    const textDocument = TextDocument.create(uri.toString(), services.Tm.LanguageMetaData.languageId, 0, entry.text);
    TextDocuments.set(textDocument);
    const document = LangiumDocumentFactory.fromTextDocument<Model>(textDocument, uri);
    LangiumDocuments.addDocument(document);
    ImportResolver.setRoot(uri, entry.file.importRoot ?? path.dirname(entry.file.absolutePath));
    documents.set(entry, document);
    byPath.set(uri.fsPath, document);
  }
  try {
    await DocumentBuilder.build([...byPath.values()], { validation: true });
  } finally {
    // Nothing needs the files, or the ones they imported, once checked.
    for (const document of LangiumDocuments.all.toArray()) {
      LangiumDocuments.deleteDocument(document.uri);
      TextDocuments.delete(document.uri);
    }
    ImportResolver.forgetReadFiles();
  }
  const checked = new Map<E, CheckedFile>();
  for (const [entry, document] of documents) {
    checked.set(entry, { file: entry.file, diagnostics: [...(document.diagnostics ?? [])].sort(byPosition), model: modelOf(document), text: entry.text });
  }
  return checked;
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/**
 * The problems of the team packs the checked models were checked against, as results of the
 * pack files: a broken pack fails the check, as a broken model does (docs/catalogue.md).
 */
export async function teamPackResults(services: TmServiceSet, checked: readonly CheckedFile[], cwd: string): Promise<CheckedFile[]> {
  const catalogues = services.shared.workspace.Catalogues;
  const folders = new Set(checked.map(result => catalogues.folderOf(URI.file(result.file.absolutePath))).filter(folder => folder !== undefined));
  const results: CheckedFile[] = [];
  for (const folder of [...folders].sort()) {
    const { catalogue, files } = await catalogues.load(folder);
    for (const source of new Set(catalogue.problems.map(problem => problem.source))) {
      const file = { displayPath: path.relative(cwd, source) || source, absolutePath: source };
      const text = files.find(each => each.source === source)?.text;
      results.push({ file, diagnostics: catalogue.problems.filter(problem => problem.source === source).map(problem => packProblemDiagnostic(problem, text)) });
    }
  }
  return results;
}
