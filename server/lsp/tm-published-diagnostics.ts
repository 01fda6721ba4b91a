// What the editor is sent: a model padded to 100,000 findings would otherwise cost tens of
// megabytes of JSON on every keystroke and a Problems panel nobody can read. The CLI, which
// does not use this validator, lists every finding (`tm check`).
import type { LangiumDocument, ValidationOptions } from 'langium';
import { Cancellation } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { TmDocumentValidator } from '../language/tm-document-validator.js';
import { IssueCodes } from '../language/issue-codes.js';

/** Per file; past it the most severe (and one of each kind) are kept and one last diagnostic counts the rest. */
export const MAX_PUBLISHED_DIAGNOSTICS = 1000;

export class TmEditorDocumentValidator extends TmDocumentValidator {
  override async validateDocument(document: LangiumDocument, options: ValidationOptions = {}, cancelToken = Cancellation.CancellationToken.None): Promise<Diagnostic[]> {
    return capForEditor(await super.validateDocument(document, options, cancelToken));
  }
}

export function capForEditor(diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_PUBLISHED_DIAGNOSTICS) return diagnostics;
  const severityOf = (diagnostic: Diagnostic) => diagnostic.severity ?? DiagnosticSeverity.Error;
  // The most severe first and, within a severity, every kind of finding before the second of
  // any kind: 100,000 orphan warnings do not push the one open fix-now threat out of view.
  // Each finding's sort key is worked out once (at 5,000 elements the editor sorts ~15,000 at
  // every keystroke); the sort is stable, so equal keys keep the validator's order.
  const seenOfCode = new Map<DiagnosticSeverity, Map<string, number>>();
  const keyed = diagnostics.map(diagnostic => {
    const severity = severityOf(diagnostic);
    let seen = seenOfCode.get(severity);
    if (!seen) seenOfCode.set(severity, seen = new Map<string, number>());
    const code = String(diagnostic.code);
    const turn = seen.get(code) ?? 0;
    seen.set(code, turn + 1);
    return { diagnostic, severity, turn, line: diagnostic.range.start.line, character: diagnostic.range.start.character };
  });
  keyed.sort((a, b) => a.severity - b.severity || a.turn - b.turn || a.line - b.line || a.character - b.character);
  const ranked = keyed.map(({ diagnostic }) => diagnostic);
  const shown = ranked.slice(0, MAX_PUBLISHED_DIAGNOSTICS - 1);
  const hidden = ranked.slice(MAX_PUBLISHED_DIAGNOSTICS - 1);
  const counts = new Map<DiagnosticSeverity, number>();
  for (const diagnostic of hidden) counts.set(severityOf(diagnostic), (counts.get(severityOf(diagnostic)) ?? 0) + 1);
  const named: Array<[DiagnosticSeverity, string]> = [[DiagnosticSeverity.Error, 'error'], [DiagnosticSeverity.Warning, 'warning'], [DiagnosticSeverity.Information, 'info'], [DiagnosticSeverity.Hint, 'hint']];
  const breakdown = named.filter(([severity]) => counts.has(severity)).map(([severity, name]) => `${counts.get(severity)} ${name}`).join(', ');
  const start = { line: 0, character: 0 };
  const code = IssueCodes.TooManyDiagnostics;
  shown.push({
    range: { start, end: start },
    severity: DiagnosticSeverity.Information,
    code,
    data: { code },
    source: 'tm',
    message: `${hidden.length} more diagnostics (${breakdown}) are not shown in the editor, which lists the ${MAX_PUBLISHED_DIAGNOSTICS - 1} most severe and every kind: run tm check on this file to see them all.`,
  });
  return shown;
}
