// The one-line verdict of a model (docs/language.md §4): done when no fix-now threat is open or planned.
import type { ModelAnalysis } from './analysis.js';
import { isOpenFixNow } from './scoring.js';
import type { ModelSummary } from '../protocol.js';

export function summarize(analysis: ModelAnalysis): ModelSummary {
  const fixNowOpen = analysis.threats.filter(isOpenFixNow).length;
  return { fixNowOpen, done: fixNowOpen === 0, threats: analysis.threats.length };
}
