// The document build, tuned for models whose names resolve within their own file (spec §10).
// Measured with `npm run bench`; docs/performance.md explains each choice.
import type { AstNode, BuildOptions, LangiumDocument, LangiumDocumentFactory, LangiumSharedCoreServices, ReferenceDescription, Stream, URI, ValidationAcceptor, ValidationCheck } from 'langium';
import { DefaultDocumentBuilder, DefaultReferenceDescriptionProvider, DefaultWorkspaceManager, DocumentState, interruptAndCheck, ValidationRegistry } from 'langium';
import { CancellationToken } from 'vscode-languageserver';
import { syntaxTreeOf } from './syntax-tree.js';

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
   * Langium relinks every other document that has a linking error, or that references a
   * changed one, on each change. A tm model references nothing outside its file, so an edit
   * in one file can neither break nor repair a link in another: only the edited documents
   * are rebuilt.
   */
  protected override shouldRelink(): boolean {
    return false;
  }

  /**
   * Open documents go through every phase before the others start: the user is waiting for
   * their diagnostics, and they depend on no other document. Langium runs each phase over all
   * documents, so at workspace start an open file waited for every file to be linked.
   */
  protected override async buildDocuments(documents: LangiumDocument[], options: BuildOptions, cancelToken: CancellationToken): Promise<void> {
    const open = documents.filter(document => this.textDocuments?.get(document.uri) !== undefined);
    if (open.length === 0 || open.length === documents.length) return super.buildDocuments(documents, options, cancelToken);
    await super.buildDocuments(open, options, cancelToken);
    await super.buildDocuments(documents.filter(document => !open.includes(document)), options, cancelToken);
  }
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
  }

  protected override async loadWorkspaceDocuments(uris: Stream<URI>, collector: (document: LangiumDocument) => void): Promise<void> {
    for (const uri of uris) {
      const document = this.documentFactory.fromModel({ $type: 'INVALID' } as AstNode, uri);
      document.state = DocumentState.Changed;
      collector(document);
    }
  }
}

/** Records every resolved reference for find-references and rename, without a promise per node. */
export class TmReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
  override async createDescriptions(document: LangiumDocument, cancelToken = CancellationToken.None): Promise<ReferenceDescription[]> {
    const descriptions: ReferenceDescription[] = [];
    const { references } = syntaxTreeOf(document.parseResult.value);
    for (let i = 0; i < references.length; i++) {
      if (isCancellationCheckpoint(i + 1)) await interruptAndCheck(cancelToken);
      if (!references[i].reference.error) descriptions.push(...this.createInfoDescriptions(references[i]));
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
    return (node: AstNode, accept: ValidationAcceptor, cancelToken: CancellationToken) => {
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
