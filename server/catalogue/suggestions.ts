// Which catalogue entries apply to which elements and flows, and are neither added (a threat
// naming the entry targets it) nor dismissed there (docs/catalogue.md). Pure; once per analysis.
import type { Flow, ThreatTarget } from '../language/generated/ast.js';
import type { ModelAnalysis } from '../domain/analysis.js';
import { isFilled } from '../domain/fields.js';
import { applicableLetters } from '../domain/stride.js';
import { outOfScopeReason } from '../domain/zones.js';
import type { FactValue, Facts } from './facts.js';
import { factReader, modelFacts } from './facts.js';
import type { CatalogueEntry, CataloguePack } from './pack.js';
import { ApplicabilityMemo } from './applicability.js';

export interface Suggestion {
  entry: CatalogueEntry;
  /** The entry's `because`, filled in with this element's or flow's names and facts. */
  trigger: string;
}

const cache = new WeakMap<ModelAnalysis, WeakMap<CataloguePack, ReadonlyMap<ThreatTarget, readonly Suggestion[]>>>();

/** Every element and flow with at least one open suggestion, in the pack's order of entries. */
export function suggestionsOf(analysis: ModelAnalysis, pack: CataloguePack): ReadonlyMap<ThreatTarget, readonly Suggestion[]> {
  let byPack = cache.get(analysis);
  if (!byPack) cache.set(analysis, byPack = new WeakMap());
  let suggestions = byPack.get(pack);
  if (!suggestions) byPack.set(pack, suggestions = computeSuggestions(analysis, pack));
  return suggestions;
}

function computeSuggestions(analysis: ModelAnalysis, pack: CataloguePack): ReadonlyMap<ThreatTarget, readonly Suggestion[]> {
  const result = new Map<ThreatTarget, Suggestion[]>();
  if (pack.entries.length === 0) return result;
  const memos = applicabilityMemos(pack);
  for (const [target, facts] of modelFacts(analysis)) {
    let settled: ReadonlySet<string> | undefined;
    for (const entry of memos[target.$type === 'Flow' ? 'flow' : facts.own.get('type') as CatalogueEntry['on']].applying(facts)) {
      if (settled === undefined) {
        // Out of scope: nothing is suggested there (asked only once something applies).
        if (outOfScopeReason(target) !== undefined) break;
        settled = settledEntries(analysis, target);
      }
      if (settled.has(entry.id) || isExempted(entry, target)) continue;
      let list = result.get(target);
      if (!list) result.set(target, list = []);
      list.push({ entry, trigger: describeTrigger(entry, target, facts) });
    }
  }
  return result;
}

/** Per pack, for as long as it is used (in the editor, from one keystroke to the next): one memo per kind of target. */
const memosByPack = new WeakMap<CataloguePack, Readonly<Record<CatalogueEntry['on'], ApplicabilityMemo>>>();

function applicabilityMemos(pack: CataloguePack): Readonly<Record<CatalogueEntry['on'], ApplicabilityMemo>> {
  let memos = memosByPack.get(pack);
  if (!memos) {
    const entriesOn = (on: CatalogueEntry['on']) => new ApplicabilityMemo(pack.entries.filter(entry => entry.on === on));
    memos = { flow: entriesOn('flow'), process: entriesOn('process'), store: entriesOn('store'), external: entriesOn('external') };
    memosByPack.set(pack, memos);
  }
  return memos;
}

const NOTHING_SETTLED: ReadonlySet<string> = new Set();

/** The ids of the entries a threat on `target` names, and those `target` dismisses. */
export function settledEntries(analysis: ModelAnalysis, target: ThreatTarget): ReadonlySet<string> {
  const threats = analysis.threatsOn(target);
  // Most elements and flows settle nothing: no set made for them.
  if (threats.length === 0 && target.dismissals.length === 0) return NOTHING_SETTLED;
  const ids = new Set<string>();
  for (const threat of threats) if (threat.catalogue[0] !== undefined) ids.add(threat.catalogue[0]);
  for (const dismissal of target.dismissals) ids.add(dismissal.entry);
  return ids;
}

/**
 * Whether the target exempts, with a reason, every letter of the entry that applies to it: the
 * author has already judged those letters not to apply here, so the entry has nothing to add.
 */
function isExempted(entry: CatalogueEntry, target: ThreatTarget): boolean {
  if (target.exemptions.length === 0) return false;
  const applicable = applicableLetters(target);
  const exempted = new Set(target.exemptions.filter(exemption => isFilled(exemption.reason)).flatMap(exemption => exemption.letters));
  const letters = entry.stride.filter(letter => applicable.includes(letter));
  return letters.length > 0 && letters.every(letter => exempted.has(letter));
}

type TriggerPart = string | ((target: ThreatTarget, facts: Facts) => string);

/** Each entry's `because` split once into its text and its placeholders' readers (kept as long as the entry is). */
const templates = new WeakMap<CatalogueEntry, readonly TriggerPart[]>();

function templateParts(entry: CatalogueEntry): readonly TriggerPart[] {
  let parts = templates.get(entry);
  if (!parts) {
    parts = entry.because.split(/\{([^{}]*)\}/).map((text, index): TriggerPart => {
      if (index % 2 === 0) return text;
      if (text === 'name') return target => target.name;
      if (text === 'source' || text === 'target') return target => (target as Flow)[text]?.ref?.name ?? '?';
      const read = factReader(entry.on, text);
      return (_, facts) => describeValue(read?.(facts));
    });
    templates.set(entry, parts);
  }
  return parts;
}

/** The entry's `because` for this element or flow: `{source} sends queries to {target}` → `Api sends queries to Orders`. */
export function describeTrigger(entry: CatalogueEntry, target: ThreatTarget, facts: Facts): string {
  let text = '';
  for (const part of templateParts(entry)) text += typeof part === 'string' ? part : part(target, facts);
  return text;
}

function describeValue(value: FactValue | undefined): string {
  if (value === undefined) return '?';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'string' ? value : value.join(', ');
}
