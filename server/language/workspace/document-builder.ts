// The document build, tuned for models whose names resolve within their own file and the files
// it imports (docs/language.md §10, §12): the documents someone waits for first, the closed ones
// in batches, each batch put away once checked (put-away-documents.ts) unless another file
// imports it; an imported file is built up to linking when an importer needs it; an edit
// re-checks the files that import the edited one, directly or not, and only those. Measured with
// `npm run bench`; docs/performance.md explains each choice.
import type { AstNode, BuildOptions, LangiumDocument, LangiumSharedCoreServices, TextDocument, WorkspaceLock } from 'langium';
import type { TextDocuments } from 'langium/lsp';
import { Cancellation, DefaultDocumentBuilder, DocumentState, URI } from 'langium';
import { MAX_IMPORT_DEPTH } from '../../domain/composition.js';
import type { ImportResolver } from '../imports/import-resolver.js';
import type { Model } from '../generated/ast.js';
import { isPutAway, keepTextForReparse, modelOf, putAway } from './put-away-documents.js';
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
  private readonly imports: () => ImportResolver;
  private readonly textChangesOf = new WeakMap<Set<string>, ReadonlySet<string>>();
  /** The documents being linked by ensureLinked, innermost last: an import cycle stops at the first repeat. */
  private readonly linking: string[] = [];
  private readonly catalogues: Catalogues;

  constructor(services: LangiumSharedCoreServices & { workspace: { Catalogues: Catalogues; ImportResolver: ImportResolver } }) {
    super(services);
    this.workspaceLock = () => services.workspace.WorkspaceLock;
    this.imports = () => services.workspace.ImportResolver;
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
   * changed one, on each change. A tm model references nothing outside its file and the files
   * it imports, so an edit can break or repair links only in the files that import the edited
   * one, directly or not (their composed models include it): those are rebuilt, and only those.
   * A changed URI a file imports without finding it (a library created, renamed or deleted) counts.
   */
  protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
    return this.imports().graph.dependentsOf(this.textChanges(changedUris)).has(document.uri.toString());
  }

  /**
   * The URIs of `changedUris` whose text did change: opening a library (go to definition does)
   * reports it changed with the text it already has, and must not re-check a thousand importers.
   */
  private textChanges(changedUris: Set<string>): ReadonlySet<string> {
    let changes = this.textChangesOf.get(changedUris);
    if (!changes) {
      changes = new Set([...changedUris].filter(uri => {
        const document = this.langiumDocuments.getDocument(URI.parse(uri));
        const opened = this.textDocuments?.get(uri);
        const parsedText = document && modelOf(document)?.$cstNode?.root.fullText;
        return parsedText === undefined || opened === undefined || parsedText !== opened.getText();
      }));
      this.textChangesOf.set(changedUris, changes);
    }
    return changes;
  }

  /** A put-away document has no tree to relink: it is parsed again instead, from the text it kept (its file did not change). */
  override resetToState<T extends AstNode>(document: LangiumDocument<T>, state: DocumentState): void {
    const relinkOnly = isPutAway(document) && state > DocumentState.Changed;
    if (relinkOnly || state === DocumentState.Changed) keepTextForReparse(document, relinkOnly);
    super.resetToState(document, relinkOnly ? DocumentState.Changed : state);
  }

  /** A deleted file imports nothing any more (the files that import it still ask for it). */
  protected override cleanUpDeleted<T extends AstNode>(document: LangiumDocument<T>): void {
    super.cleanUpDeleted(document);
    this.imports().graph.remove(document.uri.toString());
  }

  /**
   * The model of a document another one imports, built up to linking (its own imports resolved)
   * if it is not yet, or parsed again if it was put away: the importer names its declarations
   * and composes its model. Its diagnostics and build state stay as they were; the build that
   * includes it validates it. In an import cycle, or past the depth limit, the file is only parsed.
   */
  async ensureLinked(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<Model | undefined> {
    const key = document.uri.toString();
    const state = document.state;
    if (isPutAway(document)) document.state = DocumentState.Changed;
    if (document.state < DocumentState.Parsed) {
      await this.langiumDocumentFactory.update(document, cancelToken);
      document.state = DocumentState.Parsed;
    }
    if (this.linking.includes(key) || this.linking.length > MAX_IMPORT_DEPTH) return modelOf(document);
    this.linking.push(key);
    try {
      if (document.state < DocumentState.IndexedContent) {
        await this.indexManager.updateContent(document, cancelToken);
        document.state = DocumentState.IndexedContent;
      }
      const services = this.serviceRegistry.getServices(document.uri);
      if (document.state < DocumentState.ComputedScopes) {
        document.localSymbols = await services.references.ScopeComputation.collectLocalSymbols(document, cancelToken);
        document.state = DocumentState.ComputedScopes;
      }
      if (document.state < DocumentState.Linked) {
        await services.references.Linker.link(document, cancelToken);
        // A put-away document read again: its text, and so its diagnostics, are unchanged.
        document.state = Math.max(state, DocumentState.Linked);
      }
    } finally {
      this.linking.pop();
    }
    return modelOf(document);
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
    await this.recheckLibraries(options, cancelToken);
  }

  /**
   * A library's `orphan-element` depends on the flows of the files that import it (docs/language.md
   * §12): when those changed, its checks run again (only the checks: its tree is kept).
   */
  private async recheckLibraries(options: BuildOptions, cancelToken: Cancellation.CancellationToken): Promise<void> {
    if (options.validation === false || options.validation === undefined) return;
    const libraries = this.imports().graph.takeLibrariesToRecheck()
      .map(uri => this.langiumDocuments.getDocument(URI.parse(uri)))
      .filter((document): document is LangiumDocument => document?.state === DocumentState.Validated && !isPutAway(document));
    if (libraries.length === 0) return;
    for (const library of libraries) this.resetToState(library, DocumentState.IndexedReferences);
    await this.catalogues.prepare(libraries.map(document => document.uri));
    await super.buildDocuments(libraries, options, cancelToken);
  }

  /**
   * After a team pack changed (docs/catalogue.md): the open models are checked again, and with
   * `closedToo` (the change is on disk) the closed ones are read and checked again as well.
   * The caller holds the workspace lock and then runs an update.
   */
  recheckForCatalogues(closedToo: boolean): void {
    for (const document of this.langiumDocuments.all) {
      if (this.isAwaited(document)) this.resetToState(document, DocumentState.IndexedReferences);
      else if (closedToo) this.resetToState(document, DocumentState.Changed);
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
    return this.putsAwayClosedDocuments && document.state === DocumentState.Validated && !this.isAwaited(document)
      && !this.imports().graph.isImported(document.uri.toString());
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
