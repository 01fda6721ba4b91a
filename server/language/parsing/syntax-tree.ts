// One walk over a parsed model, shared by linking, reference indexing and validation. Each of
// the three used to walk the tree with Langium's streams, which allocate an iterator, closures
// and a key list per node: three walks of garbage per keystroke (see docs/performance.md).
import type { AstNode, ReferenceInfo } from 'langium';
import { isAstNode, isReference } from 'langium';
import { memoizedByObject } from '../../domain/memo.js';

export interface SyntaxTree {
  /** Every node, the root first and each before its children: the order of `AstUtils.streamAst`. */
  nodes: AstNode[];
  /** `subtreeEnds[i]` is the index after the last descendant of `nodes[i]`, to skip a subtree. */
  subtreeEnds: number[];
  /** Every cross-reference, in the order of its container in `nodes`. */
  references: ReferenceInfo[];
}

/** Once per root: a re-parse makes a new one. */
export const syntaxTreeOf: (root: AstNode) => SyntaxTree = memoizedByObject(walk);

/**
 * Iterative: attack trees may be nested as deep as the lexer lets them. Indexed loops and
 * `for…in`: a cold check runs this once, mostly before V8 optimises it, and unoptimised
 * `for…of` and `Object.keys` allocate an iterator result per item and a key list per node.
 */
function walk(root: AstNode): SyntaxTree {
  const nodes: AstNode[] = [];
  const subtreeEnds: number[] = [];
  const references: ReferenceInfo[] = [];
  // A node to visit, or (as a number) the index of a node whose subtree is complete.
  const pending: Array<AstNode | number> = [root];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next === 'number') {
      subtreeEnds[next] = nodes.length;
      continue;
    }
    pending.push(nodes.length);
    nodes.push(next);
    // Children go on the stack last first, so that they come off it in source order.
    const firstChild = pending.length;
    for (const property in next) {
      if (property.startsWith('$')) continue;
      const value = (next as unknown as Record<string, unknown>)[property];
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          const item: unknown = value[index];
          if (isAstNode(item)) pending.push(item);
          else if (isReference(item)) references.push({ reference: item, container: next, property, index });
        }
      } else if (isAstNode(value)) {
        pending.push(value);
      } else if (isReference(value)) {
        references.push({ reference: value, container: next, property });
      }
    }
    reverse(pending, firstChild);
  }
  return { nodes, subtreeEnds, references };
}

/** Reverses `items` from `from` to its end, in place. */
function reverse(items: unknown[], from: number): void {
  for (let i = from, j = items.length - 1; i < j; i++, j--) {
    const item = items[i];
    items[i] = items[j];
    items[j] = item;
  }
}
