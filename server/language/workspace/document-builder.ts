// The document build, tuned for models whose names resolve within their own file
// (docs/language.md §10): the documents someone waits for first, the closed ones in batches,
// each batch put away once checked (put-away-documents.ts). Measured with `npm run bench`;
// docs/performance.md explains each choice.
import type { BuildOptions, LangiumDocument, LangiumSharedCoreServices, TextDocument, WorkspaceLock } from 'langium';
import type { TextDocuments } from 'langium/lsp';
import { Cancellation, DefaultDocumentBuilder, DocumentState, URI } from 'langium';
import type { Model } from '../generated/ast.js';
import { isPutAway, modelOf, putAway } from './put-away-documents.js';
import type { Catalogues } from '../../catalogue/catalogues.js';

/**
 * Langium awaits a cancellation check before every AST node it links, indexes or validates:
 * one promise and one microtask per node, more than the work on most nodes. Checking every
 * this many nodes keeps a keystroke's cancellation prompt (a few milliseconds of work between
 * checks) at a fraction of the cost.
 */
export const NODES_PER_CANCELLATION_CHECK = 256;

/** True on the nodes where a walk over the AST should check for cancellation. */
export function isCancellationCheckpoint(visitedNodes: number): boolean {
  return visitedNodes % NODES_PER_CANCELLATION_CHECK === 0;
}

export class TmDocumentBuilder extends DefaultDocumentBuilder {
  /**
   * Whether a closed document is put away once checked (see putAway). Only a language server
   * does: the CLI reads the model of every document it builds.
   */
  putsAwayClosedDocuments = false;
  /** Closed documents whose model a request is waiting for (see `loadedModel`). */
  private readonly pinned = new Set<string>();
  private readonly workspaceLock: () => WorkspaceLock;
  private readonly catalogues: Catalogues;

  constructor(services: LangiumSharedCoreServices & { workspace: { Catalogues: Catalogues } }) {
    super(services);
    this.workspaceLock = () => services.workspace.WorkspaceLock;
    this.catalogues = services.workspace.Catalogues;
    // A request that follows the opening of a put-away file (outline, highlighting) must wait
    // for the build the opening starts instead of reading the stand-in, so the file counts as
    // changed from the moment an editor opens it. Only a language server's documents open.
    const textDocuments = services.workspace.TextDocuments;
    if (!textDocuments || !('onDidOpen' in textDocuments)) return;
    (textDocuments as TextDocuments<TextDocument>).onDidOpen(({ document: opened }) => {
      const document = this.langiumDocuments.getDocument(URI.parse(opened.uri));
      if (!document || !isPutAway(document)) return;
      // As the update that the opening starts does first.
      document.state = DocumentState.Changed;
      this.currentState = DocumentState.Changed;
    });
  }

  /**
   * Langium relinks every other document that has a linking error, or that references a
   * changed one, on each change. A tm model references nothing outside its file, so an edit
   * in one file can neither break nor repair a link in another: only the edited documents
   * are rebuilt.
   */
  protected override shouldRelink(): boolean {
    return false;
  }

  /**
   * Documents someone is waiting for (open in an editor, or asked for by a request) go
   * through every phase before the others start: they depend on no other document. Langium
   * runs each phase over all documents, so at workspace start an open file waited for every
   * file to be linked. The rest follow in batches, each put away once checked, so the heap
   * holds one batch of syntax trees instead of the whole workspace's.
   */
  protected override async buildDocuments(documents: LangiumDocument[], options: BuildOptions, cancelToken: Cancellation.CancellationToken): Promise<void> {
    // The checks read each model's catalogue synchronously: its team packs are read first (docs/catalogue.md).
    await this.catalogues.prepare(documents.map(document => document.uri));
    const awaited = documents.filter(document => this.isAwaited(document));
    const others = documents.filter(document => !this.isAwaited(document));
    if (awaited.length > 0) await super.buildDocuments(awaited, options, cancelToken);
    for (let start = 0; start < others.length; start += CLOSED_DOCUMENTS_PER_BATCH) {
      const batch = others.slice(start, start + CLOSED_DOCUMENTS_PER_BATCH);
      await super.buildDocuments(batch, options, cancelToken);
      batch.filter(document => this.mayPutAway(document)).forEach(putAway);
    }
  }

  /** Open in an editor, or pinned by a request. */
  private isAwaited(document: LangiumDocument): boolean {
    return this.textDocuments?.get(document.uri) !== undefined || this.pinned.has(document.uri.toString());
  }

  /**
   * A checked, closed file in a language server: it serves the Problems panel and no editor,
   * so nothing will ask for its references or its tree.
   */
  private mayPutAway(document: LangiumDocument): boolean {
    return this.putsAwayClosedDocuments && document.state === DocumentState.Validated && !this.isAwaited(document);
  }

  /**
   * The model of a document once it is linked, built again first if it was put away (a
   * request on a file that is not open: a locked preview). The document is pinned meanwhile,
   * so it is built before the closed ones and not put away again; if an edit cancels the
   * rebuild, the build the edit starts includes it.
   */
  async loadedModel(uri: URI, cancelToken = Cancellation.CancellationToken.None): Promise<Model | undefined> {
    const document = this.langiumDocuments.getDocument(uri);
    if (!document) return undefined;
    const key = uri.toString();
    this.pinned.add(key);
    try {
      // Resolves when the update is done or cancelled; either way it has marked the document changed.
      if (isPutAway(document)) await this.workspaceLock().write(token => this.update([uri], [], token));
      await this.waitUntil(DocumentState.Linked, uri, cancelToken);
      const loaded = this.langiumDocuments.getDocument(uri);
      return loaded && modelOf(loaded);
    } finally {
      this.pinned.delete(key);
    }
  }
}

/** Enough closed documents per batch that each phase's fixed costs stay small. */
const CLOSED_DOCUMENTS_PER_BATCH = 20;
