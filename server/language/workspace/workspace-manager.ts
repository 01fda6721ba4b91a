// Workspace start: every file is known at once and parsed by the first build, open ones first.
import type { LangiumDocument, LangiumDocumentFactory, LangiumSharedCoreServices, Stream, URI } from 'langium';
import { DefaultWorkspaceManager, DocumentState } from 'langium';

/**
 * Langium reads and parses every workspace file before the workspace is ready, and only then
 * handles an opened file. Here the workspace's documents are created unparsed, as Langium's
 * builder does for a file it has not seen: the first build parses them, open ones first, and
 * a keystroke can interrupt it.
 */
export class TmWorkspaceManager extends DefaultWorkspaceManager {
  private readonly documentFactory: LangiumDocumentFactory;

  constructor(services: LangiumSharedCoreServices) {
    super(services);
    this.documentFactory = services.workspace.LangiumDocumentFactory;
    // Every file is checked at start, so the Problems panel lists them all without waiting for
    // the first edit; Langium's first build stops before validation.
    this.initialBuildOptions = { validation: true };
  }

  protected override async loadWorkspaceDocuments(uris: Stream<URI>, collector: (document: LangiumDocument) => void): Promise<void> {
    for (const uri of uris) {
      const document = this.documentFactory.fromModel({ $type: 'INVALID' }, uri);
      document.state = DocumentState.Changed;
      collector(document);
    }
  }
}
