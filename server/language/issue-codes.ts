// The registry of diagnostics (docs/language.md §6, §11): each stable code with its severity and the
// text code-scanning tools show next to a finding. The validator takes each finding's severity
// from here and `tm check --format sarif` builds its rule catalogue from it, so the two cannot
// disagree. Codes travel in the LSP `code` field and in `data.code`, where quick-fixes switch on them.
import { MAX_ELEMENTS, MAX_NESTING, MAX_THREATS } from '../domain/analysis.js';
import { MAX_IMPORT_DEPTH } from '../domain/composition.js';

export const IssueCodes = {
  UncoveredStride: 'uncovered-stride',
  MissingBoundaryControl: 'missing-boundary-control',
  OpenFixNow: 'open-fix-now',
  IncompleteAcceptance: 'incomplete-acceptance',
  IncompleteExemption: 'incomplete-exemption',
  UnscoredThreat: 'unscored-threat',
  TodoPlaceholder: 'todo-placeholder',
  InvalidFlow: 'invalid-flow',
  PlaintextSensitive: 'plaintext-sensitive',
  UnverifiedEncryption: 'unverified-encryption',
  UnencryptedSensitiveStore: 'unencrypted-sensitive-store',
  UnauthenticatedEntry: 'unauthenticated-entry',
  PrivilegedConsumer: 'privileged-consumer',
  OrphanElement: 'orphan-element',
  StrideNotApplicable: 'stride-not-applicable',
  OutOfRange: 'out-of-range',
  UnresolvedReference: 'unresolved-reference',
  DuplicateName: 'duplicate-name',
  DuplicateField: 'duplicate-field',
  SyntaxError: 'syntax-error',
  TooDeep: 'too-deep',
  FileTooLarge: 'file-too-large',
  TooLarge: 'too-large',
  StaleReview: 'stale-review',
  AttackCost: 'attack-cost',
  ValidationFailed: 'validation-failed',
  UnreadableFile: 'unreadable-file',
  TooManyDiagnostics: 'too-many-diagnostics',
  UnexpandedLeaf: 'unexpanded-leaf',
  InvalidReference: 'invalid-reference',
  InvalidDate: 'invalid-date',
  ExpiredDecision: 'expired-decision',
  SuggestedThreat: 'suggested-threat',
  IncompleteDismissal: 'incomplete-dismissal',
  UnknownCatalogueEntry: 'unknown-catalogue-entry',
  MissingImport: 'missing-import',
  InvalidImport: 'invalid-import',
  ImportCycle: 'import-cycle',
  ImportTooDeep: 'import-too-deep',
  DuplicateImport: 'duplicate-import',
  DuplicateImportAlias: 'duplicate-import-alias',
  UnusedImport: 'unused-import',
  AmbiguousReference: 'ambiguous-reference',
  TargetNotOnThreat: 'target-not-on-threat',
  InvalidCataloguePack: 'invalid-catalogue-pack',
} as const;

export type IssueCode = typeof IssueCodes[keyof typeof IssueCodes];

export const ALL_ISSUE_CODES: readonly IssueCode[] = Object.values(IssueCodes);

export type IssueSeverity = 'error' | 'warning' | 'info';

export interface IssueRule {
  /** Every finding with this code has this severity, unless the rule names a lesser one below. */
  readonly severity: IssueSeverity;
  /** The severity of this code's lesser findings, for a rule whose findings differ in weight (docs/language.md §11). */
  readonly lesserSeverity?: IssueSeverity;
  /** One sentence: what the rule finds. */
  readonly summary: string;
  /** What to do about it. */
  readonly help: string;
}

