// Attack trees (docs/language.md §7): `or` takes the cheapest child, `and` sums its children; the cheapest
// path is what to cut first. Iterative, so a hostile tree cannot overflow the stack.
import type { AttackNode, AttackTree, Cost } from '../language/generated/ast.js';

export const NAMED_COSTS = { trivial: 1, low: 2, medium: 3, high: 5, extreme: 8 } as const;

/** The cost of a leaf, or undefined when it is not a non-negative number. */
export function leafCost(cost: Cost | undefined): number | undefined {
  if (!cost) return undefined;
  if (cost.named) return NAMED_COSTS[cost.named];
  return cost.value !== undefined && Number.isFinite(cost.value) && cost.value >= 0 ? cost.value : undefined;
}

export interface CheapestPath {
  cost: number;
  /** The leaves to achieve, in source order. */
  leaves: AttackNode[];
}

type Gate = AttackTree | AttackNode;

/**
 * The cheapest way to reach the goal. Undefined when a leaf on every way has no valid cost, or
 * when the tree is nested deeper than `maxDepth` (those levels are not analysed).
 */
export function cheapestPath(tree: AttackTree, maxDepth: number): CheapestPath | undefined {
  const results = new Map<Gate, CheapestPath | undefined>();
  // Post-order over an explicit stack: children are solved before their gate.
  const stack: Array<{ node: Gate; depth: number; expanded: boolean }> = [{ node: tree, depth: 0, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const node = top.node;
    if (top.depth > maxDepth) {
      // Past the limit even a leaf is not analysed: it is `too-deep` (docs/language.md §10).
      results.set(node, undefined);
      stack.pop();
    } else if (node.$type === 'AttackNode' && !node.gate) {
      results.set(node, leafResult(node));
      stack.pop();
    } else if (!top.expanded) {
      top.expanded = true;
      for (const child of node.children) stack.push({ node: child, depth: top.depth + 1, expanded: false });
    } else {
      results.set(node, combine(node.gate, node.children.map(child => results.get(child))));
      stack.pop();
    }
  }
  return results.get(tree);
}

function leafResult(leaf: AttackNode): CheapestPath | undefined {
  const cost = leafCost(leaf.cost);
  return cost === undefined ? undefined : { cost, leaves: [leaf] };
}

function combine(gate: string | undefined, children: Array<CheapestPath | undefined>): CheapestPath | undefined {
  if (children.length === 0) return undefined;
  if (gate === 'and') {
    if (children.some(child => child === undefined)) return undefined;
    const all = children as CheapestPath[];
    return { cost: all.reduce((sum, child) => sum + child.cost, 0), leaves: all.flatMap(child => child.leaves) };
  }
  let best: CheapestPath | undefined;
  for (const child of children) {
    // Strictly cheaper only: ties go to the first child in source order (docs/language.md §10).
    if (child && (!best || child.cost < best.cost)) best = child;
  }
  return best;
}

/** The nodes from the goal's children down to a leaf, for showing a leaf in context. */
export function attackNodeTrail(leaf: AttackNode): AttackNode[] {
  const trail: AttackNode[] = [];
  for (let node: AttackNode | AttackTree = leaf; node.$type === 'AttackNode'; node = node.$container) {
    trail.unshift(node);
  }
  return trail;
}

export function describeCost(cost: number): string {
  const named = Object.entries(NAMED_COSTS).find(([, value]) => value === cost);
  return named ? `${cost} (${named[0]})` : String(cost);
}
