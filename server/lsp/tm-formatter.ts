// Document formatting. It rewrites only the whitespace between tokens, so it can never change
// the token sequence or drop a comment, and a gap holding anything else (a character the lexer
// rejected) is left alone. The layout the user chose is kept where the spec's own style uses
// both (one-line blocks, `likelihood 3  impact 3`); what is normalised:
// - lines inside a block are indented two spaces per level, whatever the editor's tab size;
// - every declaration and `import` starts on its own line (a boundary's members too), and a boundary with
//   members closes on its own line;
// - `{` sits on the line it opens (unless a line comment ends that line), one space inside one-line braces, no space before `,` or
//   `:`, none around the `.` of a qualified name, one space elsewhere (two kept before a keyword
//   written after two or more);
// - at most one blank line in a row, no trailing whitespace, one newline at the end.
// It is a token-gap formatter rather than Langium's AbstractFormatter because the latter
// indents by the client's tab size and cannot keep a block on one line only when it was.
import type { LangiumDocument, LeafCstNode, LexerResult } from 'langium';
import { CstUtils } from 'langium';
import type { Formatter } from 'langium/lsp';
import type { DocumentRangeFormattingParams, Range, TextEdit } from 'vscode-languageserver';
import { isBoundary, isImport, isModelHeader, isNamedDeclaration } from '../language/generated/ast.js';
import type { TmLspServices } from './tm-lsp-module.js';
import { modelOf } from '../language/workspace/put-away-documents.js';

type Token = LexerResult['tokens'][number];

const INDENT = '  ';
const NOT_KEYWORDS = new Set(['ID', 'STRING', 'NUMBER', 'ML_COMMENT', 'SL_COMMENT']);
const COMMENTS = new Set(['ML_COMMENT', 'SL_COMMENT']);

export class TmFormatter implements Formatter {
  private readonly lexer: TmLspServices['parser']['Lexer'];

  constructor(services: TmLspServices) {
    this.lexer = services.parser.Lexer;
  }

  formatDocument(document: LangiumDocument): TextEdit[] {
    return this.edits(document);
  }

  formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): TextEdit[] {
    return this.edits(document).filter(edit => overlaps(edit.range, params.range));
  }

  formatDocumentOnType(): TextEdit[] {
    return [];
  }

  get formatOnTypeOptions(): undefined {
    return undefined;
  }

  private edits(document: LangiumDocument): TextEdit[] {
    const text = document.textDocument.getText();
    const { tokens, hidden } = this.lexer.tokenize(text);
    const all = [...tokens, ...hidden.filter(token => COMMENTS.has(token.tokenType.name))].sort((a, b) => a.startOffset - b.startOffset);
    if (all.length === 0) return [];
    const leaves = leavesByOffset(document);
    const edits: TextEdit[] = [];
    const replace = (start: number, end: number, newText: string) => {
      if (/^\s*$/.test(text.slice(start, end)) && text.slice(start, end) !== newText) {
        edits.push({ range: { start: document.textDocument.positionAt(start), end: document.textDocument.positionAt(end) }, newText });
      }
    };
    let depth = 0;
    let previous: Token | undefined;
    for (const token of all) {
      if (token.image === '}') depth = Math.max(depth - 1, 0);
      const start = previous ? previous.endOffset! + 1 : 0;
      const gap = text.slice(start, token.startOffset);
      replace(start, token.startOffset, previous ? gapBefore(token, previous, gap, depth, leaves.get(token.startOffset)) : '');
      if (token.image === '{') depth++;
      previous = token;
    }
    replace(previous!.endOffset! + 1, text.length, '\n');
    return edits;
  }
}

/** The whitespace that belongs between `previous` and `token`, given what is there now. */
function gapBefore(token: Token, previous: Token, gap: string, depth: number, leaf: LeafCstNode | undefined): string {
  const lineBreaks = gap.split('\n').length - 1;
  const newLine = (breaks: number) => `${'\n'.repeat(breaks)}${INDENT.repeat(depth)}`;
  // A line comment runs to the end of its line: whatever follows it stays on a later line.
  if (previous.tokenType.name === 'SL_COMMENT') return newLine(Math.min(Math.max(lineBreaks, 1), 2));
  if (token.image === '{') return ' ';
  if (lineBreaks > 0) return newLine(Math.min(lineBreaks, 2));
  if (startsDeclaration(leaf) || closesBoundaryWithMembers(token, leaf)) return newLine(1);
  if (COMMENTS.has(token.tokenType.name)) return gap === '' ? ' ' : gap;
  if (token.image === ',' || token.image === ':') return '';
  // A qualified name (`Idp.Login`) is one name.
  if (token.image === '.' || previous.image === '.') return '';
  const isKeyword = !NOT_KEYWORDS.has(token.tokenType.name);
  return isKeyword && gap.length >= 2 && previous.image !== '{' ? '  ' : ' ';
}

function startsDeclaration(leaf: LeafCstNode | undefined): boolean {
  const node = leaf?.astNode;
  return node !== undefined && (isNamedDeclaration(node) || isModelHeader(node) || isImport(node)) && node.$cstNode?.offset === leaf!.offset;
}

function closesBoundaryWithMembers(token: Token, leaf: LeafCstNode | undefined): boolean {
  return token.image === '}' && isBoundary(leaf?.astNode) && leaf.astNode.members.length > 0;
}

function leavesByOffset(document: LangiumDocument): Map<number, LeafCstNode> {
  const root = modelOf(document)?.$cstNode;
  const leaves = new Map<number, LeafCstNode>();
  if (root) for (const leaf of CstUtils.flattenCst(root)) leaves.set(leaf.offset, leaf);
  return leaves;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return before(a.start, b.end) && before(b.start, a.end);
}
