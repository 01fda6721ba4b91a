// Catalogue packs (docs/catalogue.md): YAML (or JSON) files of threat entries. A pack is data from
// a possibly hostile repository: it is parsed with limits, every entry is checked, and a problem
// is reported at the pack's line; an entry with a problem is left out, the others still apply.
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { parseReference, REFERENCE_FORMS_TEXT } from '../domain/references.js';
import type { StrideLetter } from '../domain/stride.js';
import type { Condition, ConditionProblem, PackPath } from './conditions.js';
import { compileCondition } from './conditions.js';
import type { FactTarget } from './facts.js';
import { factSpec } from './facts.js';

/** Limits that keep a hostile pack from costing more than a look (docs/catalogue.md). */
export const PACK_LIMITS = {
  /** Characters in a pack file. */
  size: 1_000_000,
  /** Entries in one pack. */
  entries: 1000,
  /** Characters in one text field (title, description, because, a mitigation). */
  text: 4000,
  /** YAML aliases (`*name`) in one pack: expansion bombs stop here. */
  aliases: 100,
} as const;

export interface CatalogueMitigation {
  text: string;
  refs: readonly string[];
}

export interface CatalogueExample {
  model: string;
  /** The names of the elements and flows that must get the entry; none others may. */
  suggests: readonly string[];
}

export interface CatalogueEntry {
  id: string;
  title: string;
  stride: readonly StrideLetter[];
  description: string;
  refs: readonly string[];
  on: FactTarget;
  /** The condition as the pack writes it (for `tm catalogue show` and hovers); `applies` is what it compiles to. */
  when: unknown;
  applies: Condition;
  /** The trigger in words, with `{name}`, `{source}`, `{target}` and `{fact}` placeholders. */
  because: string;
  mitigations: readonly CatalogueMitigation[];
  examples: readonly CatalogueExample[];
  /** The pack file the entry is written in (for an override or extension: the one that writes it). */
  source: string;
  /** 1-based line of the entry in its pack. */
  line: number;
  /** For an entry of a team pack: the entry it overrides (same id) or extends (its own id). */
  base?: { relation: 'override' | 'extends'; id: string };
  /** A team pack's override turned it off: the id stays known, the entry is never suggested. */
  disabled?: boolean;
}

export interface CataloguePack {
  source: string;
  version: string | undefined;
  /** The entries that may be suggested, in order. */
  entries: readonly CatalogueEntry[];
  /** Every known entry by id, the disabled ones too (a threat may still name them). */
  byId: ReadonlyMap<string, CatalogueEntry>;
}

export interface PackProblem {
  source: string;
  /** 1-based. */
  line: number;
  message: string;
}

export const ENTRY_ID = /^[a-z][a-z0-9]*:[a-z0-9]+(-[a-z0-9]+)*$/;
export const TARGETS: readonly FactTarget[] = ['flow', 'process', 'store', 'external'];
/** The letters that can apply to each kind of target (docs/language.md §5; R on a store only when it is a log). */
export const LETTERS_ON: Readonly<Record<FactTarget, readonly string[]>> = {
  flow: ['T', 'I', 'D'], process: ['S', 'T', 'R', 'I', 'D', 'E'], store: ['T', 'R', 'I', 'D'], external: ['S', 'R'],
};
/** The fields of an entry and what each says: for the checks, the editor's completion and hover, and the JSON schema. */
export const ENTRY_FIELDS: Readonly<Record<string, string>> = {
  id: 'The entry\'s id, `prefix:words-with-hyphens` in lower case (`tm:` is the default pack\'s; a team uses its own, e.g. `acme:`). Models name it in `catalogue "…"` and `dismiss "…"`.',
  title: 'A short name of the threat, shown in the suggestion and as the title of the threat the quick-fix adds.',
  stride: 'The STRIDE letters of the threat, among those that apply to `on` (a flow: T, I, D; a process: all six; a store: T, R, I, D; an external: S, R).',
  description: 'What goes wrong, in a few sentences.',
  refs: 'References: `CWE-n`, `CAPEC-n`, ASVS `Vn.n.n`, ATT&CK `Tnnnn`, OWASP `Ann:yyyy`, or an `https://` URL.',
  on: 'What the entry applies to: `flow`, `process`, `store` or `external`.',
  when: 'The condition, over the facts of the element or flow: `all: [...]`, `any: [...]`, `not: {...}`, or `fact: value` / `fact: [values]`.',
  because: 'The trigger in words, shown in the suggestion: `{name}`, `{source}`, `{target}` and `{fact}` are filled in.',
  mitigations: 'What to do about it: each a `text` with optional `refs`; the quick-fix adds each as a planned mitigation.',
  examples: 'Example models (`model: |`) with the names that must get the entry (`suggests: [...]`; all others must not). `tm catalogue test` runs them.',
};
const ENTRY_KEYS = new Set(Object.keys(ENTRY_FIELDS));
const PLACEHOLDER = /\{([^{}]*)\}/g;
const NAME_PLACEHOLDERS = new Set(['name', 'source', 'target']);

