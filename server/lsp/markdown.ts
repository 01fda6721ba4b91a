// Markdown shared by hovers and completion documentation. Model text (names, labels, titles)
// is escaped before it reaches Markdown, so a label cannot inject links, HTML or formatting.
import type { StrideLetter } from '../domain/stride.js';
import { STRIDE_INFO } from '../domain/stride.js';

const HTML_ENTITIES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/** Entity-encodes HTML's `<`, `>`, `&` and backslash-escapes what Markdown reads as syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|~<>&"]/g, character => HTML_ENTITIES[character] ?? `\\${character}`);
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
