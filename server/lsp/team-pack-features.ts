// Completion and hover in a team pack (`.tm/catalogue/*.yaml`, docs/catalogue.md): the fields of
// a pack and of an entry, the facts a condition may name and their values, the ids an override
// or extension may name. Pure functions of the pack's text: the YAML is read line by line around
// the cursor (block style, and the flow maps `{ … }` conditions are often written in), so that a
// half-written pack, which does not parse, still gets help.
import type { CompletionItem, Hover } from 'vscode-languageserver-types';
import { CompletionItemKind, MarkupKind } from 'vscode-languageserver-types';
import { escapeMarkdown } from '../escape/markdown.js';
import type { FactSpec, FactTarget } from '../catalogue/facts.js';
import { ELEMENT_FACTS, factSpec, FLOW_FACTS } from '../catalogue/facts.js';
import type { CataloguePack } from '../catalogue/pack.js';
import { ENTRY_FIELDS, LETTERS_ON, PACK_FIELDS, RELATION_FIELDS, TARGETS } from '../catalogue/pack.js';

const CONDITION_FORMS: Readonly<Record<string, string>> = {
  all: 'Holds when every condition of the list holds.',
  any: 'Holds when at least one condition of the list holds.',
  not: 'Holds when the condition under it does not.',
};
const MITIGATION_FIELDS: Readonly<Record<string, string>> = {
  text: 'What to do, in one sentence.',
  refs: 'References for the mitigation (ASVS, CWE, …).',
};
const EXAMPLE_FIELDS: Readonly<Record<string, string>> = {
  model: 'A small `.tm` model, as a block (`model: |`).',
  suggests: 'The names of the elements and flows that must get the entry; no others may.',
};
const TEAM_ENTRY_FIELDS = { ...ENTRY_FIELDS, ...RELATION_FIELDS.team };

/** Where the cursor is in the pack's structure. */
interface Place {
  /** The keys from the top down to the map the cursor is in; `[]` for a list item. */
  path: string[];
  /** The key whose value the cursor is in, or undefined at a key. */
  valueKey?: string;
  /** The entry's `on`, when the cursor is inside an entry that says it. */
  on?: FactTarget;
}

interface Line {
  indent: number;
  /** Where the content starts, after any `- ` list markers. */
  contentIndent: number;
  dashes: number;
  key?: string;
}

function readLine(text: string): Line {
  const indent = /^ */.exec(text)![0].length;
  const dashed = /^((?:- +)*)/.exec(text.slice(indent))![1];
  const contentIndent = indent + dashed.length;
  const key = /^([\w.-]+)\s*:(\s|$)/.exec(text.slice(contentIndent))?.[1];
  return { indent, contentIndent, dashes: (dashed.match(/-/g) ?? []).length, key };
}

