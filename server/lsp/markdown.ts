// Markdown shared by hovers and completion documentation. Model text (names, labels, titles)
// is escaped before it reaches Markdown, so a label cannot inject links, HTML or formatting.
import type { StrideLetter } from '../domain/stride.js';
import { STRIDE_INFO } from '../domain/stride.js';
import { parseReference } from '../domain/references.js';

const HTML_ENTITIES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/** Entity-encodes HTML's `<`, `>`, `&` and backslash-escapes what Markdown reads as syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|~<>&"]/g, character => HTML_ENTITIES[character] ?? `\\${character}`);
}

/**
 * A declaration's own words: its description, then its references, each linked to the page
 * that explains it (docs/language.md §3). A reference tm does not know stays plain text.
 */
export function aboutMarkdown(node: { description?: string[]; refs?: string[] }): string[] {
  const lines: string[] = [];
  const description = node.description?.[0];
  if (description !== undefined && description.trim() !== '') lines.push('', escapeMarkdown(description));
  if (node.refs && node.refs.length > 0) lines.push('', `References: ${node.refs.map(referenceLink).join(', ')}`);
  return lines;
}

/** `[CWE-89](https://cwe.mitre.org/…)`; the URL percent-encodes what would end a Markdown link. */
function referenceLink(text: string): string {
  const parsed = parseReference(text);
  if (!parsed?.url) return escapeMarkdown(text);
  const url = parsed.url.replace(/[()[\]<>"'\\` ]/g, character => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${escapeMarkdown(text)}](${url})`;
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
