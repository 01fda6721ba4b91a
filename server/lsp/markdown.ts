// Markdown shared by hovers and completion documentation. Model text (names, labels, titles)
// goes through server/escape/markdown.ts before it reaches Markdown.
import type { StrideLetter } from '../domain/stride.js';
import { STRIDE_INFO } from '../domain/stride.js';

/** What a STRIDE letter means: the property it violates, an example and typical mitigations. */
export function strideLetterMarkdown(letter: StrideLetter): string {
  const info = STRIDE_INFO[letter];
  return [
    `**${letter} — ${info.threat}** (violates *${info.property}*)`,
    '',
    info.summary,
    '',
    `*Example:* ${info.example}`,
    '',
    `*Typical mitigations:* ${info.mitigations.join('; ')}.`,
  ].join('\n');
}
