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
  applies: Condition;
  /** The trigger in words, with `{name}`, `{source}`, `{target}` and `{fact}` placeholders. */
  because: string;
  mitigations: readonly CatalogueMitigation[];
  examples: readonly CatalogueExample[];
  /** 1-based line of the entry in its pack. */
  line: number;
}

export interface CataloguePack {
  source: string;
  version: string | undefined;
  entries: readonly CatalogueEntry[];
  byId: ReadonlyMap<string, CatalogueEntry>;
}

export interface PackProblem {
  source: string;
  /** 1-based. */
  line: number;
  message: string;
}

export const ENTRY_ID = /^[a-z][a-z0-9]*:[a-z0-9]+(-[a-z0-9]+)*$/;
const TARGETS: readonly FactTarget[] = ['flow', 'process', 'store', 'external'];
/** The letters that can apply to each kind of target (docs/language.md §5; R on a store only when it is a log). */
const LETTERS_ON: Readonly<Record<FactTarget, readonly string[]>> = {
  flow: ['T', 'I', 'D'], process: ['S', 'T', 'R', 'I', 'D', 'E'], store: ['T', 'R', 'I', 'D'], external: ['S', 'R'],
};
const ENTRY_KEYS = new Set(['id', 'title', 'stride', 'description', 'refs', 'on', 'when', 'because', 'mitigations', 'examples']);
const PLACEHOLDER = /\{([^{}]*)\}/g;
const NAME_PLACEHOLDERS = new Set(['name', 'source', 'target']);

/** A pack's references take the forms a model's `refs` take (docs/language.md §3). */
export function isReference(text: string): boolean {
  return parseReference(text) !== undefined;
}

/** Reads a pack; `problems` says what is wrong and where, and the pack holds every sound entry. */
export function loadPack(text: string, source: string): { pack: CataloguePack; problems: PackProblem[] } {
  const problems: PackProblem[] = [];
  const empty = (): { pack: CataloguePack; problems: PackProblem[] } => ({ pack: { source, version: undefined, entries: [], byId: new Map() }, problems });
  if (text.length > PACK_LIMITS.size) {
    problems.push({ source, line: 1, message: `the pack has ${text.length} characters, more than the ${PACK_LIMITS.size} a pack may have` });
    return empty();
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  for (const error of document.errors) problems.push({ source, line: lineCounter.linePos(error.pos[0]).line, message: error.message.split('\n')[0] });
  if (document.errors.length > 0) return empty();
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: PACK_LIMITS.aliases });
  } catch (error) {
    problems.push({ source, line: 1, message: (error as Error).message });
    return empty();
  }
  const read = packFromData(data, source, path => lineAt(document, lineCounter, path));
  return { pack: read.pack, problems: [...problems, ...read.problems] };
}

/** A pack from data already parsed (the default pack, read at build time); `lineOf` places problems. */
export function packFromData(data: unknown, source: string, lineOf: (path: PackPath) => number = () => 1): { pack: CataloguePack; problems: PackProblem[] } {
  const problems: PackProblem[] = [];
  const empty = (): { pack: CataloguePack; problems: PackProblem[] } => ({ pack: { source, version: undefined, entries: [], byId: new Map() }, problems });
  const problem = (path: PackPath, message: string) => problems.push({ source, line: lineOf(path), message });

  if (!isRecord(data)) {
    problem([], 'a pack is a map with `version` and `entries`');
    return empty();
  }
  for (const key of Object.keys(data)) if (key !== 'version' && key !== 'entries') problem([key], `unknown key \`${key}\` (a pack has \`version\` and \`entries\`)`);
  const version = typeof data.version === 'string' || typeof data.version === 'number' ? String(data.version) : undefined;
  if (data.version !== undefined && version === undefined) problem(['version'], '`version` is a text such as `2026.12.0`');
  const rawEntries = data.entries ?? [];
  if (!Array.isArray(rawEntries)) {
    problem(['entries'], '`entries` is a list');
    return empty();
  }
  if (rawEntries.length > PACK_LIMITS.entries) {
    problem(['entries'], `the pack has ${rawEntries.length} entries, more than the ${PACK_LIMITS.entries} a pack may have`);
    return empty();
  }
  const entries: CatalogueEntry[] = [];
  const byId = new Map<string, CatalogueEntry>();
  rawEntries.forEach((raw, index) => {
    const path = ['entries', index];
    const entryProblems: ConditionProblem[] = [];
    const entry = readEntry(raw, path, entryProblems, lineOf(path));
    if (entry && byId.has(entry.id)) entryProblems.push({ path: [...path, 'id'], message: `the id \`${entry.id}\` is already used by the entry on line ${byId.get(entry.id)!.line}` });
    for (const { path: at, message } of entryProblems) problem(at, message);
    if (entry && entryProblems.length === 0) {
      entries.push(entry);
      byId.set(entry.id, entry);
    }
  });
  return { pack: { source, version, entries, byId }, problems };
}

function readEntry(raw: unknown, path: PackPath, problems: ConditionProblem[], line: number): CatalogueEntry | undefined {
  if (!isRecord(raw)) {
    problems.push({ path, message: 'an entry is a map with `id`, `title`, `stride`, `on`, `when` and `because`' });
    return undefined;
  }
  const at = (key: string | number, ...more: Array<string | number>): PackPath => [...path, key, ...more];
  for (const key of Object.keys(raw)) if (!ENTRY_KEYS.has(key)) problems.push({ path: at(key), message: `unknown key \`${key}\` (an entry has ${[...ENTRY_KEYS].join(', ')})` });
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
    applies,
    because,
    mitigations,
    examples,
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
