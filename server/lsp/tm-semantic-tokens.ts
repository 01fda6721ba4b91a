// Semantic highlighting: names by what they declare or point at (the same kind at the
// declaration, with the `declaration` modifier, and at every reference), STRIDE letters after
// `stride` and `exempt`, protocols and data classes. Keywords, strings and numbers are left to
// the TextMate grammar.
import type { AstNode, Cancellation, LangiumDocument } from 'langium';
import type { SemanticTokenAcceptor } from 'langium/lsp';
import { AbstractSemanticTokenProvider } from 'langium/lsp';
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensDeltaParams, SemanticTokensParams, SemanticTokensRangeParams } from 'vscode-languageserver';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import type { NamedDeclaration } from '../language/generated/ast.js';
import { isAttack, isDecision, isExemption, isFlow, isNamedDeclaration, isStore, isThreat } from '../language/generated/ast.js';

const DECLARATION_TYPES: Readonly<Record<NamedDeclaration['$type'], SemanticTokenTypes>> = {
  External: SemanticTokenTypes.interface,
  Process: SemanticTokenTypes.class,
  Store: SemanticTokenTypes.struct,
  Boundary: SemanticTokenTypes.namespace,
  Flow: SemanticTokenTypes.event,
  Threat: SemanticTokenTypes.variable,
  Attack: SemanticTokenTypes.function,
  DataAsset: SemanticTokenTypes.enum,
};

export class TmSemanticTokenProvider extends AbstractSemanticTokenProvider {
  /**
   * Langium's provider keeps the request being answered in fields (the document, the range, the
   * tokens builder) across the `await`s of its walk, so two requests at once mix their tokens:
   * here each waits for the one before it to finish.
   */
  private previousRequest: Promise<unknown> = Promise.resolve();

  override semanticHighlight(document: LangiumDocument, params: SemanticTokensParams, cancelToken?: Cancellation.CancellationToken): Promise<SemanticTokens> {
    return this.oneAtATime(() => super.semanticHighlight(document, params, cancelToken));
  }

  override semanticHighlightRange(document: LangiumDocument, params: SemanticTokensRangeParams, cancelToken?: Cancellation.CancellationToken): Promise<SemanticTokens> {
    return this.oneAtATime(() => super.semanticHighlightRange(document, params, cancelToken));
  }

  override semanticHighlightDelta(document: LangiumDocument, params: SemanticTokensDeltaParams, cancelToken?: Cancellation.CancellationToken): Promise<SemanticTokens | SemanticTokensDelta> {
    return this.oneAtATime(() => super.semanticHighlightDelta(document, params, cancelToken));
  }

  private oneAtATime<T>(request: () => Promise<T>): Promise<T> {
    const result = this.previousRequest.then(request);
    this.previousRequest = result.catch(() => undefined);
    return result;
  }

  protected override highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
    if (isNamedDeclaration(node) && node.name) {
      acceptor({ node, property: 'name', type: DECLARATION_TYPES[node.$type], modifier: SemanticTokenModifiers.declaration });
    }
    if (isFlow(node)) {
      for (const property of ['source', 'target'] as const) {
        const target = node[property]?.ref;
        if (target) acceptor({ node, property, type: DECLARATION_TYPES[target.$type] });
      }
      node.protocol.forEach((_, index) => acceptor({ node, property: 'protocol', index, type: SemanticTokenTypes.type }));
      for (const property of ['carries', 'returns'] as const) {
        node[property].forEach((_, index) => acceptor({ node, property, index, type: SemanticTokenTypes.enumMember }));
      }
      for (const property of ['carriedAssets', 'returnedAssets'] as const) {
        node[property].forEach((reference, index) => {
          if (reference.ref) acceptor({ node, property, index, type: DECLARATION_TYPES.DataAsset });
        });
      }
    } else if (isStore(node)) {
      node.holds.forEach((_, index) => acceptor({ node, property: 'holds', index, type: SemanticTokenTypes.enumMember }));
      node.heldAssets.forEach((reference, index) => {
        if (reference.ref) acceptor({ node, property: 'heldAssets', index, type: DECLARATION_TYPES.DataAsset });
      });
    } else if (isThreat(node)) {
      node.targets.forEach((reference, index) => {
        if (reference.ref) acceptor({ node, property: 'targets', index, type: DECLARATION_TYPES[reference.ref.$type] });
      });
      node.letters.forEach((_, index) => acceptor({ node, property: 'letters', index, type: SemanticTokenTypes.enumMember }));
    } else if (isDecision(node)) {
      node.targets.forEach((reference, index) => {
        if (reference.ref) acceptor({ node, property: 'targets', index, type: DECLARATION_TYPES[reference.ref.$type] });
      });
    } else if (isExemption(node)) {
      node.letters.forEach((_, index) => acceptor({ node, property: 'letters', index, type: SemanticTokenTypes.enumMember }));
    } else if (isAttack(node)) {
      node.realizes.forEach((reference, index) => {
        if (reference.ref) acceptor({ node, property: 'realizes', index, type: SemanticTokenTypes.variable });
      });
    }
  }
}
