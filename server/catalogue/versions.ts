// Versions of the default pack (docs/catalogue.md, Pinning): an entry of the default pack says in
// which version it appeared (`since`) and in which it was replaced or removed (`until`), so that
// the default pack of any earlier version can be selected exactly, and a repository that pins one
// keeps the CI result it had whatever the installed tm ships now.
import type { PackFile, PackProblem, PackRecord } from './pack.js';

/** `2026.12.0` → [2026, 12, 0]; undefined for anything else. */
export function parseVersion(text: string): number[] | undefined {
  if (!/^\d{1,9}(\.\d{1,9}){0,3}$/.test(text)) return undefined;
  return text.split('.').map(Number);
}

/** Orders versions component by component, a missing component counting as 0 (`2026.12` = `2026.12.0`). */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

interface Span {
  since?: number[];
  until?: number[];
}

function spanOf(record: PackRecord): Span {
  const read = (key: 'since' | 'until') => {
    const raw = versionText(record.data[key]);
    return raw === undefined ? undefined : parseVersion(raw);
  };
  return { since: read('since'), until: read('until') };
}

/** Whether the record is part of the default pack as it was at `version`: `since` ≤ version < `until`. */
export function isInVersion(record: PackRecord, version: readonly number[]): boolean {
  const { since, until } = spanOf(record);
  return (since === undefined || compareVersions(since, version) <= 0) && (until === undefined || compareVersions(version, until) < 0);
}

/**
 * What is wrong with the versions of a default pack file: a `since` or `until` that is not a
 * version, an entry that ends before it starts or starts after the pack's own version, and two
 * entries with one id whose versions overlap (a pinned version would have both).
 */
export function versionProblems(file: PackFile): PackProblem[] {
  const problems: PackProblem[] = [];
  const problem = (record: PackRecord, key: string, message: string) => problems.push({ source: file.source, line: record.lineOf([...record.path, key]), message });
  const current = file.version === undefined ? undefined : parseVersion(file.version);
  if (current === undefined) problems.push({ source: file.source, line: 1, message: 'the default pack has a `version` such as `2026.12.0`' });
  const spans = new Map<PackRecord, Span>();
  for (const record of file.records) {
    for (const key of ['since', 'until'] as const) {
      const raw = record.data[key];
      const text = versionText(raw);
      if (raw !== undefined && (text === undefined || parseVersion(text) === undefined)) problem(record, key, `\`${key}\` is a version such as \`2026.12.0\`${text === undefined ? '' : `, not \`${text}\``}`);
    }
    const span = spanOf(record);
    spans.set(record, span);
    if (span.since && span.until && compareVersions(span.since, span.until) >= 0) problem(record, 'until', '`until` is a version after `since`');
    if (span.since && current && compareVersions(span.since, current) > 0) problem(record, 'since', `\`since\` is after the pack's own version ${file.version}`);
  }
  const byId = new Map<string, PackRecord[]>();
  for (const record of file.records) {
    const id = record.data.id;
    if (typeof id !== 'string') continue;
    for (const other of byId.get(id) ?? []) {
      if (overlap(spans.get(other)!, spans.get(record)!)) problem(record, 'id', `the id \`${id}\` is already used by the entry on line ${other.line} in the same versions: give one of them \`until\` and the other \`since\``);
    }
    byId.set(id, [...byId.get(id) ?? [], record]);
  }
  return problems;
}

/** A version is a text: YAML reads `2027.10` as the number 2027.1, so a number is refused rather than misread. */
function versionText(raw: unknown): string | undefined {
  return typeof raw === 'string' ? raw : undefined;
}

function overlap(a: Span, b: Span): boolean {
  const startsBeforeEnd = (start: number[] | undefined, end: number[] | undefined) => start === undefined || end === undefined || compareVersions(start, end) < 0;
  return startsBeforeEnd(a.since, b.until) && startsBeforeEnd(b.since, a.until);
}
