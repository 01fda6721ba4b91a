// Escaping for the terminal and CI logs (text output of `tm check` and `tm diff`, every line on
// stderr): a model string or a file name is untrusted, and raw it could move the cursor and
// erase lines (ESC sequences), reorder what is shown (bidi controls), forge a line of its own
// (a newline), or be run by a CI runner as a workflow command (`::error …` at the start of a
// line on GitHub Actions, `##[…]` anywhere). Each such character is shown as a visible escape.

/** C0 controls (newline and tab too: a field is one line), DEL, C1 controls, bidi controls, line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One field of a line of text output (a path, a message, a name): the same visible text, nothing a terminal or a runner acts on. */
export function escapeTerminal(field: string): string {
  return field
    .replace(UNSAFE, character => {
      const code = character.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    })
    .replace(/^(\s*):(?=:)/, '$1\\x3a')
    .replace(/##\[/g, '#\\x23[');
}
