// Langium's CST builder, with the placement of comments made linear (see linear-parser.ts). Both
// parsers build with it: Langium's and the fast path (fast-parser.ts).
import type { IToken } from 'chevrotain';
import type { CompositeCstNode, CstNode } from 'langium';
import { CstNodeBuilder } from 'langium';

export class TmCstNodeBuilder extends CstNodeBuilder {
  override removeNode(node: CstNode): void {
    const parent = node.container;
    if (!parent) return;
    const index = parent.content.lastIndexOf(node);
    // Read-only to everyone but the builder, as in the method this replaces.
    if (index >= 0) (parent.content as CstNode[]).splice(index, 1);
  }

  /** Comments go before the token that follows them: see CstNodeBuilder.addHiddenNodes. */
  override addHiddenNodes(tokens: IToken[]): void {
    if (tokens.length === 0) return;
    const nodes = tokens.map(token => this.createLeafNode(token, true));
    let current: CompositeCstNode = this.current;
    if (current.content.length > 0) {
      this.appendChildren(current, nodes);
      return;
    }
    // A node without content yet: the comments go before the innermost ancestor that has
    // something before it, or at the very start of the file.
    while (current.container) {
      const index = current.container.content.lastIndexOf(current);
      if (index > 0) {
        this.insertChildren(current.container, index, nodes);
        return;
      }
      current = current.container;
    }
    this.insertChildren(current, 0, nodes);
  }
}
