// Markdown shared by hovers and completion documentation. Model text (names, labels, titles)
// is escaped before it reaches Markdown, so a label cannot inject links, HTML or formatting.
import type { StrideLetter } from '../domain/stride.js';
import { STRIDE_INFO } from '../domain/stride.js';

/** Backslash-escapes every character Markdown could read as syntax, and HTML's `<`, `>`, `&`. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|~<>&"]/g, character => `\\${character}`);
}

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
