// Escaping of model strings for each output format. Model text is untrusted: a label may hold
// `|`, backticks, `<script>` or quotes, and must come out as the same visible text.

/**
 * Inline Markdown (GitHub flavour), including table cells and list items: characters that
 * start markup anywhere (emphasis, code, links, HTML, tables, strikethrough, entities, math,
 * @-mentions) are backslash-escaped, and so is a leading one that would start a heading,
 * list or quote.
 */
export function escapeMarkdown(text: string | undefined): string {
  return oneLine(text)
    .replace(/[\\`*_[\]<>|~&$@]/g, character => `\\${character}`)
    .replace(/^([#+\-=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Text and attribute values in HTML. */
export function escapeHtml(text: string | undefined): string {
  return (text ?? '').replace(/[&<>"']/g, character => HTML_ENTITIES[character]);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' };

/**
 * Line breaks would end a table row or a list item: a report line stays one line. A string that
 * did not parse (a half-typed file) is missing from the model and shown empty.
 */
function oneLine(text: string | undefined): string {
  return (text ?? '').replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}
