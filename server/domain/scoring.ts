// Score, bucket and status of a threat (docs/language.md §4 and §10).
import type { Acceptance, Decision, Level, Mitigation, Threat, ThreatSubject, Transfer } from '../language/generated/ast.js';
import { isAcceptance, isElimination, isMitigation, isTransfer } from '../language/generated/ast.js';
import { isFilled, isStub, mitigationStatus } from './fields.js';
import { parseIsoDate } from './review.js';

const LEVEL_ALIASES = { low: 1, medium: 2, high: 3 } as const;

/** 1, 2 or 3; undefined when missing or out of range. */
export function levelValue(level: Level | undefined): number | undefined {
  if (!level) return undefined;
  if (level.alias) return LEVEL_ALIASES[level.alias];
  return isLevelInRange(level) ? level.value : undefined;
}

export function isLevelInRange(level: Level): boolean {
  return level.alias !== undefined || (level.value !== undefined && Number.isInteger(level.value) && level.value >= 1 && level.value <= 3);
}

/** likelihood × impact, or undefined for an unscored threat. */
export function threatScore(threat: Threat): number | undefined {
  const likelihood = levelValue(threat.likelihood[0]);
  const impact = levelValue(threat.impact[0]);
  return likelihood !== undefined && impact !== undefined ? likelihood * impact : undefined;
}

export type Bucket = 'fix now' | 'fix soon' | 'watch';
export const BUCKETS: readonly Bucket[] = ['fix now', 'fix soon', 'watch'];

export function bucketOf(score: number): Bucket {
  if (score >= 6) return 'fix now';
  if (score >= 3) return 'fix soon';
  return 'watch';
}

export type ThreatStatus = 'open' | 'planned' | 'mitigated' | 'accepted' | 'transferred' | 'eliminated';

export function isCompleteAcceptance(acceptance: Acceptance): boolean {
  return isFilled(acceptance.reason) && isFilled(acceptance.by);
}

/** A decision that may lapse: an acceptance or a transfer, with its `ticket`, `date` and `until`. */
export type DatedDecision = Acceptance | Transfer;

export function isDatedDecision(decision: Decision): decision is DatedDecision {
  return isAcceptance(decision) || isTransfer(decision);
}

/**
 * Whether a decision has lapsed on `today` (`YYYY-MM-DD`): its `until` is a valid date and today
 * is a later day, in whole UTC days (docs/language.md §10). The `until` day itself still counts.
 */
export function isExpiredDecision(decision: Decision, today: string): boolean {
  if (!isDatedDecision(decision)) return false;
  const until = decision.until[0] === undefined ? undefined : parseIsoDate(decision.until[0]);
  const now = parseIsoDate(today);
  return until !== undefined && now !== undefined && now > until;
}

/**
 * Whether a decision counts on `today` when deriving status. Mitigations always do (a stubbed one
 * is a plan); an acceptance, transfer or elimination counts only when complete and free of stubs,
 * and an acceptance or transfer only until its `until` day.
 */
export function isEffectiveDecision(decision: Decision, today: string): boolean {
  if (isMitigation(decision)) return true;
  const parts = isAcceptance(decision) ? [decision.reason, decision.by]
    : isTransfer(decision) ? [decision.reason, decision.to]
      : [decision.what];
  return parts.every(part => isFilled(part) && !isStub(part)) && !isExpiredDecision(decision, today);
}

/** Whether any decision of the threat names its targets after `for` (docs/language.md §4). */
export function hasTargetedDecisions(threat: Threat): boolean {
  return threat.decisions.some(decision => decision.targets.length > 0);
}

/** Whether a decision is about `target`: one without `for` is about every target of its threat. */
export function decidesFor(decision: Decision, target: ThreatSubject): boolean {
  return decision.targets.length === 0 || decision.targets.some(reference => reference.ref === target);
}

/** The threat's resolved targets, each once, in the order written. */
export function threatSubjects(threat: Threat): ThreatSubject[] {
  return [...new Set(threat.targets.flatMap(reference => reference.ref ? [reference.ref] : []))];
}

export interface TargetStatus {
  target: ThreatSubject;
  status: ThreatStatus;
}

/** Each target of the threat with the status the decisions about it give it there. */
export function targetStatuses(threat: Threat, today: string): TargetStatus[] {
  return threatSubjects(threat).map(target => ({ target, status: statusOf(threat.decisions.filter(decision => decidesFor(decision, target)), today) }));
}

/** A threat's one status when its targets differ: the least decided one's (docs/language.md §4). */
const LEAST_DECIDED_FIRST: readonly ThreatStatus[] = ['open', 'planned', 'accepted', 'transferred', 'mitigated', 'eliminated'];

/**
 * Derived status on `today`, first match wins (docs/language.md §10). When decisions name their
 * targets, each target has its own status and the threat's is the least decided of them.
 */
export function threatStatus(threat: Threat, today: string): ThreatStatus {
  if (!hasTargetedDecisions(threat)) return statusOf(threat.decisions, today);
  const statuses = targetStatuses(threat, today).map(entry => entry.status);
  if (statuses.length === 0) return statusOf(threat.decisions.filter(decision => decision.targets.length === 0), today);
  return LEAST_DECIDED_FIRST.find(status => statuses.includes(status))!;
}

/** The targets still open or only planned, when decisions name targets: what `open-fix-now` names. */
export function undecidedTargets(threat: Threat, today: string): TargetStatus[] {
  if (!hasTargetedDecisions(threat)) return [];
  return targetStatuses(threat, today).filter(entry => entry.status === 'open' || entry.status === 'planned');
}

