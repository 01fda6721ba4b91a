// Short plain-text labels that hovers, inlay hints, code lenses and the outline share, so the
// editor says the same thing everywhere.
import type { Threat } from '../language/generated/ast.js';
import type { Coverage } from '../domain/analysis.js';
import { bucketOf, threatScore } from '../domain/scoring.js';

/** `S ✓ T ✗ R ✗` over the applicable letters only. */
export function coverageMarks(coverage: Coverage): string {
  return coverage.applicable.map(letter => `${letter} ${coverage.covered.includes(letter) ? '✓' : '✗'}`).join(' ');
}

/** `9 · fix now`, or undefined for an unscored threat. */
export function scoreLabel(threat: Threat): string | undefined {
  const score = threatScore(threat);
  return score === undefined ? undefined : `${score} · ${bucketOf(score)}`;
}

/** `1 threat`, `2 threats` */
export function countLabel(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
