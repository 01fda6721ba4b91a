// The one-line verdict of a model on a day (docs/language.md §4): done when no fix-now threat is open or planned.
import type { ModelAnalysis } from './analysis.js';
import { isOpenFixNow } from './scoring.js';
import type { ModelSummary } from '../protocol.js';

export function summarize(analysis: ModelAnalysis, today: string): ModelSummary {
  const fixNowOpen = analysis.threats.filter(threat => isOpenFixNow(threat, today)).length;
  return { fixNowOpen, done: fixNowOpen === 0, threats: analysis.threats.length };
}