function placeAt(text: string, offset: number): Place & { lineStart: number } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const current = readLine(prefix);
  const lines = text.slice(0, lineStart).split('\n');
  const path: string[] = [];
  let threshold = current.contentIndent;
  if (current.dashes > 0) path.unshift('[]');
  // Inside the flow map of a condition (`when: { all: [ { proto|`): the line's key leads in.
  const flowKey = /[{[,]\s*([\w.-]*)$/.exec(prefix) ?? undefined;
  const flowValue = /([\w.-]+)\s*:\s*\[?[^{}[\]:]*$/.exec(prefix.slice(prefix.lastIndexOf('{') + 1));
  const inFlow = prefix.lastIndexOf('{') > prefix.lastIndexOf('}');
  if (current.key !== undefined && (!inFlow || prefix.indexOf(current.key) < prefix.indexOf('{'))) path.push(current.key);
  for (let index = lines.length - 1; index >= 0 && threshold > 0; index--) {
    const raw = lines[index];
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const line = readLine(raw);
    if (line.dashes > 0 && line.indent < threshold) {
      if (line.key !== undefined && line.contentIndent < threshold && raw.trimEnd().endsWith(':')) path.unshift(line.key);
      path.unshift('[]');
      threshold = line.indent;
    } else if (line.dashes === 0 && line.indent < threshold && line.key !== undefined) {
      path.unshift(line.key);
      threshold = line.indent;
    }
  }
  const place: Place & { lineStart: number } = { path, lineStart, on: entryOn(text, lineStart) };
  if (inFlow) {
    if (flowValue && !/[{,]\s*[\w.-]*$/.test(prefix)) place.valueKey = flowValue[1];
    else if (!flowKey) place.valueKey = current.key;
  } else if (current.key !== undefined) {
    place.valueKey = path.pop();
  }
  return place;
}

/** The `on:` of the entry around `lineStart`: the nearest one above up to the entry's `- ` (or below, before the next entry). */
function entryOn(text: string, lineStart: number): FactTarget | undefined {
  const entryStart = Math.max(text.lastIndexOf('\n  - ', lineStart), text.lastIndexOf('\n- ', lineStart));
  if (entryStart < 0) return undefined;
  const nextEntry = [text.indexOf('\n  - ', entryStart + 1), text.indexOf('\n- ', entryStart + 1)].filter(at => at >= 0);
  const block = text.slice(entryStart, nextEntry.length > 0 ? Math.min(...nextEntry) : undefined);
  const on = /\bon\s*:\s*(\w+)/.exec(block)?.[1];
  return (TARGETS as readonly string[]).includes(on ?? '') ? on as FactTarget : undefined;
}

function isInCondition(path: readonly string[]): boolean {
  return path.includes('when');
}

function factNames(on: FactTarget | undefined): Array<[string, FactSpec]> {
  if (on && on !== 'flow') return Object.entries(ELEMENT_FACTS);
  const ends = ['source', 'target'].flatMap(end => Object.entries(ELEMENT_FACTS).map(([name, spec]): [string, FactSpec] => [`${end}.${name}`, spec]));
  return [...Object.entries(FLOW_FACTS), ...ends];
}

function factSpecFor(fact: string, on: FactTarget | undefined): FactSpec | undefined {
  return on ? factSpec(on, fact) : factSpec('flow', fact) ?? ELEMENT_FACTS[fact];
}

/** The fields the map at `path` may have, with what each says. */
function fieldsAt(path: readonly string[]): Readonly<Record<string, string>> | undefined {
  const key = path.join('/');
  if (key === '') return PACK_FIELDS.team;
  if (key === 'entries/[]') return TEAM_ENTRY_FIELDS;
  if (key === 'entries/[]/mitigations/[]') return MITIGATION_FIELDS;
  if (key === 'entries/[]/examples/[]') return EXAMPLE_FIELDS;
  return undefined;
}

function item(label: string, kind: CompletionItemKind, documentation: string, insertText?: string): CompletionItem {
  return { label, kind, documentation: { kind: MarkupKind.Markdown, value: documentation }, ...(insertText ? { insertText } : {}) };
}

/** Completion at `offset` of a team pack's text; `catalogue` gives the ids an override or extension may name. */
export function teamPackCompletions(text: string, offset: number, catalogue: CataloguePack): CompletionItem[] {
  const place = placeAt(text, offset);
  if (place.valueKey !== undefined) return valueCompletions(place, catalogue);
  if (isInCondition(place.path)) {
    return [
      ...Object.entries(CONDITION_FORMS).map(([form, about]) => item(form, CompletionItemKind.Keyword, about, `${form}: `)),
      ...factNames(place.on).map(([fact, spec]) => item(fact, CompletionItemKind.Property, describeFact(fact, spec), `${fact}: `)),
    ];
  }
  const fields = fieldsAt(place.path);
  return fields ? Object.entries(fields).map(([field, about]) => item(field, CompletionItemKind.Field, about, `${field}: `)) : [];
}

function valueCompletions(place: Place, catalogue: CataloguePack): CompletionItem[] {
  const key = place.valueKey!;
  const words = (values: readonly string[], about = '') => values.map(value => item(value, CompletionItemKind.Value, about));
  if (isInCondition(place.path) && !(key in CONDITION_FORMS) && key !== 'when') {
    return words(factSpecFor(key, place.on)?.values ?? []);
  }
  switch (key) {
    case 'on': return words(TARGETS);
    case 'stride': return words(LETTERS_ON[place.on ?? 'process']);
    case 'disabled': return words(['true']);
    case 'default-pack': return words([catalogue.version ?? '', 'none'].filter(Boolean));
    case 'override':
    case 'extends':
      return [...catalogue.byId.values()].map(entry => item(entry.id, CompletionItemKind.Reference, `**${escapeMarkdown(entry.title)}** (on ${entry.on})`));
    default: return [];
  }
}

function describeFact(fact: string, spec: FactSpec): string {
  const values = spec.values ? `\n\n${spec.set ? 'A set; a predicate matches when it shares one of' : 'One of'}: ${spec.values.map(value => `\`${value}\``).join(', ')}` : '';
  return `**${fact}**: ${spec.summary}${values}`;
}

/** The hover at `offset`: a field, a fact or a condition form at a key, or an entry's id after `override`/`extends`. */
export function teamPackHover(text: string, offset: number, catalogue: CataloguePack): Hover | undefined {
  const before = /[\w.:-]*$/.exec(text.slice(0, offset))![0];
  const after = /^[\w.:-]*/.exec(text.slice(offset))![0];
  const word = (before + after).replace(/:$/, '');
  if (word === '') return undefined;
  const isKey = new RegExp(`^\\s*:`).test(text.slice(offset + after.length)) || after.endsWith(':');
  const place = placeAt(text, offset - before.length);
  const markdown = isKey ? keyHover(word.replace(/:$/, ''), place) : valueHover(word, catalogue);
  return markdown ? { contents: { kind: MarkupKind.Markdown, value: markdown } } : undefined;
}

function keyHover(key: string, place: Place): string | undefined {
  if (isInCondition(place.path)) {
    if (key in CONDITION_FORMS) return `**${key}**: ${CONDITION_FORMS[key]}`;
    const spec = factSpecFor(key, place.on);
    if (spec) return describeFact(key, spec);
  }
  const about = fieldsAt(place.path)?.[key] ?? (place.path.length <= 1 ? PACK_FIELDS.team[key] : undefined);
  return about ? `**${key}**: ${about}` : undefined;
}

function valueHover(word: string, catalogue: CataloguePack): string | undefined {
  const entry = catalogue.byId.get(word);
  if (!entry) return undefined;
  return [`**${escapeMarkdown(entry.title)}** (\`${entry.id}\`, on ${entry.on}, STRIDE ${entry.stride.join(', ')})`, ...(entry.description ? ['', escapeMarkdown(entry.description)] : [])].join('\n');
}
