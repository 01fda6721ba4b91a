// Plain text for a terminal or a log (`tm check`, `tm diff` text output): one finding per line,
// whatever a message quotes from the model, so tools can split the output on lines.

/** Line breaks, with the spaces around them, become one space; the ends are trimmed. */
export function escapeTerminal(text: string): string {
  // Nearly every message is one line already, and the regex tries a match at each space.
  if (!text.includes('\n') && !text.includes('\r')) return text.trim();
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
