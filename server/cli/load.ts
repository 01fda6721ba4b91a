// Checks one model file with the same services, and so the same diagnostics, as the editor.
import { TextDocument, URI } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Model } from '../language/generated/ast.js';
import type { TmServiceSet } from '../language/tm-module.js';
import { fileTooLarge } from '../language/tm-document-validator.js';
import type { InputFile } from './files.js';
import { readModelText } from './files.js';
import { modelOf } from '../language/workspace/put-away-documents.js';
import { packProblemDiagnostic } from '../catalogue/pack-diagnostics.js';
import * as path from 'node:path';

export interface CheckedFile {
  file: InputFile;
  diagnostics: Diagnostic[];
  /** Absent when the file was too large to parse. */
  model?: Model;
  text?: string;
}

export async function checkFile(services: TmServiceSet, file: InputFile): Promise<CheckedFile> {
  const settings = services.Tm.settings;
  const content = await readModelText(file, settings.maxFileSizeBytes);
  if ('tooLarge' in content) {
    return { file, diagnostics: [fileTooLarge(content.tooLarge, settings.options.maxFileSizeMB)] };
  }
  return checkText(services, file, content.text);
}

export async function checkText(services: TmServiceSet, file: InputFile, text: string): Promise<CheckedFile> {
  const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder, TextDocuments } = services.shared.workspace;
  const uri = URI.file(file.absolutePath);
  if (LangiumDocuments.hasDocument(uri)) LangiumDocuments.deleteDocument(uri);
  // Opened as a `tm` text document, so a model named without `.tm` (`tm check notes.txt`) still
  // finds the tm services: Langium otherwise picks a language by file extension.
  const textDocument = TextDocument.create(uri.toString(), services.Tm.LanguageMetaData.languageId, 0, text);
  TextDocuments.set(textDocument);
  const document = LangiumDocumentFactory.fromTextDocument<Model>(textDocument, uri);
  LangiumDocuments.addDocument(document);
  try {
    await DocumentBuilder.build([document], { validation: true });
  } finally {
    // Each file is a self-contained model: nothing else needs it in the workspace.
    LangiumDocuments.deleteDocument(uri);
    TextDocuments.delete(uri);
  }
  const diagnostics = [...(document.diagnostics ?? [])].sort(byPosition);
  return { file, diagnostics, model: modelOf(document), text };
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
