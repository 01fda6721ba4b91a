// Rename across files (docs/language.md §12): Langium's, which edits every reference the index
// knows (an imported declaration's importers included), keeping the import's qualifier of a
// qualified reference: renaming Login makes `Idp.Login` `Idp.SignIn`, not `SignIn`.
import type { LangiumDocument, LangiumDocuments } from 'langium';
import { Cancellation, URI } from 'langium';
import { DefaultRenameProvider } from 'langium/lsp';
import type { RenameParams, WorkspaceEdit } from 'vscode-languageserver';
import type { TmLspServices } from './tm-lsp-module.js';

export class TmRenameProvider extends DefaultRenameProvider {
  private readonly documents: LangiumDocuments;

  constructor(services: TmLspServices) {
    super(services);
    this.documents = services.shared.workspace.LangiumDocuments;
  }

  override async rename(document: LangiumDocument, params: RenameParams, cancelToken = Cancellation.CancellationToken.None): Promise<WorkspaceEdit | undefined> {
    const edit = await super.rename(document, params, cancelToken);
    for (const [uri, edits] of Object.entries(edit?.changes ?? {})) {
      const text = this.documents.getDocument(URI.parse(uri))?.textDocument;
      for (const change of edits) {
        const old = text?.getText(change.range) ?? '';
        const dot = old.lastIndexOf('.');
        if (dot >= 0) change.newText = `${old.slice(0, dot + 1)}${change.newText}`;
      }
    }
    return edit;
  }
}
