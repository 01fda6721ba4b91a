// Score, bucket and status of a threat (docs/language.md §4 and §10).
import type { Acceptance, Decision, Level, Mitigation, Threat, Transfer } from '../language/generated/ast.js';
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

/** Derived status on `today`, first match wins (docs/language.md §10). */
export function threatStatus(threat: Threat, today: string): ThreatStatus {
  const decisions = threat.decisions.filter(decision => isEffectiveDecision(decision, today));
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
 * `accepted until 2027-05-01, ticket SEC-12`, or `open (acceptance expired: until 2026-05-01)`.
 */
export function statusDetail(threat: Threat, today: string): string {
  const status = threatStatus(threat, today);
  const decided = threat.decisions.find((decision): decision is DatedDecision =>
    isDatedDecision(decision) && isEffectiveDecision(decision, today) && (status === 'accepted' ? isAcceptance(decision) : status === 'transferred' && isTransfer(decision)));
  const until = decided?.until[0];
  const ticket = decided?.ticket[0];
  const detail = `${status}${until === undefined ? '' : ` until ${until}`}${ticket === undefined ? '' : `, ticket ${ticket}`}`;
  const expired = expiredDecisions(threat, today).map(decision => `${decisionNoun(decision)} expired: until ${decision.until[0]}`);
  return expired.length === 0 ? detail : `${detail} (${expired.join('; ')})`;
}
