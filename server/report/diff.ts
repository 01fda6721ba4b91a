// The semantic diff of two versions of a model, for review: what changed in the threats, the
// coverage and the boundary crossings, not in the text. Built on two reports, so every value
// it compares is the one the report shows.
import type { ModelAnalysis } from '../domain/analysis.js';
import type { ControlName } from '../domain/fields.js';
import { CONTROL_NAMES } from '../domain/fields.js';
import type { StrideLetter } from '../domain/stride.js';
import type { Reference, Report, ReportControl, ReportCoverage, ReportFlow, ReportOptions, ReportThreat } from './build-report.js';
import { buildReport, defaultReportOptions } from './build-report.js';

/**
 * How an old threat was found in the new version, tried in this order:
 * `name`: the same identifier; `targets-and-letters`: renamed, with exactly the same targets
 * and letters; `title`: renamed, with the same title (case and spacing ignored).
 */
export type ThreatMatch = 'name' | 'targets-and-letters' | 'title';

export interface ThreatChange {
  before: ReportThreat;
  after: ReportThreat;
  match: ThreatMatch;
  renamed: boolean;
  retitled: boolean;
  score?: { from?: number; to?: number };
  status?: { from: ReportThreat['status']; to: ReportThreat['status'] };
  targetsChanged: boolean;
  lettersChanged: boolean;
}

export interface CoverageChange extends Reference {
  kind: ReportCoverage['kind'];
  letters: StrideLetter[];
}

export interface ControlChange extends Reference {
  control: ControlName;
  from?: ReportControl;
  to: ReportControl;
}

export interface ModelDiff {
  added: ReportThreat[];
  removed: ReportThreat[];
  /** Matched threats with at least one change (a rename counts). */
  changed: ThreatChange[];
  newlyUncovered: CoverageChange[];
  newlyCovered: CoverageChange[];
  /** Flows that cross a boundary now and did not before (or did not exist). */
  newCrossings: ReportFlow[];
  /** Controls of crossing flows whose state or text differs from before. */
  controlChanges: ControlChange[];
}

export function diffModels(before: ModelAnalysis, after: ModelAnalysis, options: ReportOptions = defaultReportOptions()): ModelDiff {
  return diffReports(buildReport(before, options), buildReport(after, options));
}

export function diffReports(before: Report, after: Report): ModelDiff {
  const { pairs, added, removed } = matchThreats(before.threats, after.threats);
  return {
    added,
    removed,
    changed: pairs.map(([old, now, match]) => threatChange(old, now, match)).filter(hasChange),
    ...coverageChanges(before.coverage, after.coverage),
    ...crossingChanges(before.flows, after.flows),
  };
}

function matchThreats(before: readonly ReportThreat[], after: readonly ReportThreat[]) {
  const pairs: Array<[ReportThreat, ReportThreat, ThreatMatch]> = [];
  const unmatchedOld = [...before];
  const unmatchedNew = [...after];
  const pairUp = (match: ThreatMatch, same: (old: ReportThreat, now: ReportThreat) => boolean) => {
    for (const old of [...unmatchedOld]) {
      const index = unmatchedNew.findIndex(now => same(old, now));
      if (index < 0) continue;
      pairs.push([old, unmatchedNew[index], match]);
      unmatchedNew.splice(index, 1);
      unmatchedOld.splice(unmatchedOld.indexOf(old), 1);
    }
  };
  pairUp('name', (old, now) => old.name === now.name);
  pairUp('targets-and-letters', (old, now) => old.targets.length > 0 && sameSet(targetNames(old), targetNames(now)) && sameSet(old.letters, now.letters));
  pairUp('title', (old, now) => normalizedTitle(old) === normalizedTitle(now));
  return { pairs, added: unmatchedNew, removed: unmatchedOld };
}

function threatChange(before: ReportThreat, after: ReportThreat, match: ThreatMatch): ThreatChange {
  return {
    before,
    after,
    match,
    renamed: before.name !== after.name,
    retitled: before.label !== after.label,
    ...(before.score !== after.score ? { score: { from: before.score, to: after.score } } : {}),
    ...(before.status !== after.status ? { status: { from: before.status, to: after.status } } : {}),
    targetsChanged: !sameSet(targetNames(before), targetNames(after)),
    lettersChanged: !sameSet(before.letters, after.letters),
  };
}

