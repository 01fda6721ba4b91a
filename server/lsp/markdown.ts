// Markdown shared by hovers and completion documentation. Model text (names, labels, titles)
// goes through server/escape/markdown.ts before it reaches Markdown.
import type { CatalogueEntry } from '../catalogue/pack.js';
import type { StrideLetter } from '../domain/stride.js';
import { STRIDE_INFO } from '../domain/stride.js';
import { parseReference } from '../domain/references.js';
import { escapeMarkdown } from '../escape/markdown.js';

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

/**
 * A catalogue entry explained (docs/catalogue.md): what the threat is, where the catalogue
 * suggests it, what mitigates it, and its references linked. A pack is data from a repository,
 * so its text is escaped like a model's.
 */
export function catalogueEntryMarkdown(entry: CatalogueEntry): string {
  const lines = [`**${escapeMarkdown(entry.id)} — ${escapeMarkdown(entry.title)}** (${entry.stride.join(', ')})`];
  if (entry.description) lines.push('', escapeMarkdown(entry.description));
  lines.push('', `*Suggested on a ${entry.on} when:* ${escapeMarkdown(entry.because)}`);
  if (entry.mitigations.length > 0) {
    lines.push('', '*Mitigations:*');
    for (const mitigation of entry.mitigations) {
      const refs = mitigation.refs.length > 0 ? ` (${mitigation.refs.map(referenceLink).join(', ')})` : '';
      lines.push(`- ${escapeMarkdown(mitigation.text)}${refs}`);
    }
  }
  if (entry.refs.length > 0) lines.push('', `References: ${entry.refs.map(referenceLink).join(', ')}`);
  if (entry.disabled) lines.push('', '*Turned off by a team pack: never suggested.*');
  lines.push('', `*From ${escapeMarkdown(entry.source)}, line ${entry.line}.*`);
  return lines.join('\n');
}
