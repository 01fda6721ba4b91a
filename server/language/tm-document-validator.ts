// Document-level validation: the file-size limit, one code vocabulary for Langium's built-in
// lexing, parsing and linking errors, and no analysis below the nesting limit; and the
// validation registry, which runs tm's synchronous checks without a promise each.
import type { AstNode, DiagnosticInfo, LangiumDocument, ValidationAcceptor, ValidationCheck, ValidationOptions, ValidationSeverity } from 'langium';
import { Cancellation, DefaultDocumentValidator, DocumentValidator, interruptAndCheck, isOperationCancelled, ValidationRegistry } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { analysisOf } from '../domain/analysis.js';
import { isCancellationCheckpoint } from './workspace/document-builder.js';
import { syntaxTreeOf } from './parsing/syntax-tree.js';
import { diagnosticRange } from './parsing/source-ranges.js';
import { MAX_PARSER_ERRORS } from './parsing/linear-parser.js';
import type { IssueCode, IssueRule, IssueSeverity } from './issue-codes.js';
import { ISSUE_RULES, IssueCodes } from './issue-codes.js';
import type { TmServices } from './tm-module.js';
import type { TmSettings } from './tm-settings.js';
import type { UnreadFiles } from './tm-file-system.js';
import { modelOf } from './workspace/put-away-documents.js';
import type { AmbiguousLinkingError } from './tm-scope.js';

const BUILT_IN_CODES: Record<string, IssueCode> = {
  [DocumentValidator.LexingError]: IssueCodes.SyntaxError,
  [DocumentValidator.ParsingError]: IssueCodes.SyntaxError,
  [DocumentValidator.LinkingError]: IssueCodes.UnresolvedReference,
};

export class TmDocumentValidator extends DefaultDocumentValidator {
  private readonly settings: TmSettings;
  private readonly unreadFiles: UnreadFiles;

  constructor(services: TmServices) {
    super(services);
    this.settings = services.settings;
    this.unreadFiles = services.shared.workspace.UnreadFiles;
  }

  /**
   * Langium's, without its `push(...array)` of every finding, which overflows the stack past
   * ~100,000 of them, and without its catch-and-log: a validation that fails is an error on the
   * model, so a check (`tm check --strict`) can never pass because it did not run.
   */
  override async validateDocument(document: LangiumDocument, options: ValidationOptions = {}, cancelToken = Cancellation.CancellationToken.None): Promise<Diagnostic[]> {
    const text = document.textDocument.getText();
    const unread = text === '' ? this.unreadFiles.reasonFor(document.uri) : undefined;
    if (unread) return [unread];
    const size = byteSize(text);
    if (size > this.settings.maxFileSizeBytes) return [fileTooLarge(size, this.settings.options.maxFileSizeMB)];
    const diagnostics: Diagnostic[] = [];
    try {
      await interruptAndCheck(cancelToken);
      if (!options.categories || options.categories.includes('built-in')) {
        const { parseResult } = document;
        this.processLexingErrors(parseResult, diagnostics, options);
        this.processParsingErrors(parseResult, diagnostics, options);
        this.processLinkingErrors(document, diagnostics, options);
      }
      // A document is validated right after it is built, never while put away.
      const model = modelOf(document);
      if (model) await this.validateAstInto(model, options, diagnostics, cancelToken);
      await interruptAndCheck(cancelToken);
    } catch (error) {
      if (isOperationCancelled(error)) throw error;
      diagnostics.push(validationFailed(error));
    }
    for (const diagnostic of diagnostics) {
      const data = diagnostic.data as { code?: string } | undefined;
      const code = BUILT_IN_CODES[data?.code ?? ''] ?? data?.code;
      if (!code) continue;
      diagnostic.code = code;
      if (data?.code !== code) diagnostic.data = { ...data, code };
      if (code in ISSUE_RULES) diagnostic.severity = registeredSeverity(ISSUE_RULES[code], diagnostic.severity);
    }
    return withSyntaxErrorsCapped(diagnostics, document.parseResult.parserErrors.length >= MAX_PARSER_ERRORS);
  }

