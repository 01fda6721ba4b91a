// `.tm` source text: string literals and comments written by quick-fixes and `tm import`.
// Whatever a text holds, the result lexes as intended (docs/language.md §2).

/**
 * A `.tm` string literal: `\` and `"` are the only escapes; a string cannot span lines, so runs
 * of whitespace (line breaks included) become one space, and the ends are trimmed.
 */
export function tmString(text: string): string {
  return `"${text.replace(/\s+/g, ' ').trim().replace(/[\\"]/g, character => `\\${character}`)}"`;
}

/** One `//` comment line per line of text, so nothing in it can end the comment early. */
export function tmComment(text: string, indent = ''): string[] {
  return text.split(/\r\n|[\r\n\u2028\u2029]/).map(line => `${indent}// ${line}`.trimEnd());
}
