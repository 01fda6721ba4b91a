// Semantic highlighting: names by what they declare or point at (the same kind at the
// declaration, with the `declaration` modifier, and at every reference), STRIDE letters after
// `stride` and `exempt`, protocols and data classes, an import's qualifier as a namespace (at its
// alias and before the `.` of a qualified name). Keywords, strings and numbers are left to the
// TextMate grammar.
import type { AstNode, Cancellation, CstNode, LangiumDocument, Reference } from 'langium';
import type { SemanticTokenAcceptor } from 'langium/lsp';
import { AbstractSemanticTokenProvider } from 'langium/lsp';
import type { Position, SemanticTokens, SemanticTokensDelta, SemanticTokensDeltaParams, SemanticTokensParams, SemanticTokensRangeParams } from 'vscode-languageserver';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import type { NamedDeclaration } from '../language/generated/ast.js';
import { isAttack, isDecision, isExemption, isFlow, isImport, isNamedDeclaration, isStore, isThreat } from '../language/generated/ast.js';

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
    // A qualified reference is two tokens: the import's qualifier, then the name.
    const reference = (owner: AstNode, property: string, index: number | undefined, target: Reference, type: SemanticTokenTypes) => {
      const cst = target.$refNode;
      const dot = cst?.text.indexOf('.') ?? -1;
      if (!cst || dot < 0) {
        acceptor({ node: owner, property, index, type });
        return;
      }
      const at = (offset: number) => positionIn(cst, offset);
      acceptor({ range: { start: cst.range.start, end: at(dot) }, type: SemanticTokenTypes.namespace });
      acceptor({ range: { start: at(dot + 1), end: cst.range.end }, type });
    };
    if (isImport(node) && node.alias) {
      acceptor({ node, property: 'alias', type: SemanticTokenTypes.namespace, modifier: SemanticTokenModifiers.declaration });
    }
    if (isNamedDeclaration(node) && node.name) {
      acceptor({ node, property: 'name', type: DECLARATION_TYPES[node.$type], modifier: SemanticTokenModifiers.declaration });
    }
    if (isFlow(node)) {
      for (const property of ['source', 'target'] as const) {
        const target = node[property]?.ref;
        if (target) reference(node, property, undefined, node[property], DECLARATION_TYPES[target.$type]);
      }
      node.protocol.forEach((_, index) => acceptor({ node, property: 'protocol', index, type: SemanticTokenTypes.type }));
      for (const property of ['carries', 'returns'] as const) {
        node[property].forEach((_, index) => acceptor({ node, property, index, type: SemanticTokenTypes.enumMember }));
      }
      for (const property of ['carriedAssets', 'returnedAssets'] as const) {
        node[property].forEach((asset, index) => {
          if (asset.ref) reference(node, property, index, asset, DECLARATION_TYPES.DataAsset);
        });
      }
    } else if (isStore(node)) {
      node.holds.forEach((_, index) => acceptor({ node, property: 'holds', index, type: SemanticTokenTypes.enumMember }));
      node.heldAssets.forEach((asset, index) => {
        if (asset.ref) reference(node, 'heldAssets', index, asset, DECLARATION_TYPES.DataAsset);
      });
    } else if (isThreat(node)) {
      node.targets.forEach((target, index) => {
        if (target.ref) reference(node, 'targets', index, target, DECLARATION_TYPES[target.ref.$type]);
      });
      node.letters.forEach((_, index) => acceptor({ node, property: 'letters', index, type: SemanticTokenTypes.enumMember }));
    } else if (isDecision(node)) {
      node.targets.forEach((target, index) => {
        if (target.ref) reference(node, 'targets', index, target, DECLARATION_TYPES[target.ref.$type]);
      });
    } else if (isExemption(node)) {
      node.letters.forEach((_, index) => acceptor({ node, property: 'letters', index, type: SemanticTokenTypes.enumMember }));
    } else if (isAttack(node)) {
      node.realizes.forEach((threat, index) => {
        if (threat.ref) reference(node, 'realizes', index, threat, SemanticTokenTypes.variable);
      });
    }
  }
}

/** The position `offset` characters into a CST node that lies on one line (a name does). */
function positionIn(cst: CstNode, offset: number): Position {
  return { line: cst.range.start.line, character: cst.range.start.character + offset };
}