/** A pack's references take the forms a model's `refs` take (docs/language.md §3). */
export function isReference(text: string): boolean {
  return parseReference(text) !== undefined;
}

/** An entry as its pack file writes it, before it is merged with the entry it overrides or extends. */
export interface PackRecord {
  data: Readonly<Record<string, unknown>>;
  source: string;
  /** Where the entry is in its file's data: `['entries', index]`. */
  path: PackPath;
  /** 1-based line of the entry. */
  line: number;
  lineOf: (path: PackPath) => number;
}

/** Who wrote a pack: tm (the default pack, versioned by `since`/`until`) or a team (`.tm/catalogue/`). */
export type PackRole = 'default' | 'team';

/** A pack file read and checked for its shape; its entries are compiled when a catalogue is assembled (catalogue.ts). */
export interface PackFile {
  source: string;
  role: PackRole;
  version: string | undefined;
  /** A team pack's `default-pack:` (a version of the default pack, or `none`) and its line. */
  defaultPack?: { value: string; line: number };
  records: readonly PackRecord[];
  problems: readonly PackProblem[];
  /** The file's text, when it was read from one: problems are shown over their line's text. */
  text?: string;
}

/** The top-level fields of a pack, by role, and what each says. */
export const PACK_FIELDS: Readonly<Record<PackRole, Readonly<Record<string, string>>>> = {
  default: {
    version: 'The version of the default pack, `YYYY.M.N`.',
    entries: 'The entries of the pack.',
  },
  team: {
    version: 'A version of your own for this pack (free text; tm does not read it).',
    'default-pack': 'Pins the version of the default pack the repository is checked against (`"2026.12.0"`), or `none` to leave the default pack out. A newer tm then gives the same result.',
    entries: 'The entries of the pack: new ones (with an `id` of your prefix), overrides (`override: <id>`) and extensions (`extends: <id>`).',
  },
};
/** Fields that relate an entry to others or to versions: read by catalogue.ts and versions.ts, never compiled. */
export const RELATION_FIELDS: Readonly<Record<PackRole, Readonly<Record<string, string>>>> = {
  default: {
    since: 'The first version of the default pack with this entry.',
    until: 'The first version of the default pack without this entry (it was changed or removed then).',
  },
  team: {
    override: 'The id of an entry (of the default pack, or of another team pack) whose fields this entry replaces; the id stays.',
    extends: 'The id of an entry whose fields this one starts from, under an `id` of its own.',
    disabled: 'With `override`: `true` turns the entry off (never suggested; models may still name it).',
  },
};
const PACK_KEYS: Readonly<Record<PackRole, readonly string[]>> = {
  default: Object.keys(PACK_FIELDS.default),
  team: Object.keys(PACK_FIELDS.team),
};
const RELATION_KEYS: Readonly<Record<PackRole, readonly string[]>> = {
  default: Object.keys(RELATION_FIELDS.default),
  team: Object.keys(RELATION_FIELDS.team),
};

/** Reads a pack file's text with the limits of PACK_LIMITS; the file's problems are at their lines. */
export function readPackFile(text: string, source: string, role: PackRole, maxSize: number = PACK_LIMITS.size): PackFile {
  const refused = (line: number, message: string): PackFile => ({ source, role, version: undefined, records: [], problems: [{ source, line, message }] });
  if (text.length > maxSize) return refused(1, `the pack has ${text.length} characters, more than the ${maxSize} a pack may have`);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map(error => ({ source, line: lineCounter.linePos(error.pos[0]).line, message: error.message.split('\n')[0] }));
    return { ...refused(1, ''), problems, text };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: PACK_LIMITS.aliases });
  } catch (error) {
    return refused(1, (error as Error).message);
  }
  return { ...packFileFromData(data, source, role, path => lineAt(document, lineCounter, path)), text };
}

