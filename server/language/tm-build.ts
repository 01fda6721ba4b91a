// The document build, tuned for models whose names resolve within their own file (docs/language.md §10).
// Measured with `npm run bench`; docs/performance.md explains each choice.
import type { AstNode, BuildOptions, LangiumDocument, LangiumDocumentFactory, LangiumSharedCoreServices, ReferenceDescription, Stream, TextDocument, ValidationAcceptor, ValidationCheck, WorkspaceLock } from 'langium';
import type { TextDocuments } from 'langium/lsp';
import { AstUtils, Cancellation, DefaultDocumentBuilder, DefaultIndexManager, DefaultReferenceDescriptionProvider, DefaultWorkspaceManager, DocumentState, URI, ValidationRegistry } from 'langium';
import { syntaxTreeOf } from './parsing/syntax-tree.js';
import type { TmServices } from './tm-module.js';

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

  constructor(services: LangiumSharedCoreServices) {
    super(services);
    this.workspaceLock = () => services.workspace.WorkspaceLock;
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
  async loadedModel(uri: URI, cancelToken = Cancellation.CancellationToken.None): Promise<AstNode | undefined> {
    const document = this.langiumDocuments.getDocument(uri);
    if (!document) return undefined;
    const key = uri.toString();
    this.pinned.add(key);
    try {
      // Resolves when the update is done or cancelled; either way it has marked the document changed.
      if (isPutAway(document)) await this.workspaceLock().write(token => this.update([uri], [], token));
      await this.waitUntil(DocumentState.Linked, uri, cancelToken);
      return this.langiumDocuments.getDocument(uri)?.parseResult.value;
    } finally {
      this.pinned.delete(key);
    }
  }
}

/** Enough closed documents per batch that each phase's fixed costs stay small. */
const CLOSED_DOCUMENTS_PER_BATCH = 20;

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
function putAway(document: LangiumDocument): void {
  const model = { $type: 'Model', headers: [], declarations: [], [PUT_AWAY]: true } as AstNode;
  (model as { $document?: LangiumDocument }).$document = document;
  document.parseResult = { value: model, lexerErrors: [], parserErrors: [] };
  document.localSymbols = undefined;
  document.references = [];
}

function isPutAway(document: LangiumDocument): boolean {
  return PUT_AWAY in document.parseResult.value;
}

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

/**
 * The references of a document for find-references, rename and highlights, recorded when one of
 * them asks instead of by every build: a tm model references nothing outside its file, so a
 * declaration's references are all in its own document, and recording them was about a sixth of
 * a keystroke's work at 5,000 elements. A build drops what was recorded for the documents it
 * links; a closed file's are never asked for, the CLI's neither.
 */
export class TmIndexManager extends DefaultIndexManager {
  override async updateReferences(document: LangiumDocument): Promise<void> {
    this.referenceIndex.delete(document.uri.toString());
  }

  override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
    const document = AstUtils.getDocument(targetNode);
    const uri = document.uri.toString();
    if (!this.referenceIndex.has(uri)) {
      const services = this.serviceRegistry.getServices(document.uri) as TmServices;
      this.referenceIndex.set(uri, services.workspace.ReferenceDescriptionProvider.descriptionsOf(document));
    }
    return super.findAllReferences(targetNode, astNodePath);
  }
}

/** Every resolved reference of a document, from the shared walk over its tree, without a promise per node (TmIndexManager asks, no build does). */
export class TmReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
  descriptionsOf(document: LangiumDocument): ReferenceDescription[] {
    const descriptions: ReferenceDescription[] = [];
    for (const info of syntaxTreeOf(document.parseResult.value).references) {
      if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
    }
    return descriptions;
  }
}

/**
 * Langium wraps every check in an async function, so each check on each node costs a promise
 * even when, like all of tm's, it is synchronous. Here a check's failure is reported the same
 * way, and only a check that does return a promise is awaited.
 */
export class TmValidationRegistry extends ValidationRegistry {
  protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
    return (node: AstNode, accept: ValidationAcceptor, cancelToken: Cancellation.CancellationToken) => {
      const fail = (error: unknown) => this.handleException(() => { throw error; }, 'An error occurred during validation', accept, node);
      try {
        const result = check.call(thisObj, node, accept, cancelToken);
        return result instanceof Promise ? result.catch(fail) : undefined;
      } catch (error) {
        return fail(error);
      }
    };
  }
}
