// The default catalogue shipped with tm (catalogue/default.yaml), inside the bundle as data read
// at build time: compiled once, on first use. test/catalogue/default-pack.test.ts loads the file's
// text with line numbers and holds that it has no problem.
import defaultPackData from '../../catalogue/default.yaml';
import type { CataloguePack } from './pack.js';
import { packFromData } from './pack.js';

export const DEFAULT_PACK_SOURCE = 'catalogue/default.yaml';

let loaded: CataloguePack | undefined;

export function defaultPack(): CataloguePack {
  return loaded ??= packFromData(defaultPackData, DEFAULT_PACK_SOURCE).pack;
}