function statusOf(allDecisions: readonly Decision[], today: string): ThreatStatus {
  const decisions = allDecisions.filter(decision => isEffectiveDecision(decision, today));
  if (decisions.some(isElimination)) return 'eliminated';
  if (decisions.some(isTransfer)) return 'transferred';
  if (decisions.some(isAcceptance)) return 'accepted';
  const mitigations = decisions.filter(isMitigation);
  if (mitigations.length === 0) return 'open';
  return mitigations.every(isMitigationDone) ? 'mitigated' : 'planned';
}

/**
 * Done, written and not a stub: a stubbed mitigation is a plan whatever its status says
 * (docs/language.md §10), and so is a blank one, which says nothing about what was done.
 */
export function isMitigationDone(mitigation: Mitigation): boolean {
  return mitigationStatus(mitigation) === 'done' && isFilled(mitigation.text) && !isStub(mitigation.text);
}

/** What the threat tables of the preview and the reports show about a threat's risk. */
export interface ThreatFigures {
  likelihood?: number;
  impact?: number;
  score?: number;
  bucket?: Bucket;
  status: ThreatStatus;
}

export function threatFigures(threat: Threat, today: string): ThreatFigures {
  const score = threatScore(threat);
  return {
    likelihood: levelValue(threat.likelihood[0]),
    impact: levelValue(threat.impact[0]),
    score,
    bucket: score === undefined ? undefined : bucketOf(score),
    status: threatStatus(threat, today),
  };
}

/**
 * The ranking of threat tables: highest score first, unscored threats last, and among equal
 * scores the source order, so the file's author controls ties.
 */
export function rankThreats(threats: readonly Threat[]): Threat[] {
  return threats
    .map((threat, index) => ({ threat, index, score: threatScore(threat) ?? 0 }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(entry => entry.threat);
}

/** A fix-now threat that is still open or only planned: what keeps the model from done. */
export function isOpenFixNow(threat: Threat, today: string): boolean {
  const score = threatScore(threat);
  if (score === undefined || bucketOf(score) !== 'fix now') return false;
  const status = threatStatus(threat, today);
  return status === 'open' || status === 'planned';
}

const DECISION_NOUN = { Acceptance: 'acceptance', Transfer: 'transfer' } as const;

/** `acceptance` or `transfer`: how messages and hovers name a dated decision. */
export function decisionNoun(decision: DatedDecision): string {
  return DECISION_NOUN[decision.$type];
}

/** The dated decisions of a threat that have lapsed on `today`. */
export function expiredDecisions(threat: Threat, today: string): DatedDecision[] {
  return threat.decisions.filter((decision): decision is DatedDecision => isDatedDecision(decision) && isExpiredDecision(decision, today));
}

/**
 * The status with what decided it, as hovers show it (docs/language.md §8):
 * `accepted until 2027-05-01, ticket SEC-12`, or `open (acceptance expired: until 2026-05-01)`;
 * per target when decisions name targets (`Api: accepted, ticket SEC-12; Db: planned`), or at
 * the one target `at`.
 */
export function statusDetail(threat: Threat, today: string, at?: ThreatSubject): string {
  const statuses = targetStatuses(threat, today).filter(entry => at === undefined || entry.target === at);
  const byTarget = hasTargetedDecisions(threat)
    ? groupTargets(statuses.map(({ target, status }) => ({ target, text: decidedDetail(threat.decisions.filter(decision => decidesFor(decision, target)), status, today) })))
    : [];
  const detail = byTarget.length === 0 ? decidedDetail(threat.decisions, threatStatus(threat, today), today)
    : byTarget.length === 1 ? byTarget[0].text
      : byTarget.map(({ names, text }) => `${names.join(', ')}: ${text}`).join('; ');
  const expired = expiredDecisions(threat, today).map(decision => `${decisionNoun(decision)} expired: until ${decision.until[0]}`);
  return expired.length === 0 ? detail : `${detail} (${expired.join('; ')})`;
}

/**
 * Each target's status, grouped (`Api: accepted; Db, Queue: planned`), when decisions name targets
 * and the targets' statuses differ; undefined otherwise. The outline shows it after the status.
 */
export function statusByTarget(threat: Threat, today: string): string | undefined {
  if (!hasTargetedDecisions(threat)) return undefined;
  const groups = groupTargets(targetStatuses(threat, today).map(({ target, status }) => ({ target, text: status })));
  return groups.length > 1 ? groups.map(({ names, text }) => `${names.join(', ')}: ${text}`).join('; ') : undefined;
}

/** The status with the until and ticket of the acceptance or transfer that decided it. */
function decidedDetail(decisions: readonly Decision[], status: ThreatStatus, today: string): string {
  const decided = decisions.find((decision): decision is DatedDecision =>
    isDatedDecision(decision) && isEffectiveDecision(decision, today) && (status === 'accepted' ? isAcceptance(decision) : status === 'transferred' && isTransfer(decision)));
  const until = decided?.until[0];
  const ticket = decided?.ticket[0];
  return `${status}${until === undefined ? '' : ` until ${until}`}${ticket === undefined ? '' : `, ticket ${ticket}`}`;
}

/** Targets with the same text together, in the order of their first target. */
function groupTargets(entries: ReadonlyArray<{ target: ThreatSubject; text: string }>): Array<{ names: string[]; text: string }> {
  const groups = new Map<string, string[]>();
  for (const { target, text } of entries) groups.set(text, [...(groups.get(text) ?? []), target.name]);
  return [...groups].map(([text, names]) => ({ names, text }));
}
