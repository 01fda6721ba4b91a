// Characters as tm's lexer reads them, for the code that finds positions without chevrotain: the
// parser's fast path (fast-parser.ts) and the incremental re-parse (incremental-parsing.ts).

export const LF = 10;
export const CR = 13;

/** The grammar's hidden WS terminal is `\s+`. */
export const WHITESPACE = /\s/;

export function isLineBreak(char: number): boolean {
  return char === LF || char === CR;
}

/** Whether a line ends at `index`, as chevrotain counts lines: `\n`, `\r\n` (at its `\n`) or a lone `\r`. */
export function endsLine(text: string, index: number): boolean {
  const char = text.charCodeAt(index);
  return char === LF || (char === CR && text.charCodeAt(index + 1) !== LF);
}
