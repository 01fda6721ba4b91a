// Several in-memory files checked together, as a workspace: each file's diagnostics, with « »
// marks for where they sit (as harness.ts does for one file).
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { Model } from '../../server/language/generated/ast.js';
import { DEFAULT_OPTIONS } from '../../server/language/tm-settings.js';
import { services, TODAY } from './harness.js';
import { stripMarks } from './marks.js';

export const WORKSPACE_ROOT = '/ws';

export interface CheckedFile {
  document: LangiumDocument<Model>;
  diagnostics: Diagnostic[];
  marks: Range[];
  codes: string[];
}

export function uriOf(file: string): URI {
  return URI.file(`${WORKSPACE_ROOT}/${file}`);
}

/** Builds every file (path below the root → text with « » marks), replacing what an earlier call built. */
export async function checkWorkspace(files: Record<string, string>): Promise<Record<string, CheckedFile>> {
  const { LangiumDocuments, LangiumDocumentFactory, DocumentBuilder, ImportResolver } = services.shared.workspace;
  services.settings.update({ ...DEFAULT_OPTIONS, today: TODAY });
  for (const document of LangiumDocuments.all.toArray()) LangiumDocuments.deleteDocument(document.uri);
  const documents: Record<string, { document: LangiumDocument<Model>; offsets: Array<[number, number]> }> = {};
  for (const [file, marked] of Object.entries(files)) {
    const { text, offsets } = stripMarks(marked);
    const uri = uriOf(file);
    ImportResolver.setRoot(uri, WORKSPACE_ROOT);
    const document = LangiumDocumentFactory.fromString<Model>(text, uri);
    LangiumDocuments.addDocument(document);
    documents[file] = { document, offsets };
  }
  await DocumentBuilder.build(Object.values(documents).map(entry => entry.document), { validation: true });
  return Object.fromEntries(Object.entries(documents).map(([file, { document, offsets }]) => {
    const position = (offset: number) => document.textDocument.positionAt(offset);
    const diagnostics = document.diagnostics ?? [];
    return [file, { document, diagnostics, marks: offsets.map(([start, end]) => ({ start: position(start), end: position(end) })), codes: diagnostics.map(d => String(d.code)) }];
  }));
}

