// Plain text for a terminal or a log (`tm check`, `tm diff` text output, SARIF messages, every
// line on stderr): one finding per line, whatever a message quotes from the model, so tools can
// split the output on lines. A model string or a file name is untrusted: raw, it could move the
// cursor and erase lines (escape sequences), reorder what is shown (bidi controls), forge a line
// of its own, or be run by a CI runner as a workflow command (`::error …` at the start of a line
// on GitHub Actions, `##[…]` anywhere). Each such character is shown as a visible escape.

/** C0 controls, DEL, C1 controls, bidi controls, line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Line breaks, with the spaces around them, become one space and the ends are trimmed; every
 * other control or bidi character becomes `\xNN` or `\uNNNN`, and a leading `::` or any `##[`
 * is escaped so that no runner takes the text for a command.
 */
export function escapeTerminal(text: string): string {
  // Nearly every message is one line already, and the regex tries a match at each space.
  const oneLine = text.includes('\n') || text.includes('\r') ? text.replace(/\s*[\r\n]+\s*/g, ' ').trim() : text.trim();
  return showControls(oneLine)
    .replace(/^:(?=:)/, '\\x3a')
    .replace(/##\[/g, '#\\x23[');
}

/**
 * Every control or bidi character as a visible escape (`\x1b`, `\u202e`), for every text format
 * a person reads (terminal, Markdown, Mermaid): raw, they move the cursor, erase lines or reorder
 * what is shown.
 */
export function showControls(text: string): string {
  return text.replace(UNSAFE, character => {
    const code = character.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
