// The default catalogue shipped with tm (catalogue/default.yaml), inside the bundle: read and
// compiled once, on first use.
import defaultPackText from '../../catalogue/default.yaml';
import type { CataloguePack, PackProblem } from './pack.js';
import { loadPack } from './pack.js';

export const DEFAULT_PACK_SOURCE = 'catalogue/default.yaml';

let loaded: { pack: CataloguePack; problems: PackProblem[] } | undefined;

export function defaultPack(): CataloguePack {
  return (loaded ??= loadPack(defaultPackText, DEFAULT_PACK_SOURCE)).pack;
}

/** What is wrong with the default pack: nothing, as test/catalogue/default-pack.test.ts holds. */
export function defaultPackProblems(): readonly PackProblem[] {
  return (loaded ??= loadPack(defaultPackText, DEFAULT_PACK_SOURCE)).problems;
}
