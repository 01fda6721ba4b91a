// A team pack's problems as diagnostics of the pack file (`invalid-catalogue-pack`), for
// `tm check` and for the editor, which shows them at the pack's line.
import type { Diagnostic } from 'vscode-languageserver-types';
import { IssueCodes } from '../language/issue-codes.js';
import type { PackProblem } from './pack.js';

/** The diagnostic of `problem`, over the text of its line when the pack's text is given. */
export function packProblemDiagnostic(problem: PackProblem, text?: string): Diagnostic {
  const line = problem.line - 1;
  const lineText = text === undefined ? '' : lineAt(text, line);
  const start = lineText.length - lineText.trimStart().length;
  const code = IssueCodes.InvalidCataloguePack;
  return {
    range: { start: { line, character: start }, end: { line, character: Math.max(start, lineText.trimEnd().length) } },
    severity: 1,
    code,
    data: { code },
    source: 'tm',
    message: problem.message,
  };
}

function lineAt(text: string, line: number): string {
  let start = 0;
  for (let index = 0; index < line; index++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end).replace(/\r$/, '');
}