/** A pack file from data already parsed (the default pack, read at build time); `lineOf` places problems. */
export function packFileFromData(data: unknown, source: string, role: PackRole, lineOf: (path: PackPath) => number = () => 1): PackFile {
  const problems: PackProblem[] = [];
  const problem = (path: PackPath, message: string) => problems.push({ source, line: lineOf(path), message });
  const file = (records: PackRecord[] = [], version?: string, defaultPack?: PackFile['defaultPack']): PackFile => ({ source, role, version, defaultPack, records, problems });
  if (!isRecord(data)) {
    problem([], `a pack is a map with ${PACK_KEYS[role].map(key => `\`${key}\``).join(', ')}`);
    return file();
  }
  for (const key of Object.keys(data)) if (!PACK_KEYS[role].includes(key)) problem([key], `unknown key \`${key}\` (a pack has ${PACK_KEYS[role].map(known => `\`${known}\``).join(', ')})`);
  const version = typeof data.version === 'string' || typeof data.version === 'number' ? String(data.version) : undefined;
  if (data.version !== undefined && version === undefined) problem(['version'], '`version` is a text such as `2026.12.0`');
  let defaultPack: PackFile['defaultPack'];
  if (data['default-pack'] !== undefined) {
    const pin = data['default-pack'];
    if (typeof pin === 'string') defaultPack = { value: pin, line: lineOf(['default-pack']) };
    else if (typeof pin === 'number') problem(['default-pack'], `write the version with three parts or in quotes (\`default-pack: "${pin}"\`): YAML reads \`2026.10\` as the number 2026.1`);
    else problem(['default-pack'], '`default-pack` is a version of the default pack, such as `2026.12.0`, or `none`');
  }
  const rawEntries = data.entries ?? [];
  if (!Array.isArray(rawEntries)) {
    problem(['entries'], '`entries` is a list');
    return file([], version, defaultPack);
  }
  if (rawEntries.length > PACK_LIMITS.entries) {
    problem(['entries'], `the pack has ${rawEntries.length} entries, more than the ${PACK_LIMITS.entries} a pack may have`);
    return file([], version, defaultPack);
  }
  const known = new Set([...ENTRY_KEYS, ...RELATION_KEYS[role]]);
  const records: PackRecord[] = [];
  rawEntries.forEach((raw, index) => {
    const path = ['entries', index];
    if (!isRecord(raw)) {
      problem(path, 'an entry is a map with `id`, `title`, `stride`, `on`, `when` and `because`');
      return;
    }
    const unknown = Object.keys(raw).filter(key => !known.has(key));
    for (const key of unknown) problem([...path, key], `unknown key \`${key}\` (an entry has ${[...known].join(', ')})`);
    if (unknown.length === 0) records.push({ data: raw, source, path, line: lineOf(path), lineOf });
  });
  return file(records, version, defaultPack);
}

/** The entry a record stands for, with `relation` keys left out; problems are paths from the record. */
export function compileEntry(record: PackRecord, problems: ConditionProblem[], data: Readonly<Record<string, unknown>> = record.data): CatalogueEntry | undefined {
  const fields = Object.fromEntries(Object.entries(data).filter(([key]) => ENTRY_KEYS.has(key)));
  return readEntry(fields, record.path, problems, record.line, record.source);
}

/** Reads a pack on its own (every entry of it, none related to another); `problems` says what is wrong and where. */
export function loadPack(text: string, source: string): { pack: CataloguePack; problems: PackProblem[] } {
  return standalonePack(readPackFile(text, source, 'default'));
}

/** The entries of a pack file on their own: each compiled, the first of two with one id kept. */
export function standalonePack(file: PackFile, records: readonly PackRecord[] = file.records): { pack: CataloguePack; problems: PackProblem[] } {
  const problems = [...file.problems];
  const entries: CatalogueEntry[] = [];
  const byId = new Map<string, CatalogueEntry>();
  for (const record of records) {
    const entryProblems: ConditionProblem[] = [];
    const entry = compileEntry(record, entryProblems);
    if (entry && byId.has(entry.id)) entryProblems.push({ path: [...record.path, 'id'], message: `the id \`${entry.id}\` is already used by the entry on line ${byId.get(entry.id)!.line}` });
    for (const { path, message } of entryProblems) problems.push({ source: file.source, line: record.lineOf(path), message });
    if (entry && entryProblems.length === 0) {
      entries.push(entry);
      byId.set(entry.id, entry);
    }
  }
  return { pack: { source: file.source, version: file.version, entries, byId }, problems };
}