  /** Langium's, with the code `ambiguous-reference` and the qualified names that resolve it (a quick-fix each) on a name several files declare. */
  protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], options: ValidationOptions): void {
    const start = diagnostics.length;
    super.processLinkingErrors(document, diagnostics, options);
    const errors = document.references.flatMap(reference => reference.error ? [reference.error as AmbiguousLinkingError] : []);
    errors.forEach((error, index) => {
      const diagnostic = diagnostics[start + index];
      if (diagnostic && error.candidates) diagnostic.data = { ...(diagnostic.data as object), code: IssueCodes.AmbiguousReference, candidates: error.candidates };
    });
  }

  /** Langium's validateAst, accepting straight into the document's list. */
  private async validateAstInto(root: AstNode, options: ValidationOptions, diagnostics: Diagnostic[], cancelToken: Cancellation.CancellationToken): Promise<void> {
    const acceptor: ValidationAcceptor = (severity, message, info) => {
      diagnostics.push(this.toDiagnostic(severity, message, info));
    };
    await this.validateAstBefore(root, options, acceptor, cancelToken);
    await this.validateAstNodes(root, options, acceptor, cancelToken);
    await this.validateAstAfter(root, options, acceptor, cancelToken);
  }

  /** Langium's walk, on the shared one, with a cancellation check every few hundred nodes instead of at each one (see workspace/document-builder.ts). */
  protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
    const { nodes, subtreeEnds } = syntaxTreeOf(rootNode);
    // The registry's checks of a type are a stream built at each call: once per type here.
    const checksByType = new Map<string, ValidationCheck[]>();
    let visited = 0;
    for (let i = 0; i < nodes.length;) {
      if (isCancellationCheckpoint(++visited)) await interruptAndCheck(cancelToken);
      const node = nodes[i];
      const nodeOptions = this.validateSingleNodeOptions(node, options);
      if (nodeOptions.validateNode) {
        let checks = checksByType.get(node.$type);
        if (!checks) checksByType.set(node.$type, (checks = this.validationRegistry.getChecks(node.$type, options.categories).toArray()));
        // Indexed: unoptimised `for…of` allocates an iterator result per check, and this runs per node.
        for (let c = 0; c < checks.length; c++) {
          const pending = checks[c](node, acceptor, cancelToken);
          if (pending) await pending;
        }
      }
      i = nodeOptions.validateChildren ? i + 1 : subtreeEnds[i];
    }
  }

  /** Positions come from source-ranges.ts, which reads them without a CST where the tree has none; each finding's `info` is its own to complete. */
  protected override toDiagnostic<N extends AstNode>(severity: ValidationSeverity, message: string, info: DiagnosticInfo<N, string>): Diagnostic {
    info.range ??= diagnosticRange(info);
    return super.toDiagnostic(severity, message, info);
  }

  /** Nodes past the nesting limit get `too-deep` on the model and are not analysed (docs/language.md §10). */
  protected override validateSingleNodeOptions(node: AstNode, options: ValidationOptions): { validateNode: boolean; validateChildren: boolean } {
    if ((node.$type === 'Boundary' || node.$type === 'AttackNode') && analysisOf(node).tooDeep.includes(node as never)) {
      return { validateNode: false, validateChildren: false };
    }
    return super.validateSingleNodeOptions(node, options);
  }
}

const LSP_SEVERITIES: Record<IssueSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** The registry's severity for a finding: its rule's, or its lesser one where the validator chose that. */
function registeredSeverity(rule: IssueRule, reported: DiagnosticSeverity | undefined): DiagnosticSeverity {
  const lesser = rule.lesserSeverity && lspSeverity(rule.lesserSeverity);
  return reported !== undefined && reported === lesser ? lesser : lspSeverity(rule.severity);
}

function lspSeverity(severity: IssueSeverity): DiagnosticSeverity {
  return LSP_SEVERITIES[severity];
}

export function byteSize(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function fileTooLarge(size: number, maxMB: number): Diagnostic {
  const start = { line: 0, character: 0 };
  const code = IssueCodes.FileTooLarge;
  return {
    range: { start, end: start },
    severity: lspSeverity(ISSUE_RULES[code].severity),
    code,
    data: { code },
    source: 'tm',
    message: `This file is ${(size / 1024 / 1024).toFixed(1)} MB, over the ${maxMB} MB limit, so it is not analysed. Split the model, or raise the limit (setting tm.maxFileSizeMB, CLI --max-size).`,
  };
}

/** The model's diagnostic when validating it failed (a bug in tm): an error, so no check passes that did not run. */
export function validationFailed(error: unknown): Diagnostic {
  const start = { line: 0, character: 0 };
  const code = IssueCodes.ValidationFailed;
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    range: { start, end: start },
    severity: DiagnosticSeverity.Error,
    code,
    data: { code },
    source: 'tm',
    message: `tm could not finish checking this model (${reason}), so its other findings may be incomplete. Please report this as a bug in tm.`,
  };
}

/** Past this many, syntax errors are summed up in one: a file of garbage must not flood the editor. */
export const MAX_SYNTAX_ERRORS = 100;

/** `parseStopped`: the parser gave up after MAX_PARSER_ERRORS and did not read the rest of the file. */
function withSyntaxErrorsCapped(diagnostics: Diagnostic[], parseStopped: boolean): Diagnostic[] {
  const syntaxErrors = diagnostics.filter(diagnostic => diagnostic.code === IssueCodes.SyntaxError)
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  if (syntaxErrors.length <= MAX_SYNTAX_ERRORS) return diagnostics;
  const hidden = new Set(syntaxErrors.slice(MAX_SYNTAX_ERRORS - 1));
  const first = syntaxErrors[MAX_SYNTAX_ERRORS - 1];
  const code = IssueCodes.SyntaxError;
  const stopped = parseStopped
    ? `, and tm stopped reading the file at line ${syntaxErrors.at(-1)!.range.start.line + 1} after ${MAX_PARSER_ERRORS} of them`
    : '';
  return [
    ...diagnostics.filter(diagnostic => !hidden.has(diagnostic)),
    { range: first.range, severity: lspSeverity(ISSUE_RULES[code].severity), code, data: { code }, source: 'tm', message: `${hidden.size} more syntax errors from here on are not shown${stopped}: fix the ones above first.` },
  ];
}

/**
 * Langium wraps every check in an async function, so each check on each node costs a promise
 * even when, like all of tm's, it is synchronous. Here a check's failure is reported the same
 * way, and only a check that does return a promise is awaited.
 */
export class TmValidationRegistry extends ValidationRegistry {
  protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
    return (node: AstNode, accept: ValidationAcceptor, cancelToken: Cancellation.CancellationToken) => {
      const fail = (error: unknown) => this.handleException(() => { throw error; }, 'An error occurred during validation', accept, node);
      try {
        const result = check.call(thisObj, node, accept, cancelToken);
        return result instanceof Promise ? result.catch(fail) : undefined;
      } catch (error) {
        return fail(error);
      }
    };
  }
}
