// Text edits that quick-fixes share: adding fields to a declaration's block, removing a
// statement, appending declarations.
import type { AstNode, LangiumDocument } from 'langium';
import { GrammarUtils } from 'langium';
import type { TextEdit } from 'vscode-languageserver';

const INDENT = '  ';

/**
 * Adds field lines to a declaration's `{ … }` block, creating the block when there is none.
 * One field joins a one-line block on its line (`{ kind user  exempt S "…" }`); several fields
 * or a multi-line block get a line each, indented one level deeper than the declaration.
 * Undefined when the block is half-typed (no closing brace).
 */
export function addToBlock(document: LangiumDocument, node: AstNode, fields: readonly string[]): TextEdit | undefined {
  const cst = node.$cstNode;
  if (!cst || fields.length === 0) return undefined;
  const text = document.textDocument;
  const indent = lineIndent(document, cst.range.start.line);
  const open = GrammarUtils.findNodeForKeyword(cst, '{');
  const close = GrammarUtils.findNodesForKeyword(cst, '}').at(-1);
  const blockLines = fields.map(field => `${indent}${INDENT}${field}\n`).join('');
  if (!open) {
    const newText = fields.length === 1 ? ` { ${fields[0]} }` : ` {\n${blockLines}${indent}}`;
    return { range: { start: cst.range.end, end: cst.range.end }, newText };
  }
  if (!close) return undefined;
  const oneLine = open.range.start.line === close.range.start.line;
  const inner = text.getText().substring(open.end, close.offset).trim();
  if (oneLine && fields.length === 1) {
    const start = inner === '' ? open.range.end : close.range.start;
    return { range: { start, end: close.range.start }, newText: ` ${fields[0]} ` };
  }
  if (oneLine) {
    const existing = inner === '' ? '' : `${indent}${INDENT}${inner}\n`;
    return { range: { start: open.range.end, end: close.range.end }, newText: `\n${existing}${blockLines}${indent}}` };
  }
  const closeLine = text.getText({ start: { line: close.range.start.line, character: 0 }, end: close.range.start });
  if (closeLine.trim() === '') {
    return { range: { start: { line: close.range.start.line, character: 0 }, end: { line: close.range.start.line, character: 0 } }, newText: blockLines };
  }
  // `holds pii }`: the fields go on lines of their own, and no space is left at the end of that line.
  const before = text.getText().substring(0, close.offset);
  const start = text.positionAt(before.trimEnd().length);
  return { range: { start, end: close.range.start }, newText: `\n${blockLines}${indent}` };
}

/** The whitespace a line starts with. */
export function lineIndent(document: LangiumDocument, line: number): string {
  const text = document.textDocument.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return /^[ \t]*/.exec(text)?.[0] ?? '';
}

/** The edit that deletes a statement: its whole line when nothing but blanks or a comment share it. */
export function statementRemoval(document: LangiumDocument, statement: AstNode): TextEdit | undefined {
  const cst = statement.$cstNode;
  if (!cst) return undefined;
  const text = document.textDocument.getText();
  const lineStart = text.lastIndexOf('\n', cst.offset - 1) + 1;
  const newline = text.indexOf('\n', cst.end);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  const alone = text.substring(lineStart, cst.offset).trim() === '' && /^\s*(\/\/.*)?$/.test(text.substring(cst.end, newline < 0 ? text.length : newline));
  const [from, to] = alone ? [lineStart, lineEnd] : [cst.offset, cst.end];
  return { range: { start: document.textDocument.positionAt(from), end: document.textDocument.positionAt(to) }, newText: '' };
}
