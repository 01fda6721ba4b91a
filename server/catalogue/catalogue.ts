// A repository's catalogue (docs/catalogue.md, Team packs): the default pack at the version the
// repository pins, with the entries of its team packs added, overriding default entries by id or
// extending them under ids of their own. Pure: the files are read by repository-packs.ts.
import type { ConditionProblem, PackPath } from './conditions.js';
import { defaultPackAt, defaultPackVersion, defaultRecordsAt, pinProblem } from './default-pack.js';
import type { CatalogueEntry, CataloguePack, PackFile, PackProblem, PackRecord } from './pack.js';
import { compileEntry } from './pack.js';

export interface Catalogue {
  pack: CataloguePack;
  /** The version of the default pack in it, `none` when a team pack turns it off. */
  defaultVersion: string;
  /** Every problem of the team pack files, by file and line (their own shape's first). */
  problems: readonly PackProblem[];
}

/** The prefix of the default pack's ids: a team's own entries take another, so no future default entry can collide with one. */
export const DEFAULT_PREFIX = 'tm:';

/** The default pack's version a set of team pack files pins, and the problems of their pins. */
export function pinnedVersion(files: readonly PackFile[]): { version: string; problems: PackProblem[] } {
  const problems: PackProblem[] = [];
  let pin: { value: string; source: string; line: number } | undefined;
  for (const file of files) {
    if (!file.defaultPack) continue;
    const { value, line } = file.defaultPack;
    if (pin && pin.value !== value) {
      problems.push({ source: file.source, line, message: `the default pack is already pinned to ${pin.value} in ${pin.source} (line ${pin.line}); pin it in one file` });
      continue;
    }
    if (pin) continue;
    const problem = value === 'none' ? undefined : pinProblem(value);
    if (problem) problems.push({ source: file.source, line, message: problem });
    else pin = { value, source: file.source, line };
  }
  return { version: pin?.value ?? defaultPackVersion(), problems };
}

/** One entry as the catalogue resolves it: the merged fields, and the record that wrote the last of them. */
interface Resolved {
  data: Readonly<Record<string, unknown>>;
  /** The team record that overrides or defines the entry; undefined for a default entry left as it is. */
  writer?: PackRecord;
  /** The id of the entry whose fields it inherits, if any. */
  base?: { relation: 'override' | 'extends'; id: string };
}

/** The catalogue of a repository whose `.tm/catalogue/` holds `files` (in file-name order). */
export function assembleCatalogue(files: readonly PackFile[]): Catalogue {
  const { version, problems: pinProblems } = pinnedVersion(files);
  const problems: PackProblem[] = [...files.flatMap(file => file.problems), ...pinProblems];
  const problem = (record: PackRecord, path: PackPath, message: string) => problems.push({ source: record.source, line: record.lineOf(path), message });
  const base = version === 'none' ? undefined : defaultPackAt(version);

  // Each id is defined once (by the default pack, a team entry, or a team entry that extends another) and overridden at most once.
  const defaults = new Map<string, PackRecord>((version === 'none' ? [] : defaultRecordsAt(version)).map(record => [record.data.id as string, record]));
  const defined = new Map<string, PackRecord>();
  const overrides = new Map<string, PackRecord>();
  for (const record of files.flatMap(file => file.records)) {
    const relation = relationOf(record, (path, message) => problem(record, path, message));
    if (!relation) continue;
    if (relation.kind === 'override') {
      const earlier = overrides.get(relation.id);
      if (earlier) problem(record, [...record.path, 'override'], `\`${relation.id}\` is already overridden by the entry on line ${earlier.line} of ${earlier.source}; merge the two overrides`);
      else overrides.set(relation.id, record);
      continue;
    }
    const earlier = defined.get(relation.id);
    if (relation.id.startsWith(DEFAULT_PREFIX)) {
      problem(record, [...record.path, 'id'], `ids starting with \`${DEFAULT_PREFIX}\` belong to the default pack: give your entry your own prefix (\`acme:…\`), or write \`override: ${relation.id}\` to change the default entry`);
    } else if (earlier) {
      problem(record, [...record.path, 'id'], `the id \`${relation.id}\` is already used by the entry on line ${earlier.line} of ${earlier.source}`);
    } else {
      defined.set(relation.id, record);
    }
  }

  const resolved = new Map<string, Resolved | undefined>();
  const resolving: string[] = [];
  /** The entry `id` with everything it inherits, or undefined when it is unknown or in a cycle (reported). */
  const resolve = (id: string): Resolved | undefined => {
    if (resolved.has(id)) return resolved.get(id);
    const cycleStart = resolving.indexOf(id);
    if (cycleStart >= 0) {
      const cycle = [...resolving.slice(cycleStart), id];
      for (const member of cycle.slice(0, -1)) {
        const record = defined.get(member)!;
        problem(record, [...record.path, 'extends'], `\`extends\` makes a cycle: ${cycle.join(' → ')}; an entry cannot inherit from itself`);
        resolved.set(member, undefined);
      }
      return undefined;
    }
    resolving.push(id);
    let entry: Resolved | undefined;
    const own = defined.get(id);
    if (own) {
      const parent = typeof own.data.extends === 'string' ? own.data.extends : undefined;
      if (parent === undefined) entry = { data: own.data, writer: own };
      else {
        const inherited = resolve(parent);
        if (inherited) entry = { data: { ...inherited.data, ...own.data, id }, writer: own, base: { relation: 'extends', id: parent } };
        else if (!resolved.has(id) && !defined.has(parent) && !defaults.has(parent)) problem(own, [...own.path, 'extends'], unknownEntry(parent, version));
      }
    } else if (defaults.has(id)) {
      entry = { data: defaults.get(id)!.data };
    }
    resolving.pop();
    if (resolved.has(id)) return resolved.get(id);
    const override = overrides.get(id);
    if (entry && override) entry = { data: { ...entry.data, ...override.data, id }, writer: override, base: { relation: 'override', id } };
    resolved.set(id, entry);
    return entry;
  };

  for (const [id, record] of overrides) if (!defined.has(id) && !defaults.has(id)) problem(record, [...record.path, 'override'], unknownEntry(id, version));

  const entries: CatalogueEntry[] = [];
  const byId = new Map<string, CatalogueEntry>();
  for (const id of [...defaults.keys(), ...defined.keys()]) {
    const entry = resolve(id);
    if (!entry) continue;
    const compiled = entry.writer ? compileResolved(id, entry, problems) : base!.byId.get(id);
    if (!compiled) continue;
    byId.set(id, compiled);
    if (!compiled.disabled) entries.push(compiled);
  }
  return { pack: { source: '.tm/catalogue', version, entries, byId }, defaultVersion: version, problems };
}

