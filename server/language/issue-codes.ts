// The stable diagnostic codes of docs/language.md §6. They travel in the LSP `code` field and in
// `data.code`, where quick-fixes switch on them.
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
  InvalidReference: 'invalid-reference',
} as const;

export type IssueCode = typeof IssueCodes[keyof typeof IssueCodes];

export const ALL_ISSUE_CODES: readonly IssueCode[] = Object.values(IssueCodes);
