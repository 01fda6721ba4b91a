// What data a flow carries or returns and a store holds, in built-in classes (docs/language.md §3,
// §10). A model's data assets are expanded here and only here: every rule that asks "is this
// sensitive?" reads through these functions, so an asset counts exactly as its classes.
import type { DataAsset, Flow, Store } from '../language/generated/ast.js';
import { SENSITIVE_CLASSES } from './protocols.js';

/**
 * The classes the sensitive-data rules look for: the built-in sensitive ones, and `confidential`,
 * what a confidential or restricted asset without a category counts as.
 */
export const SENSITIVE_DATA: ReadonlySet<string> = new Set([...SENSITIVE_CLASSES, 'confidential']);

/**
 * The classes an asset counts as: its categories, plus `public` or `internal` when that is its
 * sensitivity. A `confidential` or `restricted` asset without a category is still sensitive:
 * it counts as `confidential`, a class of its own that the sensitive-data rules treat like the
 * built-in sensitive ones.
 */
export function assetClasses(asset: DataAsset): string[] {
  const classes: string[] = [...asset.category];
  const sensitivity = asset.sensitivity[0];
  if (sensitivity === 'public' || sensitivity === 'internal') classes.push(sensitivity);
  else if ((sensitivity === 'confidential' || sensitivity === 'restricted') && asset.category.length === 0) classes.push('confidential');
  return classes;
}

export type DataField = 'carries' | 'returns';

/** The classes a flow carries (request) or returns (reply), assets expanded, without repeats. */
export function flowDataClasses(flow: Flow, field: DataField): string[] {
  return field === 'carries' ? expand(flow.carries, flow.carriedAssets) : expand(flow.returns, flow.returnedAssets);
}

export function storeDataClasses(store: Store): string[] {
  return expand(store.holds, store.heldAssets);
}

/** The sensitive classes among them: `confidential` (an uncategorised sensitive asset) included. */
export function sensitiveClasses(classes: readonly string[]): string[] {
  return classes.filter(dataClass => SENSITIVE_DATA.has(dataClass));
}

/** What a flow or store names as written, built-in classes first, for tables and exports. */
export function writtenData(classes: readonly string[], assets: ReadonlyArray<{ $refText: string }>): string[] {
  return [...classes, ...assets.map(asset => asset.$refText)];
}

function expand(classes: readonly string[], assets: ReadonlyArray<{ ref?: DataAsset }>): string[] {
  if (assets.length === 0) return classes.length < 2 ? [...classes] : [...new Set(classes)];
  const all = new Set(classes);
  for (const reference of assets) {
    if (reference.ref) for (const dataClass of assetClasses(reference.ref)) all.add(dataClass);
  }
  return [...all];
}