type Relation = { kind: 'override' | 'define'; id: string };

/** What a team record does: override an entry by id, or define one (possibly extending another). Undefined with a problem when it is malformed. */
function relationOf(record: PackRecord, problem: (path: PackPath, message: string) => void): Relation | undefined {
  const { override, extends: parent, id, disabled } = record.data;
  const at = (key: string): PackPath => [...record.path, key];
  if (override !== undefined && parent !== undefined) {
    problem(at('extends'), 'an entry either overrides another (`override: <id>`, keeping its id) or extends one (`extends: <id>`, with an `id` of its own), not both');
    return undefined;
  }
  if (disabled !== undefined && (override === undefined || typeof disabled !== 'boolean')) {
    problem(at('disabled'), '`disabled: true` goes with `override: <id>`: it turns off an entry of the default pack or of another team pack');
    return undefined;
  }
  for (const [key, value] of [['override', override], ['extends', parent]] as const) {
    if (value !== undefined && typeof value !== 'string') {
      problem(at(key), `\`${key}\` is the id of another entry, such as \`tm:sql-injection\``);
      return undefined;
    }
  }
  if (typeof override === 'string') {
    if (id !== undefined && id !== override) {
      problem(at('id'), `an override keeps the id of the entry it overrides (\`${override}\`): remove \`id\`, or write \`extends: ${override}\` to make an entry of your own`);
      return undefined;
    }
    return { kind: 'override', id: override };
  }
  if (typeof id !== 'string') {
    problem(record.path, '`id` is required');
    return undefined;
  }
  return { kind: 'define', id };
}

/**
 * Compiles a merged entry. A problem in a field the writer wrote is at that field; one in a field
 * it inherited is at its `override` or `extends`, saying where the field comes from.
 */
function compileResolved(id: string, entry: Resolved, problems: PackProblem[]): CatalogueEntry | undefined {
  const writer = entry.writer!;
  const entryProblems: ConditionProblem[] = [];
  const compiled = compileEntry(writer, entryProblems, entry.data);
  for (const { path, message } of entryProblems) {
    const field = path[writer.path.length];
    const own = field === undefined || field in writer.data;
    const relation = entry.base?.relation === 'override' ? 'override' : 'extends';
    problems.push({
      source: writer.source,
      line: writer.lineOf(own ? path : [...writer.path, relation]),
      message: own ? message : `${message} (in \`${String(field)}\`, inherited from \`${entry.base!.id}\`)`,
    });
  }
  if (!compiled || entryProblems.length > 0) return undefined;
  return { ...compiled, id, base: entry.base, disabled: writer.data.disabled === true || undefined };
}

function unknownEntry(id: string, version: string): string {
  const where = version === 'none' ? 'the team packs (the default pack is off: `default-pack: none`)' : `the default pack ${version} or the team packs`;
  return `no entry \`${id}\` in ${where}: fix the id (\`tm catalogue list\` shows them)`;
}
