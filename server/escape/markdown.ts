// Markdown (GitHub flavour, and the CommonMark of editor hovers): model text is untrusted — a
// label may hold `|`, backticks, `<script>` or brackets — and must come out as the same visible
// text, never as a link, HTML, formatting or a broken table.

import { showControls } from './terminal.js';

/**
 * Inline Markdown, including table cells and list items: characters that start markup anywhere
 * (emphasis, code, links, HTML, tables, strikethrough, entities, math, @-mentions) are
 * backslash-escaped, and so is a leading one that would start a heading, list or quote. Line
 * breaks would end a table row or a list item: the text stays one line; other control and bidi
 * characters are shown as escapes, as in the terminal. A string that did not
 * parse (a half-typed file) is missing from the model and shown empty.
 */
export function escapeMarkdown(text: string | undefined): string {
  return showControls(oneLine(text))
    .replace(/[\\`*_[\]<>|~&$@]/g, character => `\\${character}`)
    .replace(/^([#+\-=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

function oneLine(text: string | undefined): string {
  return (text ?? '').replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
}
