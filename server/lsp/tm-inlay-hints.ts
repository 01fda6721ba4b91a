// An inlay hint after a threat's `impact <n>`: `= 9 · fix now`, so the ranking is visible where
// the estimate is written. Unscored threats get none.
import type { AstNode } from 'langium';
import type { InlayHintAcceptor } from 'langium/lsp';
import { AbstractInlayHintProvider } from 'langium/lsp';
import { InlayHintKind } from 'vscode-languageserver';
import { isThreat } from '../language/generated/ast.js';
import { scoreLabel } from './labels.js';

export class TmInlayHintProvider extends AbstractInlayHintProvider {
  override computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
    if (!isThreat(node)) return;
    const label = scoreLabel(node);
    // The first `impact` is the one that counts (docs/language.md §10).
    const impact = node.impact[0]?.$cstNode;
    if (label === undefined || !impact) return;
    acceptor({ position: impact.range.end, label: `= ${label}`, kind: InlayHintKind.Type, paddingLeft: true, tooltip: 'score = likelihood × impact · bucket' });
  }
}
