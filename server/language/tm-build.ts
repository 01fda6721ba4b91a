// The document build, tuned for models whose names resolve within their own file (spec §10).
// Measured with `npm run bench`; docs/performance.md explains each choice.
import type { AstNode, LangiumDocument, ReferenceDescription, ValidationAcceptor, ValidationCheck } from 'langium';
import { AstUtils, DefaultDocumentBuilder, DefaultReferenceDescriptionProvider, interruptAndCheck, ValidationRegistry } from 'langium';
import { CancellationToken } from 'vscode-languageserver';

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
}

/** Records every resolved reference for find-references and rename, without a promise per node. */
export class TmReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
  override async createDescriptions(document: LangiumDocument, cancelToken = CancellationToken.None): Promise<ReferenceDescription[]> {
    const descriptions: ReferenceDescription[] = [];
    let visited = 0;
    for (const node of AstUtils.streamAst(document.parseResult.value)) {
      if (isCancellationCheckpoint(++visited)) await interruptAndCheck(cancelToken);
      AstUtils.streamReferences(node).forEach(info => {
        if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
      });
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
