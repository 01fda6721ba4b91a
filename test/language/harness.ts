// Validates in-memory models with the real language services and pins where diagnostics sit.
// A test writes the expected range of a diagnostic between « and » in the model text.
import { EmptyFileSystem } from 'langium';
import type { ValidationResult } from 'langium/test';
import { parseHelper, validationHelper } from 'langium/test';
import { expect } from 'vitest';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { Model } from '../../server/language/generated/ast.js';
import type { IssueCode } from '../../server/language/issue-codes.js';
import { createTmServices } from '../../server/lsp/tm-lsp-module.js';
import type { TmOptions } from '../../server/language/tm-settings.js';
import { DEFAULT_OPTIONS } from '../../server/language/tm-settings.js';
import { stripMarks } from './marks.js';

export const services = createTmServices(EmptyFileSystem).Tm;

/** The day every test runs on, so review ages never depend on the calendar. */
export const TODAY = '2026-11-23';

export const Severity = { error: 1, warning: 2, info: 3 } as const;
export type SeverityName = keyof typeof Severity;

export interface Checked extends ValidationResult<Model> {
  /** The ranges marked with « » in the text, in order. */
  marks: Range[];
}

const validate = validationHelper<Model>(services);
const parse = parseHelper<Model>(services);

/** Validates `marked` (with its « » marks removed) under the given settings. */
export async function check(marked: string, options: Partial<TmOptions> = {}): Promise<Checked> {
  const { text, offsets } = stripMarks(marked);
  services.settings.update({ ...DEFAULT_OPTIONS, today: TODAY, ...options });
  const result = await validate(text);
  await result.dispose();
  const position = (offset: number) => result.document.textDocument.positionAt(offset);
  return Object.assign(result, { marks: offsets.map(([start, end]) => ({ start: position(start), end: position(end) })) });
}

/** Parses without validating, for the pure domain functions. */
export async function parseModel(text: string): Promise<Model> {
  services.settings.update({ ...DEFAULT_OPTIONS, today: TODAY });
  const document = await parse(text);
  return document.parseResult.value;
}

export function withCode(result: Checked, code: IssueCode): Diagnostic[] {
  return result.diagnostics.filter(diagnostic => diagnostic.code === code);
}

export interface Expected {
  code: IssueCode;
  severity: SeverityName;
  message: RegExp;
  /** Which « » mark the diagnostic sits on; the first by default. */
  mark?: number;
}

/** Exactly one diagnostic with the code sits on the mark, with the severity and message, and it carries the code in `data`. */
export function expectDiagnostic(result: Checked, { code, severity, message, mark = 0 }: Expected): Diagnostic {
  const range = result.marks[mark];
  expect(range, `mark ${mark} in the test text`).toBeDefined();
  const onMark = withCode(result, code).filter(diagnostic => sameRange(diagnostic.range, range));
  expect(onMark, `${code} at ${show(range)}; found ${describe(result.diagnostics)}`).toHaveLength(1);
  const [diagnostic] = onMark;
  expect(diagnostic.severity).toBe(Severity[severity]);
  expect(messageOf(diagnostic)).toMatch(message);
  expect(diagnostic.data).toMatchObject({ code });
  return diagnostic;
}

export function expectNoCode(result: Checked, code: IssueCode): void {
  expect(withCode(result, code), describe(result.diagnostics)).toEqual([]);
}

/** `code@line` of every diagnostic, 1-based, in order: a small snapshot of a model's findings. */
export function findings(diagnostics: readonly Diagnostic[]): string[] {
  return [...diagnostics]
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map(diagnostic => `${String(diagnostic.code)}@${diagnostic.range.start.line + 1}`);
}

/** The text of a diagnostic's message (LSP also allows Markdown content there). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function show(range: Range): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

function describe(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map(diagnostic => `${String(diagnostic.code)} ${show(diagnostic.range)} "${messageOf(diagnostic)}"`).join('\n') || 'nothing';
}