function hasChange(change: ThreatChange): boolean {
  return change.renamed || change.retitled || change.score !== undefined || change.status !== undefined || change.targetsChanged || change.lettersChanged;
}

/** Only letters the checks require count (elements always; flows per the coverage setting). */
function coverageChanges(before: readonly ReportCoverage[], after: readonly ReportCoverage[]) {
  const oldByName = new Map(before.map(entry => [entry.name, entry]));
  const required = (entry: ReportCoverage | undefined) => new Set(entry?.checked ? entry.uncovered : []);
  const newlyUncovered: CoverageChange[] = [];
  const newlyCovered: CoverageChange[] = [];
  for (const entry of after) {
    const old = oldByName.get(entry.name);
    const wasUncovered = required(old);
    const isUncovered = required(entry);
    const gained = entry.applicable.filter(letter => isUncovered.has(letter) && !wasUncovered.has(letter));
    const lost = entry.applicable.filter(letter => wasUncovered.has(letter) && entry.covered.includes(letter));
    const reference = { name: entry.name, label: entry.label, kind: entry.kind };
    if (gained.length > 0) newlyUncovered.push({ ...reference, letters: gained });
    if (lost.length > 0) newlyCovered.push({ ...reference, letters: lost });
  }
  return { newlyUncovered, newlyCovered };
}

function crossingChanges(before: readonly ReportFlow[], after: readonly ReportFlow[]) {
  const oldByName = new Map(before.map(flow => [flow.name, flow]));
  const newCrossings: ReportFlow[] = [];
  const controlChanges: ControlChange[] = [];
  for (const flow of after) {
    if (!flow.crossing) continue;
    const old = oldByName.get(flow.name);
    if (!old?.crossing) newCrossings.push(flow);
    for (const control of CONTROL_NAMES) {
      const from = old?.controls[control];
      const to = flow.controls[control];
      // A brand-new crossing lists its controls in full; only controls that existed can change.
      if (old && (from?.state !== to.state || from?.text !== to.text)) {
        controlChanges.push({ name: flow.name, label: flow.label, control, from, to });
      }
    }
  }
  return { newCrossings, controlChanges };
}

export type FailCondition = 'new-open-fix-now' | 'new-uncovered' | 'risk-up';
export const FAIL_CONDITIONS: readonly FailCondition[] = ['new-open-fix-now', 'new-uncovered', 'risk-up'];

/**
 * Why a PR gate fails, one line per finding, for the conditions asked for:
 * - `new-open-fix-now`: a threat is open-fix-now (score ≥ 6, status open or planned) in the
 *   new version and was not before: it was added, or its score or status changed into it;
 * - `new-uncovered`: a STRIDE letter the checks require is uncovered now and was not before
 *   (including on elements and flows that are new);
 * - `risk-up`: a threat present in both versions scores higher than before.
 */
export function gateFailures(diff: ModelDiff, conditions: readonly FailCondition[]): string[] {
  const failures: string[] = [];
  if (conditions.includes('new-open-fix-now')) {
    for (const threat of diff.added.filter(threat => threat.openFixNow)) failures.push(`new-open-fix-now: ${threat.name} is new, scores ${threat.score} and is ${threat.status}`);
    for (const change of diff.changed.filter(change => change.after.openFixNow && !change.before.openFixNow)) {
      failures.push(`new-open-fix-now: ${change.after.name} now scores ${change.after.score} and is ${change.after.status}`);
    }
  }
  if (conditions.includes('new-uncovered')) {
    for (const entry of diff.newlyUncovered) failures.push(`new-uncovered: ${entry.name} leaves ${entry.letters.join(', ')} uncovered`);
  }
  if (conditions.includes('risk-up')) {
    for (const change of diff.changed) {
      const { score } = change;
      if (score?.from !== undefined && score.to !== undefined && score.to > score.from) {
        failures.push(`risk-up: ${change.after.name} went from ${score.from} to ${score.to}`);
      }
    }
  }
  return failures;
}

export function isEmptyDiff(diff: ModelDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.newlyUncovered.length + diff.newlyCovered.length
    + diff.newCrossings.length + diff.controlChanges.length === 0;
}

function targetNames(threat: ReportThreat): string[] {
  return threat.targets.map(target => target.name);
}

function normalizedTitle(threat: ReportThreat): string {
  return threat.label.trim().replace(/\s+/g, ' ').toLowerCase();
}

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every(item => right.has(item));
}
