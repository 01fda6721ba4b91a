// The default catalogue shipped with tm (catalogue/default.yaml), inside the bundle as data read
// at build time: compiled once per version asked for, on first use. A repository may pin an
// earlier version (docs/catalogue.md, Pinning); versions.ts selects that version's entries.
// test/catalogue/default-pack.test.ts loads the file's text with line numbers and holds that it
// has no problem.
import defaultPackData from '../../catalogue/default.yaml';
import type { CataloguePack, PackFile, PackRecord } from './pack.js';
import { packFileFromData, standalonePack } from './pack.js';
import { compareVersions, isInVersion, parseVersion } from './versions.js';

export const DEFAULT_PACK_SOURCE = 'catalogue/default.yaml';

let file: PackFile | undefined;
const byVersion = new Map<string, CataloguePack>();

/** The default pack file as tm ships it: every version's entries. */
export function defaultPackFile(): PackFile {
  return file ??= packFileFromData(defaultPackData, DEFAULT_PACK_SOURCE, 'default');
}

/** The current version of the default pack. */
export function defaultPackVersion(): string {
  return defaultPackFile().version!;
}

/** The default pack at its current version. */
export function defaultPack(): CataloguePack {
  return defaultPackAt(defaultPackVersion());
}

/** The default pack as it was at `version` (a version `isKnownDefaultVersion` accepts). */
export function defaultPackAt(version: string): CataloguePack {
  const parsed = parseVersion(version);
  if (!parsed) throw new Error(`not a version: ${version}`);
  const key = parsed.join('.');
  let pack = byVersion.get(key);
  if (!pack) {
    pack = { ...standalonePack(defaultPackFile(), defaultRecordsAt(version)).pack, version };
    byVersion.set(key, pack);
  }
  return pack;
}

/** The entries of the default pack as written at `version`, for a team pack to override or extend. */
export function defaultRecordsAt(version: string): PackRecord[] {
  const parsed = parseVersion(version);
  if (!parsed) throw new Error(`not a version: ${version}`);
  return defaultPackFile().records.filter(record => isInVersion(record, parsed));
}

/** The first version of the default pack: the earliest `since`, or its current version. */
export function firstDefaultVersion(): string {
  const versions = defaultPackFile().records.map(record => record.data.since).filter(since => since !== undefined).map(String);
  return [defaultPackVersion(), ...versions].map(text => ({ text, parsed: parseVersion(text) }))
    .filter(version => version.parsed !== undefined)
    .reduce((first, version) => (compareVersions(version.parsed!, first.parsed!) < 0 ? version : first)).text;
}

/** Why `version` cannot be pinned, or undefined when it can: it must lie between the first and the current version. */
export function pinProblem(version: string): string | undefined {
  const parsed = parseVersion(version);
  if (!parsed) return `\`default-pack\` is a version such as \`${defaultPackVersion()}\`, or \`none\`; not \`${version}\``;
  if (compareVersions(parsed, parseVersion(defaultPackVersion())!) > 0) return `this tm has the default pack up to version ${defaultPackVersion()}, not ${version}: install a newer tm, or pin an earlier version`;
  if (compareVersions(parsed, parseVersion(firstDefaultVersion())!) < 0) return `the default pack starts at version ${firstDefaultVersion()}; ${version} is earlier`;
  return undefined;
}