export const ISSUE_RULES: Readonly<Record<IssueCode, IssueRule>> = {
  [IssueCodes.UncoveredStride]: {
    severity: 'warning',
    summary: 'A STRIDE letter that applies to an element or flow is covered by no threat and no exemption.',
    help: 'Add a threat on the element or flow that lists the letter, or `exempt` the letter with a reason.',
  },
  [IssueCodes.MissingBoundaryControl]: {
    severity: 'warning',
    summary: 'A flow that crosses a trust boundary does not declare authn, authz or validation.',
    help: 'Declare each missing control as a description, or as `none` when there deliberately is none.',
  },
  [IssueCodes.OpenFixNow]: {
    severity: 'warning',
    summary: 'A threat scoring 6 or more is open or only planned.',
    help: 'Finish its mitigations (mark them done), or accept, transfer or eliminate it with a reason and a name.',
  },
  [IssueCodes.IncompleteAcceptance]: {
    severity: 'error',
    summary: 'An `accepted` decision lacks its reason or the name of who accepted.',
    help: 'Write `accepted "why" by "who"`; an acceptance without both is not a decision.',
  },
  [IssueCodes.IncompleteExemption]: {
    severity: 'warning',
    summary: 'An `exempt` has an empty reason and covers nothing.',
    help: 'Say why the letter does not apply here.',
  },
  [IssueCodes.UnscoredThreat]: {
    severity: 'info',
    summary: 'A threat has no likelihood or no impact, so it has no score and no bucket.',
    help: 'Add `likelihood` and `impact` (1..3 or low, medium, high).',
  },
  [IssueCodes.TodoPlaceholder]: {
    severity: 'info',
    summary: 'A decision, exemption reason or control is still a TODO stub.',
    help: 'Replace the stub with the real decision, reason or control.',
  },
  [IssueCodes.InvalidFlow]: {
    severity: 'error',
    summary: 'A flow joins two external entities, two stores, an external entity and a store, or an element to itself.',
    help: 'Data must pass through a process: route the flow through the process that moves the data.',
  },
  [IssueCodes.PlaintextSensitive]: {
    severity: 'warning',
    summary: 'A crossing flow carries sensitive data over a protocol known not to encrypt, or any flow carries credentials or secrets in plaintext.',
    help: 'Use the encrypting form of the protocol (HTTPS, LDAPS, …), or write `encrypted` when the channel is encrypted underneath (a TLS tunnel, IPsec).',
  },
  [IssueCodes.UnverifiedEncryption]: {
    severity: 'info',
    summary: 'A crossing flow carries sensitive data over a channel not known to encrypt or not: a protocol whose encryption depends on configuration, or none.',
    help: 'Write `encrypted` when the channel is encrypted, or name an encrypting protocol.',
  },
  [IssueCodes.UnencryptedSensitiveStore]: {
    severity: 'warning',
    lesserSeverity: 'info',
    summary: 'A store without `encrypted` holds credentials or secrets (warning), or only pii, financial or health data (info).',
    help: 'Encrypt the store at rest and write `encrypted`.',
  },
  [IssueCodes.UnauthenticatedEntry]: {
    severity: 'warning',
    summary: 'A flow from outside into a boundary with `authn none` carries sensitive data or reaches a root or admin process, and no spoofing threat records it.',
    help: 'Record the spoofing threat it accepts (a threat on the flow and its target with `stride S` and a decision), or authenticate the caller.',
  },
  [IssueCodes.PrivilegedConsumer]: {
    severity: 'warning',
    summary: 'A process running as root or admin reads from a queue.',
    help: 'Consume the queue with a less privileged process, or record a threat and its mitigation.',
  },
  [IssueCodes.OrphanElement]: {
    severity: 'warning',
    summary: 'No flow touches this element.',
    help: 'Add the flows that reach it, or remove it from the model.',
  },
  [IssueCodes.StrideNotApplicable]: {
    severity: 'warning',
    summary: 'A threat or exemption names a STRIDE letter that does not apply to its targets\' kinds.',
    help: 'Use a letter that applies to the element or flow (STRIDE per element), or attach the threat elsewhere.',
  },
  [IssueCodes.OutOfRange]: {
    severity: 'error',
    summary: 'A likelihood or impact is outside 1..3, an attack cost is negative, or a port is outside 1..65535.',
    help: 'Use 1, 2 or 3 (or low, medium, high) for levels, a non-negative cost, a whole port number from 1 to 65535.',
  },
  [IssueCodes.UnresolvedReference]: {
    severity: 'error',
    summary: 'A name does not resolve to an element, flow, threat or data asset of this file.',
    help: 'Fix the name, or declare what it refers to; a boundary cannot be a flow end.',
  },
  [IssueCodes.DuplicateName]: {
    severity: 'error',
    summary: 'A name is declared twice in the file.',
    help: 'Rename one of the declarations: names are unique across elements, boundaries, flows, threats and attacks.',
  },
  [IssueCodes.DuplicateField]: {
    severity: 'error',
    summary: 'A single-valued field is written twice in one block; the first value counts.',
    help: 'Remove the repeated field.',
  },
  [IssueCodes.SyntaxError]: {
    severity: 'error',
    summary: 'The text does not parse.',
    help: 'Fix the syntax at the position shown; the language reference lists every declaration.',
  },
  [IssueCodes.TooDeep]: {
    severity: 'error',
    summary: `Boundaries or attack-tree nodes are nested deeper than ${MAX_NESTING} levels.`,
    help: 'Flatten the nesting; deeper levels are not analysed.',
  },
  [IssueCodes.FileTooLarge]: {
    severity: 'error',
    summary: 'The file exceeds the maximum size and was not parsed.',
    help: 'Split the model, or raise the limit (--max-size, tm.maxFileSizeMB).',
  },
  [IssueCodes.TooLarge]: {
    severity: 'info',
    summary: `The model has more than ${MAX_ELEMENTS} elements or more than ${MAX_THREATS} threats.`,
    help: 'Model at a higher altitude, or split the system into several models.',
  },
  [IssueCodes.InvalidDate]: {
    severity: 'error',
    summary: 'A decision\'s `date` or `until` is not a YYYY-MM-DD calendar date, or its `until` is before its `date`.',
    help: 'Write dates as `"2026-11-01"`, and an `until` on or after the `date`.',
  },
  [IssueCodes.ExpiredDecision]: {
    severity: 'warning',
    summary: 'An acceptance or transfer is past its `until` date, so it no longer counts: the threat is open again.',
    help: 'Review the decision: renew it with a later `until`, or mitigate the threat.',
  },
  [IssueCodes.TargetNotOnThreat]: {
    severity: 'error',
    summary: 'A decision names after `for` something its threat is not `on`, so it decides nothing there.',
    help: 'Add it to the threat\'s `on`, or name one of the threat\'s targets after `for`.',
  },
  [IssueCodes.StaleReview]: {
    severity: 'info',
    summary: 'The model\'s reviewed date is missing, malformed or older than the maximum age.',
    help: 'Review the model with its owners and update `reviewed "YYYY-MM-DD"`.',
  },
  [IssueCodes.AttackCost]: {
    severity: 'info',
    summary: 'The cheapest path through an attack tree and its cost.',
    help: 'Cut the cheapest path first: mitigate one of its leaves.',
  },
  [IssueCodes.ValidationFailed]: {
    severity: 'error',
    summary: 'Checking the model failed inside tm, so its findings may be incomplete.',
    help: 'Report the model that causes it as a bug in tm; the check fails until it is fixed.',
  },
  [IssueCodes.UnreadableFile]: {
    severity: 'error',
    summary: 'The editor did not read the file: a pipe or a device, or a symbolic link that leaves the workspace folder.',
    help: 'Replace the link with the file it points to, or open the file itself.',
  },
  [IssueCodes.TooManyDiagnostics]: {
    severity: 'info',
    summary: 'The editor shows the 999 most severe findings of a file (at least one of each kind) and counts the rest.',
    help: 'Run tm check on the file to see every finding.',
  },
  [IssueCodes.UnexpandedLeaf]: {
    severity: 'info',
    summary: 'An attack-tree leaf has no cost: the cheapest path skips it.',
    help: 'Give the leaf a cost, or expand it with `or { … }` or `and { … }`.',
  },
  [IssueCodes.InvalidReference]: {
    severity: 'warning',
    summary: 'A `refs` entry is none of the reference forms tm knows (CWE, CAPEC, ASVS, ATT&CK, OWASP Top 10 ids, https URLs).',
    help: 'Write the reference in one of the accepted forms, or move free text into `description`.',
  },
  [IssueCodes.SuggestedThreat]: {
    severity: 'info',
    summary: 'Threat catalogue entries apply to an element or flow and are neither recorded as threats nor dismissed there.',
    help: 'Add each as a threat with `catalogue "<id>"`, or write `dismiss "<id>" "why it does not apply"` in the element\'s or flow\'s block.',
  },
  [IssueCodes.IncompleteDismissal]: {
    severity: 'warning',
    summary: 'A `dismiss` of a catalogue entry gives no reason.',
    help: 'Say why the entry does not apply here, so that a reviewer can judge it.',
  },
  [IssueCodes.UnknownCatalogueEntry]: {
    severity: 'warning',
    summary: 'A threat\'s `catalogue` or a `dismiss` names an entry that no loaded catalogue has.',
    help: 'Fix the id (`tm catalogue list` shows them), or remove it.',
  },
  [IssueCodes.MissingImport]: {
    severity: 'error',
    summary: 'An `import` names a file that does not exist, or that tm does not read: a directory, a pipe or device, a file over the size limit.',
    help: 'Fix the path (relative to the importing file), or create the library file.',
  },
  [IssueCodes.InvalidImport]: {
    severity: 'error',
    summary: 'An `import` path is absolute, a URL, not a .tm file, leads out of the workspace root (by `..` or a symbolic link), differs in case from the file on disk, or names the importing file itself.',
    help: 'Write the path of a .tm file inside the workspace, relative to the importing file, with `/` separators and the exact case of its name.',
  },
  [IssueCodes.ImportCycle]: {
    severity: 'error',
    summary: 'An `import` leads, through imports of imports, back to the importing file.',
    help: 'Move what both files need into a library that both import, and remove the import that closes the cycle.',
  },
  [IssueCodes.ImportTooDeep]: {
    severity: 'error',
    summary: `Imports of imports go more than ${MAX_IMPORT_DEPTH} levels deep; deeper files are not part of the model.`,
    help: 'Import the library you need directly, or flatten the chain of imports.',
  },
  [IssueCodes.DuplicateImport]: {
    severity: 'warning',
    summary: 'The same file is imported twice.',
    help: 'Remove the second import.',
  },
  [IssueCodes.DuplicateImportAlias]: {
    severity: 'error',
    summary: 'Two imports have the same qualifier (alias, or file name without an alias), so a qualified name could mean either.',
    help: 'Give one of them another name with `as`.',
  },
  [IssueCodes.UnusedImport]: {
    severity: 'info',
    summary: 'No reference in the file names a declaration of an imported file; the import only adds that file to the diagram and reports.',
    help: 'Remove the import, or name what the file uses from it.',
  },
  [IssueCodes.AmbiguousReference]: {
    severity: 'error',
    summary: 'A name is declared in this file and in an imported one, or in two imported files, so the reference could mean either.',
    help: 'Qualify the reference with the import\'s name (`Idp.Login`), or rename the local declaration.',
  },
  [IssueCodes.InvalidCataloguePack]: {
    severity: 'error',
    summary: 'A team pack in `.tm/catalogue/` has a mistake: its entry, or the whole file, is left out of the catalogue.',
    help: 'Fix the pack at the line given (docs/catalogue.md describes the format); `tm catalogue test` checks the packs and runs their examples.',
  },
};
