// Attack trees (docs/language.md §7): `or` takes the cheapest child, `and` sums its children; the cheapest
// path is what to cut first. A leaf without a cost is unexpanded: the path skips it (§11).
// Iterative, so a hostile tree cannot overflow the stack.
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

/** A leaf written without a cost: a branch nobody has expanded yet. */
export function isUnexpandedLeaf(node: AttackNode): boolean {
  return !node.gate && !node.cost;
}

/** What an unexpanded leaf, or a gate with nothing but unexpanded leaves under it, contributes: nothing, and it is skipped. */
const SKIPPED = 'skipped';
type Result = CheapestPath | undefined | typeof SKIPPED;

/**
 * The cheapest way to reach the goal, skipping unexpanded leaves (an `or` does not choose them,
 * an `and` leaves them out of its sum). Undefined when a leaf on every way has no valid cost,
 * when every leaf on the way is unexpanded, or when the tree is nested deeper than `maxDepth`
 * (those levels are not analysed).
 */
export function cheapestPath(tree: AttackTree, maxDepth: number): CheapestPath | undefined {
  const result = solve(tree, maxDepth);
  return result === SKIPPED ? undefined : result;
}

export interface AttackCost {
  path: CheapestPath | undefined;
  /** The unexpanded leaves the path leaves out, in source order. */
  unexpanded: AttackNode[];
  /** True when there is no path because every way ends in unexpanded leaves (not because of an invalid cost). */
  onlyUnexpanded: boolean;
}

/** The cheapest path and what it skips, for the `attack-cost` message, the hover and the reports. */
export function attackCost(tree: AttackTree, maxDepth: number): AttackCost {
  const result = solve(tree, maxDepth);
  return { path: result === SKIPPED ? undefined : result, unexpanded: unexpandedLeaves(tree, maxDepth), onlyUnexpanded: result === SKIPPED };
}

function solve(tree: AttackTree, maxDepth: number): Result {
  const results = new Map<Gate, Result>();
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

function leafResult(leaf: AttackNode): Result {
  if (isUnexpandedLeaf(leaf)) return SKIPPED;
  const cost = leafCost(leaf.cost);
  return cost === undefined ? undefined : { cost, leaves: [leaf] };
}

function combine(gate: string | undefined, children: Result[]): Result {
  if (children.length === 0) return undefined;
  const counted = children.filter((child): child is CheapestPath => child !== SKIPPED && child !== undefined);
  if (gate === 'and') {
    if (children.some(child => child === undefined)) return undefined;
    if (counted.length === 0) return SKIPPED;
    return { cost: counted.reduce((sum, child) => sum + child.cost, 0), leaves: counted.flatMap(child => child.leaves) };
  }
  let best: CheapestPath | undefined;
  for (const child of counted) {
    // Strictly cheaper only: ties go to the first child in source order (docs/language.md §10).
    if (!best || child.cost < best.cost) best = child;
  }
  return best ?? (children.every(child => child === SKIPPED) ? SKIPPED : undefined);
}

/** The unexpanded leaves of a tree down to `maxDepth`, in source order: what its cheapest path leaves out. */
export function unexpandedLeaves(tree: AttackTree, maxDepth: number): AttackNode[] {
  const found: AttackNode[] = [];
  const stack: Array<{ node: AttackNode; depth: number }> = tree.children.map(node => ({ node, depth: 1 })).reverse();
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > maxDepth) continue;
    if (isUnexpandedLeaf(node)) found.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], depth: depth + 1 });
  }
  return found;
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
