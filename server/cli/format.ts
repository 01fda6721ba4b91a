// Output formats of `tm check`. Lines and columns are 1-based for people and tools.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { CheckedFile } from './load.js';
import { escapeTerminal } from '../escape/terminal.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export function severityName(diagnostic: Diagnostic): Severity {
  switch (diagnostic.severity) {
    case 1: return 'error';
    case 2: return 'warning';
    case 3: return 'info';
    default: return 'hint';
  }
}

export interface FlatDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
  /** The references (`refs`) the declaration the finding is about cites, when it cites any. */
  references?: string[];
}

export function flatten(results: readonly CheckedFile[]): FlatDiagnostic[] {
  return results.flatMap(result => result.diagnostics.map(diagnostic => ({
    file: result.file.displayPath,
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
    endLine: diagnostic.range.end.line + 1,
    endColumn: diagnostic.range.end.character + 1,
    severity: severityName(diagnostic),
    code: String(diagnostic.code ?? ''),
    message: messageOf(diagnostic),
    ...referencesOf(diagnostic),
  })));
}

/** The diagnostic's message as one line of plain text. */
function messageOf(diagnostic: Diagnostic): string {
  return escapeTerminal(typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);
}

function referencesOf(diagnostic: Diagnostic): { references?: string[] } {
  const references = (diagnostic.data as { references?: unknown } | undefined)?.references;
  return Array.isArray(references) && references.length > 0 ? { references: references.map(String) } : {};
}

/**
 * One line per finding, straight from the diagnostics: a large model has tens of thousands, and
 * the text shows neither their ends nor their references (`flatten` is for JSON).
 */
export function formatText(results: readonly CheckedFile[]): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  const lines: string[] = [];
  for (const result of results) {
    const file = escapeTerminal(result.file.displayPath);
    for (const diagnostic of result.diagnostics) {
      const severity = severityName(diagnostic);
      counts[severity]++;
      const { line, character } = diagnostic.range.start;
      lines.push(`${file}:${line + 1}:${character + 1}: ${severity} ${String(diagnostic.code ?? '')}: ${messageOf(diagnostic)}`);
    }
  }
  const files = results.length === 1 ? '1 file' : `${results.length} files`;
  lines.push(`${files} checked: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')}.`);
  return lines.join('\n') + '\n';
}

export function formatJson(results: readonly CheckedFile[]): string {
  return JSON.stringify(flatten(results), null, 2) + '\n';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 || word === 'info' ? '' : 's'}`;
}