function readEntry(raw: Readonly<Record<string, unknown>>, path: PackPath, problems: ConditionProblem[], line: number, source: string): CatalogueEntry | undefined {
  const at = (key: string | number, ...more: Array<string | number>): PackPath => [...path, key, ...more];
  const text = (key: string, required: boolean): string => readText(raw[key], at(key), key, required, problems);

  const id = text('id', true);
  if (id && !ENTRY_ID.test(id)) problems.push({ path: at('id'), message: `the id \`${id}\` is not of the form \`prefix:words-with-hyphens\` (lower case, e.g. \`tm:sql-injection\`)` });
  const on = raw.on;
  if (typeof on !== 'string' || !(TARGETS as readonly string[]).includes(on)) {
    problems.push({ path: at('on'), message: `\`on\` is one of ${TARGETS.join(', ')}` });
    return undefined;
  }
  const stride = readList(raw.stride, at('stride'), 'stride', problems);
  for (const [index, letter] of stride.entries()) {
    if (!LETTERS_ON[on as FactTarget].includes(letter)) {
      problems.push({ path: at('stride', index), message: `\`${letter}\` is not a STRIDE letter that applies to a ${on} (${LETTERS_ON[on as FactTarget].join(', ')})` });
    }
  }
  if (stride.length === 0) problems.push({ path: at('stride'), message: 'an entry names at least one STRIDE letter' });
  const because = text('because', true);
  for (const [, placeholder] of because.matchAll(PLACEHOLDER)) {
    if (!NAME_PLACEHOLDERS.has(placeholder) && !factSpec(on as FactTarget, placeholder)) {
      problems.push({ path: at('because'), message: `unknown placeholder \`{${placeholder}}\`: use {name}, {source}, {target} or a fact` });
    }
  }
  const mitigations = readArray(raw.mitigations, at('mitigations'), 'mitigations', problems).map((mitigation, index) => {
    const where = at('mitigations', index);
    const record = isRecord(mitigation) ? mitigation : { text: mitigation };
    return { text: readText(record.text, [...where, 'text'], 'text', true, problems), refs: readReferences(record.refs, [...where, 'refs'], problems) };
  });
  const examples = readArray(raw.examples, at('examples'), 'examples', problems).map((example, index) => {
    const where = at('examples', index);
    const record = isRecord(example) ? example : {};
    return { model: readText(record.model, [...where, 'model'], 'model', true, problems, Infinity), suggests: readList(record.suggests, [...where, 'suggests'], 'suggests', problems) };
  });
  if (raw.when === undefined) problems.push({ path, message: 'an entry needs a `when` condition' });
  const applies = compileCondition(raw.when, on as FactTarget, at('when'), problems);
  return {
    id,
    title: text('title', true),
    stride: stride as StrideLetter[],
    description: text('description', false),
    refs: readReferences(raw.refs, at('refs'), problems),
    on: on as FactTarget,
    when: raw.when,
    applies,
    because,
    mitigations,
    examples,
    source,
    line,
  };
}

function readText(raw: unknown, path: PackPath, key: string, required: boolean, problems: ConditionProblem[], limit: number = PACK_LIMITS.text): string {
  if (raw === undefined || raw === null) {
    if (required) problems.push({ path: path.slice(0, -1), message: `\`${key}\` is required` });
    return '';
  }
  if (typeof raw !== 'string' || raw.trim() === '') {
    problems.push({ path, message: `\`${key}\` is a non-empty text` });
    return '';
  }
  if (raw.length > limit) problems.push({ path, message: `\`${key}\` has ${raw.length} characters, more than ${limit}` });
  return raw.trim();
}

function readArray(raw: unknown, path: PackPath, key: string, problems: ConditionProblem[]): unknown[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push({ path, message: `\`${key}\` is a list` });
    return [];
  }
  return raw;
}

function readList(raw: unknown, path: PackPath, key: string, problems: ConditionProblem[]): string[] {
  return readArray(raw, path, key, problems).map((item, index) => {
    if (typeof item === 'string' && item.length <= PACK_LIMITS.text) return item;
    problems.push({ path: [...path, index], message: `each of \`${key}\` is a short text` });
    return '';
  });
}

function readReferences(raw: unknown, path: PackPath, problems: ConditionProblem[]): string[] {
  const refs = readList(raw, path, 'refs', problems);
  refs.forEach((ref, index) => {
    if (ref && !isReference(ref)) problems.push({ path: [...path, index], message: `\`${ref}\` is not a reference: write ${REFERENCE_FORMS_TEXT}` });
  });
  return refs;
}

/** The line of the deepest node on `path` that the document has. */
function lineAt(document: Document, lineCounter: LineCounter, path: PackPath): number {
  for (let length = path.length; length >= 0; length--) {
    const node: unknown = document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
