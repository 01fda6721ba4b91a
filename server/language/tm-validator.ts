// The checks of docs/language.md §6. Each check is thin: the judgement lives in the pure functions of
// server/domain, shared with the editor features, the diagram and the reports.
import type { AstNode, ValidationAcceptor, ValidationChecks, DiagnosticInfo } from 'langium';
import { AstUtils } from 'langium';
import type { ImportResolver } from './imports/import-resolver.js';
import { keywordRanges, nodeRange, propertyRanges } from './parsing/source-ranges.js';
import type { Range } from 'vscode-languageserver-types';
import type {
  Acceptance, Attack, AttackNode, Boundary, Control, Decision, Dismissal, Element, Exemption, Flow, Level, Mitigation, Model, NamedDeclaration, Store,
  Threat,
  ThreatTarget, TmAstType,
} from './generated/ast.js';
import { isBoundary, isExternal, isProcess, isStore } from './generated/ast.js';
import type { TmServices } from './tm-module.js';
import type { TmSettings } from './tm-settings.js';
import type { FieldFact } from './grammar-facts.js';
import { grammarFacts } from './grammar-facts.js';
import { singleValuedFields } from './field-cardinality.js';
import type { IssueCode } from './issue-codes.js';
import { ISSUE_RULES, IssueCodes } from './issue-codes.js';
import type { ModelAnalysis } from '../domain/analysis.js';
import { analysisOf, coverageOf, declarationIndex, hasName, isFlowCoverageChecked, MAX_ELEMENTS, MAX_NESTING, MAX_THREATS } from '../domain/analysis.js';
import { applicableLetters, describeLetters } from '../domain/stride.js';
import { describeDeclaration, kindName } from '../domain/elements.js';
import {
  CONTROL_NAMES, flowControl, flowPort, flowProtocol, isControlDeclared, isFilled, isStub, isValidPort, processPrivilege, storeKind,
} from '../domain/fields.js';
import type { DatedDecision, TargetStatus, ThreatStatus } from '../domain/scoring.js';
import {
  bucketOf, decisionNoun, expiredDecisions, isCompleteAcceptance, isExpiredDecision, isLevelInRange, isMitigationDone, isOpenFixNow, threatScore, threatStatus,
  threatSubjects, undecidedTargets,
} from '../domain/scoring.js';
import { describeCrossing, flowCrossing, outOfScopeReason, zoneName, zoneOf } from '../domain/zones.js';
import { parseReference, REFERENCE_FORMS_TEXT } from '../domain/references.js';
import { encryptingForms } from '../domain/protocols.js';
import { storeExposure, transitExposure, unauthenticatedEntry } from '../domain/exposure.js';
import { attackCost, attackNodeTrail, describeCost, isUnexpandedLeaf, leafCost } from '../domain/attack.js';
import { parseIsoDate, reviewVerdict } from '../domain/review.js';
import type { Catalogues } from '../catalogue/catalogues.js';
import type { CatalogueEntry, CataloguePack } from '../catalogue/pack.js';
import { suggestionsOf } from '../catalogue/suggestions.js';
import { memoizedByObject } from '../domain/memo.js';

export function registerValidationChecks(services: TmServices): void {
  const registry = services.validation.ValidationRegistry;
  const validator = services.validation.TmValidator;
  /* eslint-disable @typescript-eslint/unbound-method -- `register(checks, validator)` binds each check to the validator */
  const checks: ValidationChecks<TmAstType> = {
    Model: validator.checkModel,
    ModelHeader: validator.checkReferences,
    External: [validator.checkElement, validator.checkReferences, validator.checkOutOfScope],
    Process: [validator.checkElement, validator.checkReferences, validator.checkOutOfScope],
    Store: [validator.checkElement, validator.checkStore, validator.checkReferences, validator.checkOutOfScope],
    Boundary: [validator.checkReferences, validator.checkOutOfScope],
    Flow: [validator.checkFlow, validator.checkReferences, validator.checkOutOfScope],
    DataAsset: validator.checkReferences,
    Exemption: validator.checkExemption,
    Dismissal: validator.checkDismissal,
    Threat: [validator.checkThreat, validator.checkReferences],
    Level: validator.checkLevel,
    Mitigation: [validator.checkDecisionStubs, validator.checkReferences],
    Acceptance: [validator.checkAcceptance, validator.checkDecisionStubs, validator.checkDecisionDates],
    Transfer: [validator.checkDecisionStubs, validator.checkDecisionDates],
    Elimination: validator.checkDecisionStubs,
    Control: validator.checkControl,
    Attack: [validator.checkAttack, validator.checkReferences],
    AttackNode: validator.checkAttackNode,
  };
  registry.register(checks, validator);
  // Every node type with a single-valued field, as the grammar and field-cardinality.ts say.
  const duplicateFieldChecks = Object.fromEntries(validator.typesWithSingleValuedFields().map(type => [type, validator.checkDuplicateFields]));
  /* eslint-enable @typescript-eslint/unbound-method */
  registry.register(duplicateFieldChecks, validator);
  const importValidator = services.validation.ImportValidator;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- bound by `register`
  registry.register<TmAstType>({ Model: importValidator.checkImports }, importValidator);
}

/**
 * Report a finding with its stable code in both `code` and `data.code`, at the code's severity in
 * the registry (or its lesser one, for a rule that has one). `info` is the caller's own:
 * completed with the code where it is, not copied.
 */
export function report<N extends AstNode>(accept: ValidationAcceptor, code: IssueCode, message: string, info: DiagnosticInfo<N>, weight: 'full' | 'lesser' = 'full'): void {
  const data = info.data as { code?: string; references?: string[] } | undefined;
  info.code = code;
  // The references of the declaration a finding is about travel with it, for SARIF, unless the
  // finding brings its own (a suggestion: the suggested entries').
  const references = data?.references ?? citedReferences(info.node);
  if (data?.code !== code || references !== data?.references) info.data = { ...data, code, ...(references ? { references } : {}) };
  const rule = ISSUE_RULES[code];
  accept(weight === 'lesser' ? rule.lesserSeverity ?? rule.severity : rule.severity, message, info);
}

/** The valid `refs` of the node or of the nearest declaration around it, if any. */
function citedReferences(node: AstNode): string[] | undefined {
  for (let current: AstNode | undefined = node; current; current = current.$container) {
    const refs = (current as { refs?: unknown }).refs;
    if (Array.isArray(refs) && refs.length > 0) {
      const valid = (refs as string[]).filter(reference => parseReference(reference) !== undefined);
      return valid.length > 0 ? valid : undefined;
    }
  }
  return undefined;
}

/** An entry as a suggestion names it: `SQL injection (CWE-89, tm:sql-injection)`; once per entry. */
const suggestedEntry = memoizedByObject((entry: CatalogueEntry) =>
  `${entry.title} (${[entry.refs.find(ref => ref.startsWith('CWE-')) ?? entry.refs[0], entry.id].filter(Boolean).join(', ')})`);

/** How a single-valued field without a keyword of its own is named when it is written twice. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  'Attack.trees': 'The attack tree',
};

/** Encrypting protocols named in advice when a plaintext one has no encrypting form of its own. */
const EXAMPLE_PROTOCOLS = 'HTTPS, TLS, mTLS, SSH, …';

const CONTROL_ADVICE = {
  authn: 'how the caller is authenticated',
  authz: 'what the caller is allowed to do',
  validation: 'what validates the data',
} as const;

export class TmValidator {
  private readonly settings: TmSettings;
  private readonly catalogues: Catalogues;
  /** The grammar's single-valued fields, by node type (field-cardinality.ts). */
  private readonly singleValuedFields: ReadonlyMap<string, readonly FieldFact[]>;

  private readonly imports: () => ImportResolver;

  constructor(services: TmServices) {
    this.settings = services.settings;
    this.imports = () => services.shared.workspace.ImportResolver;
    this.catalogues = services.shared.workspace.Catalogues;
    this.singleValuedFields = singleValuedFields(grammarFacts(services.Grammar));
  }

  checkModel(model: Model, accept: ValidationAcceptor): void {
    const analysis = analysisOf(model);
    const index = declarationIndex(model);
    for (const duplicate of index.duplicates) {
      const first = index.byName.get(duplicate.name)!;
      report(accept, IssueCodes.DuplicateName, `The name ${duplicate.name} is already used by the ${kindName(first)} on line ${lineOf(first)}; names are unique per file. Rename one of them.`, { node: duplicate, property: 'name' });
    }
    for (const header of model.headers.slice(1)) {
      report(accept, IssueCodes.DuplicateField, `A file has at most one model header; this one is ignored (the first is on line ${lineOf(model.headers[0])}). Merge them.`, { node: header, keyword: 'model' });
    }
    for (const node of analysis.tooDeep) {
      const what = node.$type === 'Boundary' ? 'Boundaries' : 'Attack-tree nodes';
      const info: DiagnosticInfo<AstNode> = node.$type === 'Boundary' ? { node, property: 'name' } : { node, property: 'text' };
      report(accept, IssueCodes.TooDeep, `${what} nested deeper than ${MAX_NESTING} levels are not analysed; flatten the nesting.`, info);
    }
    this.checkSize(analysis, accept);
    this.checkReview(analysis, accept);
  }

  private checkSize(analysis: ModelAnalysis, accept: ValidationAcceptor): void {
    const { elements, threats } = analysis;
    if (elements.length > MAX_ELEMENTS) {
      report(accept, IssueCodes.TooLarge, `The model has ${elements.length} elements (more than ${MAX_ELEMENTS}): it is drawn at the wrong altitude. Split it into one model per subsystem.`, this.headerLocation(analysis));
    }
    if (threats.length > MAX_THREATS) {
      report(accept, IssueCodes.TooLarge, `The model has ${threats.length} threats (more than ${MAX_THREATS}): cap it, merging related threats or splitting the model.`, this.headerLocation(analysis));
    }
  }

  private checkReview(analysis: ModelAnalysis, accept: ValidationAcceptor): void {
    const maxAge = this.settings.options.reviewMaxAgeDays;
    const reviewed = analysis.header?.reviewed[0];
    const verdict = reviewVerdict(reviewed, this.settings.today, maxAge);
    const messages: Record<typeof verdict.kind, string | undefined> = {
      fresh: undefined,
      missing: 'The model has no review date: after the next review, add `reviewed "YYYY-MM-DD"` to the model header.',
      malformed: `The review date "${reviewed}" is not a YYYY-MM-DD date; write it as \`reviewed "2026-03-12"\`.`,
      future: `The review date "${reviewed}" is in the future; write the date the model was last reviewed.`,
      stale: `The model was last reviewed ${'ageDays' in verdict ? verdict.ageDays : 0} days ago (more than ${maxAge}): review it and update \`reviewed\`.`,
    };
    const message = messages[verdict.kind];
    if (message) report(accept, IssueCodes.StaleReview, message, this.headerLocation(analysis));
  }

  /** `stale-review` and `too-large` sit on the header's `model` keyword, or at 1:1 (docs/language.md §10). */
  private headerLocation(analysis: ModelAnalysis): DiagnosticInfo<AstNode> {
    if (analysis.header) return { node: analysis.header, keyword: 'model' };
    const start = { line: 0, character: 0 };
    return { node: analysis.model, range: { start, end: start } };
  }

  /** The catalogue of the model `node` is in: its repository's team packs over the default pack. */
  private catalogueOf(node: AstNode): CataloguePack {
    return this.catalogues.of(AstUtils.getDocument(node).uri).pack;
  }

  typesWithSingleValuedFields(): string[] {
    return [...this.singleValuedFields.keys()];
  }

  checkDuplicateFields(node: AstNode, accept: ValidationAcceptor): void {
    for (const { type, property, keyword } of this.singleValuedFields.get(node.$type) ?? []) {
      const values = (node as unknown as Record<string, unknown[]>)[property];
      if (!Array.isArray(values) || values.length < 2) continue;
      const valueRanges = propertyRanges(node, property);
      const keywordStarts = keyword ? keywordRanges(node, keyword) : [];
      const firstLine = valueRanges[0] ? valueRanges[0].start.line + 1 : lineOf(node);
      const name = FIELD_LABELS[`${type}.${property}`] ?? `\`${keyword ?? property}\``;
      for (let i = 1; i < values.length; i++) {
        const valueRange = valueRanges[i];
        if (!valueRange) continue;
        const range: Range = { start: keywordStarts[i]?.start ?? valueRange.start, end: valueRange.end };
        report(accept, IssueCodes.DuplicateField, `${name} is already set on line ${firstLine}; the first value counts. Remove this one.`, { node, range });
      }
    }
  }

  /** Each `refs` entry is one of the forms docs/language.md §3 lists; anything else is a typo or a free note. */
  checkReferences(node: AstNode & { refs: string[] }, accept: ValidationAcceptor): void {
    node.refs.forEach((reference, index) => {
      if (parseReference(reference) !== undefined) return;
      report(accept, IssueCodes.InvalidReference,
        `"${reference}" is not a reference tm knows: write ${REFERENCE_FORMS_TEXT}; put free text in \`description\`.`,
        { node, property: 'refs', index });
    });
  }

  /** A blank `out-of-scope` reason takes nothing out of scope (docs/language.md §10). */
  checkOutOfScope(node: Element | Flow | Boundary, accept: ValidationAcceptor): void {
    const reason = node.outOfScope[0];
    if (reason !== undefined && !isFilled(reason)) {
      report(accept, IssueCodes.IncompleteExemption, `This \`out-of-scope\` gives no reason, so it takes nothing out of scope: write why ${node.name ?? 'it'} is out of scope.`, { node, property: 'outOfScope', index: 0 });
    }
  }

  checkElement(element: Element, accept: ValidationAcceptor): void {
    if (isUnnamed(element)) return;
    // Out of scope: every letter is exempt and the element's own warnings are silent.
    if (outOfScopeReason(element) !== undefined) return;
    const analysis = analysisOf(element);
    this.checkCoverage(analysis, element, accept);
    this.checkSuggestions(analysis, element, accept);
    // A flow written without its name has no ends yet; until it is fixed no element is called orphan (docs/language.md §11).
    if (analysis.flowsTouching(element).length === 0 && !analysis.hasNamelessFlow && !this.isTouchedFromImporter(element)) {
      report(accept, IssueCodes.OrphanElement, `${describeDeclaration(element)} is not touched by any flow: connect it with a flow, or remove it.`, { node: element, property: 'name' });
    }
  }

  /** A library's element is no orphan when a flow of a file that imports the library touches it (docs/language.md §12). */
  private isTouchedFromImporter(element: Element): boolean {
    const document = AstUtils.getDocument(element);
    return this.imports().graph.isTouchedFromImporter(document.uri.toString(), element.name);
  }

  private checkCoverage(analysis: ModelAnalysis, target: ThreatTarget, accept: ValidationAcceptor): void {
    const { uncovered } = coverageOf(analysis, target);
    if (uncovered.length === 0) return;
    const letters = uncovered.join(', ');
    const where = target.$type === 'Flow' ? describeFlowZones(target) : '';
    report(accept, IssueCodes.UncoveredStride,
      `${describeDeclaration(target)}${where} has no threat or exemption for ${describeLetters(uncovered)}. Add a threat \`on ${target.name}\` with \`stride ${letters}\`, or \`exempt ${letters} "why it does not apply"\`.`,
      { node: target, property: 'name', data: { code: IssueCodes.UncoveredStride, letters: uncovered } });
  }

  /** `suggested-threat` (docs/catalogue.md): one per element or flow, listing every open entry with its trigger. */
  private checkSuggestions(analysis: ModelAnalysis, target: ThreatTarget, accept: ValidationAcceptor): void {
    const suggestions = suggestionsOf(analysis, this.catalogueOf(target)).get(target);
    if (!suggestions) return;
    // One pass, no intermediate lists: a large model has thousands of these.
    let listed = '';
    const entries: string[] = [];
    const references: string[] = [];
    for (let index = 0; index < suggestions.length; index++) {
      const { entry, trigger } = suggestions[index];
      listed += `${index === 0 ? '' : '; '}${trigger} → ${suggestedEntry(entry)}`;
      entries.push(entry.id);
      for (const reference of entry.refs) if (!references.includes(reference)) references.push(reference);
    }
    report(accept, IssueCodes.SuggestedThreat,
      `The threat catalogue suggests for ${describeDeclaration(target)}: ${listed}. Add each as a threat with \`catalogue "<id>"\`, or \`dismiss "<id>" "why it does not apply"\`.`,
      { node: target, property: 'name', data: { code: IssueCodes.SuggestedThreat, entries, references } });
  }

  checkDismissal(dismissal: Dismissal, accept: ValidationAcceptor): void {
    const owner = dismissal.$container;
    if (!this.catalogueOf(dismissal).byId.has(dismissal.entry)) {
      report(accept, IssueCodes.UnknownCatalogueEntry, `No catalogue entry has the id "${dismissal.entry}": fix the id (\`tm catalogue list\` shows them), or remove the dismissal.`, { node: dismissal, property: 'entry' });
    }
    if (!isFilled(dismissal.reason)) {
      const info: DiagnosticInfo<Dismissal> = dismissal.reason === undefined ? { node: dismissal, keyword: 'dismiss' } : { node: dismissal, property: 'reason' };
      report(accept, IssueCodes.IncompleteDismissal, `This dismissal gives no reason: write why "${dismissal.entry}" does not apply to ${owner.name}.`, info);
    } else if (isStub(dismissal.reason)) {
      report(accept, IssueCodes.TodoPlaceholder, `The reason for dismissing "${dismissal.entry}" is still a TODO stub: write why it does not apply to ${owner.name}.`, { node: dismissal, property: 'reason' });
    }
  }

  checkFlow(flow: Flow, accept: ValidationAcceptor): void {
    if (isUnnamed(flow)) return;
    const analysis = analysisOf(flow);
    const source = flow.source?.ref;
    const target = flow.target?.ref;
    // Out of scope: every letter is exempt and the flow's own warnings are silent; `invalid-flow` stays.
    const inScope = outOfScopeReason(flow) === undefined;
    if (source && target) this.checkFlowEnds(flow, source, target, inScope, accept);
    this.checkPort(flow, accept);
    if (!inScope) return;
    if (isFlowCoverageChecked(flow, this.settings.options.coverageFlows)) this.checkCoverage(analysis, flow, accept);
    this.checkSuggestions(analysis, flow, accept);
    this.checkTransit(flow, accept);
    this.checkEntry(analysis, flow, accept);
    const crossing = flowCrossing(flow);
    if (!crossing) return;

    const missing = CONTROL_NAMES.filter(control => !isControlDeclared(flowControl(flow, control)));
    if (missing.length > 0) {
      const named = joinWords(missing.map(control => `\`${control}\``), 'or');
      const advice = joinWords(missing.map(control => CONTROL_ADVICE[control]), 'and');
      const none = joinWords(missing.map(control => `\`${control} none\``), 'or');
      report(accept, IssueCodes.MissingBoundaryControl,
        `Flow ${flow.name} crosses ${describeCrossing(crossing)} but declares no ${named}; write ${advice}, or ${none}.`,
        { node: flow, property: 'name', data: { code: IssueCodes.MissingBoundaryControl, controls: missing } });
    }
  }

  private checkPort(flow: Flow, accept: ValidationAcceptor): void {
    const port = flowPort(flow);
    if (port !== undefined && !isValidPort(port)) {
      report(accept, IssueCodes.OutOfRange, `A port is a whole number from 1 to 65535; ${port} is out of range.`, { node: flow, property: 'port', index: 0 });
    }
  }

  /** `plaintext-sensitive` and `unverified-encryption` (docs/language.md §11), on the flow's name. */
  private checkTransit(flow: Flow, accept: ValidationAcceptor): void {
    const exposure = transitExposure(flow);
    if (!exposure) return;
    // What the request carries and what the reply returns, each named as such.
    const classes = [
      ...(exposure.carried.length > 0 ? [`carries ${joinWords(exposure.carried, 'and')}`] : []),
      ...(exposure.returned.length > 0 ? [`returns ${joinWords(exposure.returned, 'and')}`] : []),
    ].join(', and ');
    const zone = flow.source?.ref && zoneOf(flow.source.ref);
    const where = exposure.crossing ? `across ${describeCrossing(exposure.crossing)}` : zone ? `inside ${zoneName(zone)}` : 'outside every boundary';
    const protocol = flowProtocol(flow);
    if (exposure.channel === 'plaintext') {
      const forms = encryptingForms(protocol!);
      const instead = forms.length > 0 ? `use ${joinWords(forms, 'or')} instead of ${protocol}` : `use an encrypting protocol (${EXAMPLE_PROTOCOLS})`;
      const inZone = exposure.crossing ? '' : ' (a password in clear text inside one zone is still a password in clear text)';
      report(accept, IssueCodes.PlaintextSensitive,
        `Flow ${flow.name} ${classes} ${where} over ${protocol}, which does not encrypt${inZone}: ${instead}, or write \`encrypted\` if the channel is encrypted underneath (a TLS tunnel, IPsec, a VPN).`,
        { node: flow, property: 'name', data: { code: IssueCodes.PlaintextSensitive, encryptingForms: forms } });
    } else {
      const over = protocol ? `over ${protocol}, which encrypts only when configured to` : 'and names no protocol, so nothing says it is encrypted';
      report(accept, IssueCodes.UnverifiedEncryption,
        `Flow ${flow.name} ${classes} ${where} ${over}: write \`encrypted\` if it is (TLS, a tunnel), or name an encrypting protocol (${EXAMPLE_PROTOCOLS}).`,
        { node: flow, property: 'name' });
    }
  }

  /** `unauthenticated-entry` (docs/language.md §11), on the flow's name. */
  private checkEntry(analysis: ModelAnalysis, flow: Flow, accept: ValidationAcceptor): void {
    const entry = unauthenticatedEntry(analysis, flow);
    if (!entry) return;
    const target = flow.target.ref!;
    const reasons = [
      ...(entry.classes.length > 0 ? [`carries ${joinWords(entry.classes, 'and')}`] : []),
      ...(entry.returned.length > 0 ? [`returns ${joinWords(entry.returned, 'and')}`] : []),
      ...(entry.privilege ? [`reaches ${kindName(target)} ${target.name}, which runs as ${entry.privilege}`] : []),
    ];
    report(accept, IssueCodes.UnauthenticatedEntry,
      `Flow ${flow.name} lets anyone from outside into ${zoneName(zoneOf(target))} (\`authn none\`) and ${joinWords(reasons, 'and')}: record the spoofing threat this accepts (a threat \`on ${flow.name}, ${target.name}\` with \`stride S\` and its decision), or authenticate the caller.`,
      { node: flow, property: 'name' });
  }

  /** `unencrypted-sensitive-store` (docs/language.md §11), on the store's name. */
  checkStore(store: Store, accept: ValidationAcceptor): void {
    if (isUnnamed(store) || outOfScopeReason(store) !== undefined) return;
    const exposure = storeExposure(store);
    if (!exposure) return;
    const secret = exposure.severity === 'warning';
    report(accept, IssueCodes.UnencryptedSensitiveStore,
      `Data store ${store.name} holds ${joinWords(exposure.classes, 'and')} but is not \`encrypted\`: encrypt ${secret ? 'it' : 'it at rest (disk, database or field encryption)'} and write \`encrypted\`${secret ? ', so that a copied disk, backup or snapshot does not give them away' : ''}.`,
      { node: store, property: 'name' }, secret ? 'full' : 'lesser');
  }

  private checkFlowEnds(flow: Flow, source: Element, target: Element, inScope: boolean, accept: ValidationAcceptor): void {
    if (source === target) {
      report(accept, IssueCodes.InvalidFlow, `Flow ${flow.name} goes from ${source.name} to itself; a flow connects two different elements.`, { node: flow, property: 'name' });
      return;
    }
    const passive = (element: Element) => isExternal(element) || isStore(element);
    if (passive(source) && passive(target)) {
      report(accept, IssueCodes.InvalidFlow,
        `Flow ${flow.name} goes from ${kindName(source)} ${source.name} to ${kindName(target)} ${target.name}: data must pass through a process. Route it through the process that moves the data.`,
        { node: flow, property: 'name' });
    }
    if (inScope && isStore(source) && storeKind(source) === 'queue' && isProcess(target)) {
      const privilege = processPrivilege(target);
      if (privilege === 'root' || privilege === 'admin') {
        report(accept, IssueCodes.PrivilegedConsumer,
          `Process ${target.name} runs with privilege ${privilege} and reads from queue ${source.name}: a poisoned message acts with ${privilege} rights. Lower the privilege, or consume the queue in a less privileged process.`,
          { node: flow, property: 'name' });
      }
    }
  }

  checkExemption(exemption: Exemption, accept: ValidationAcceptor): void {
    const owner = exemption.$container;
    const applicable = applicableLetters(owner);
    exemption.letters.forEach((letter, index) => {
      if (!applicable.includes(letter)) {
        report(accept, IssueCodes.StrideNotApplicable,
          `${describeLetters([letter])} does not apply to ${kindName(owner)} ${owner.name} (letters: ${applicable.join(', ')}); there is nothing to exempt. Remove it.`,
          { node: exemption, property: 'letters', index });
      }
    });
    if (!isFilled(exemption.reason)) {
      const info: DiagnosticInfo<Exemption> = exemption.reason === undefined ? { node: exemption, keyword: 'exempt' } : { node: exemption, property: 'reason' };
      report(accept, IssueCodes.IncompleteExemption,
        `This exemption gives no reason, so it covers nothing: write why ${exemption.letters.join(', ')} does not apply to ${owner.name}.`, info);
    } else if (isStub(exemption.reason)) {
      report(accept, IssueCodes.TodoPlaceholder, `The reason for this exemption is still a TODO stub: write why ${exemption.letters.join(', ')} does not apply to ${owner.name}.`, { node: exemption, property: 'reason' });
    }
  }

  checkThreat(threat: Threat, accept: ValidationAcceptor): void {
    if (isUnnamed(threat)) return;
    const targets = threat.targets.map(reference => reference.ref).filter(target => target !== undefined);
    // A boundary has no letters of its own; a threat on one may name any (docs/language.md §10).
    if (targets.length > 0 && !targets.some(isBoundary)) {
      threat.letters.forEach((letter, index) => {
        if (!targets.some(target => applicableLetters(target).includes(letter))) {
          const kinds = targets.map(target => `${target.name} (${kindName(target)}: ${applicableLetters(target).join(', ')})`).join(', ');
          report(accept, IssueCodes.StrideNotApplicable,
            `${describeLetters([letter])} applies to none of this threat's targets: ${kinds}. Remove the letter, or put the threat on an element it applies to.`,
            { node: threat, property: 'letters', index });
        }
      });
    }
    const entry = threat.catalogue[0];
    if (entry !== undefined && !this.catalogueOf(threat).byId.has(entry)) {
      report(accept, IssueCodes.UnknownCatalogueEntry, `No catalogue entry has the id "${entry}": fix the id (\`tm catalogue list\` shows them), or remove \`catalogue\`.`, { node: threat, property: 'catalogue', index: 0 });
    }
    const missing = (['likelihood', 'impact'] as const).filter(field => threat[field].length === 0);
    if (missing.length > 0) {
      report(accept, IssueCodes.UnscoredThreat,
        `Threat ${threat.name} has no ${missing.join(' and no ')}, so it is not ranked: add \`likelihood 1..3\` and \`impact 1..3\`.`,
        { node: threat, property: 'name' });
    }
    this.checkDecisionTargets(threat, accept);
    const today = this.settings.today;
    if (isOpenFixNow(threat, today)) {
      const score = threatScore(threat)!;
      const status = threatStatus(threat, today);
      const mitigations = threat.decisions.filter((decision): decision is Mitigation => decision.$type === 'Mitigation');
      const expired = expiredDecisions(threat, today).map(decision => `its ${decisionNoun(decision)} expired after ${decision.until[0]}`);
      const undecided = undecidedTargets(threat, today);
      const state = undecided.length > 0 ? undecidedState(undecided)
        : status === 'open'
          ? `is open${expired.length > 0 ? ` (${expired.join(', ')})` : ''}: add a mitigation, or record a decision (\`accepted "why" by "who"\`, \`transferred "why" to "whom"\`, \`eliminated "what was cut"\`).`
          : `has only planned mitigations (${mitigations.filter(isMitigationDone).length} of ${mitigations.length} done): finish them, or record a decision.`;
      report(accept, IssueCodes.OpenFixNow, `Threat ${threat.name} scores ${score} (${bucketOf(score)}) and ${state}`, { node: threat, property: 'name' });
    }
  }

  /** `target-not-on-threat`: a decision's `for` names something its threat is not `on` (docs/language.md §4). */
  private checkDecisionTargets(threat: Threat, accept: ValidationAcceptor): void {
    const targets = new Set(threatSubjects(threat));
    const onNames = threat.targets.map(reference => reference.$refText).filter(name => name !== '');
    for (const decision of threat.decisions) {
      decision.targets.forEach((reference, index) => {
        const target = reference.ref;
        if (!target || targets.has(target)) return;
        const on = onNames.length > 0 ? `its \`on\` names ${joinWords(onNames, 'and')}` : 'it has no `on`';
        report<AstNode>(accept, IssueCodes.TargetNotOnThreat,
          `Threat ${threat.name} is not on ${target.name} (${on}), so this decision decides nothing there: add ${target.name} to the threat's \`on\`, or name one of its targets after \`for\`.`,
          { node: decision, property: 'targets', index, data: { code: IssueCodes.TargetNotOnThreat, target: target.name, index } });
      });
    }
  }

  checkLevel(level: Level, accept: ValidationAcceptor): void {
    if (isLevelInRange(level)) return;
    const field = level.$containerProperty ?? 'likelihood';
    report(accept, IssueCodes.OutOfRange,
      `${field} must be 1, 2 or 3 (or low, medium, high); ${level.value} is out of range, so the threat is not scored.`,
      { node: level, property: 'value' });
  }

  checkAcceptance(acceptance: Acceptance, accept: ValidationAcceptor): void {
    if (isCompleteAcceptance(acceptance)) return;
    const problem = !isFilled(acceptance.reason)
      ? 'gives no reason: write why the risk is acceptable'
      : acceptance.by === undefined
        ? 'names nobody: add `by "who accepts the risk"`'
        : 'names nobody: write who accepts the risk in `by "…"`';
    report(accept, IssueCodes.IncompleteAcceptance, `This acceptance ${problem}. Until then it is not a decision.`, { node: acceptance, keyword: 'accepted' });
  }

  /** `date` and `until` are calendar dates, `until` not before `date`; past `until` the decision lapses (docs/language.md §10). */
  checkDecisionDates(decision: DatedDecision, accept: ValidationAcceptor): void {
    const times = (['date', 'until'] as const).map(property => {
      const text = decision[property][0];
      if (text === undefined) return undefined;
      const time = parseIsoDate(text);
      if (time === undefined) {
        report(accept, IssueCodes.InvalidDate, `"${text}" is not a YYYY-MM-DD date: write the ${property === 'date' ? 'day of the decision' : 'last day it holds'} as \`${property} "2026-11-01"\`.`,
          { node: decision, property, index: 0 });
      }
      return time;
    });
    const [date, until] = times;
    if (date !== undefined && until !== undefined && until < date) {
      report(accept, IssueCodes.InvalidDate, `This ${decisionNoun(decision)} ends (until ${decision.until[0]}) before it was made (date ${decision.date[0]}): write an \`until\` on or after the \`date\`.`,
        { node: decision, property: 'until', index: 0 });
    }
    if (isExpiredDecision(decision, this.settings.today)) {
      report(accept, IssueCodes.ExpiredDecision,
        `This ${decisionNoun(decision)} expired after ${decision.until[0]} (today is ${this.settings.today}), so it no longer counts and the threat is judged without it: review it, then renew it with a later \`until\` or mitigate the threat.`,
        { node: decision, property: 'until', index: 0 });
    }
  }

  checkDecisionStubs(decision: Decision, accept: ValidationAcceptor): void {
    for (const { property, what } of decisionParts(decision)) {
      const text = (decision as unknown as Record<string, string | undefined>)[property];
      if (isStub(text)) {
        report<AstNode>(accept, IssueCodes.TodoPlaceholder, `This ${what} is still a TODO stub: replace it with the real decision before review.`, { node: decision, property });
      }
    }
  }

  checkControl(control: Control, accept: ValidationAcceptor): void {
    if (isStub(control.text)) {
      report(accept, IssueCodes.TodoPlaceholder, `This \`${control.$containerProperty}\` control is still a TODO stub: describe the real control, or write \`none\`.`, { node: control, property: 'text' });
    }
  }

  checkAttack(attack: Attack, accept: ValidationAcceptor): void {
    if (isUnnamed(attack)) return;
    const tree = attack.trees[0];
    if (!tree) return;
    const { path, unexpanded, onlyUnexpanded } = attackCost(tree, MAX_NESTING);
    const leaves = (nodes: readonly AttackNode[]) => nodes.map(leaf => attackNodeTrail(leaf).map(node => `"${node.text}"`).join(' → '));
    const skipped = unexpanded.length === 1 ? 'an unexpanded leaf' : `${unexpanded.length} unexpanded leaves`;
    if (path) {
      const skips = unexpanded.length === 0 ? '' : ` It skips ${skipped}, which ${unexpanded.length === 1 ? 'has' : 'have'} no cost yet: ${leaves(unexpanded).join(', ')}.`;
      report(accept, IssueCodes.AttackCost, `Cheapest path costs ${describeCost(path.cost)}: ${leaves(path.leaves).join(' + ')}. Cut this first.${skips}`, { node: attack, property: 'name' });
    } else if (onlyUnexpanded) {
      report(accept, IssueCodes.AttackCost,
        `This attack tree has no cost yet: every way to the goal ends in ${skipped} (${leaves(unexpanded).join(', ')}). Give a leaf a \`cost\`, or expand it.`,
        { node: attack, property: 'name' });
    }
  }

  checkAttackNode(node: AttackNode, accept: ValidationAcceptor): void {
    if (node.cost && leafCost(node.cost) === undefined) {
      report(accept, IssueCodes.OutOfRange, `A cost is a non-negative number or one of trivial, low, medium, high, extreme; ${node.cost.value} is out of range.`, { node: node.cost, property: 'value' });
    }
    if (isUnexpandedLeaf(node)) {
      report(accept, IssueCodes.UnexpandedLeaf,
        `This step has no cost and no sub-steps, so the cheapest path skips it: add \`cost trivial|low|medium|high|extreme\` (or a number), or expand it with \`or { … }\` or \`and { … }\`.`,
        { node, property: 'text' });
    }
  }
}

function decisionParts(decision: Decision): Array<{ property: string; what: string }> {
  switch (decision.$type) {
    case 'Mitigation': return [{ property: 'text', what: 'mitigation' }];
    case 'Acceptance': return [{ property: 'reason', what: 'acceptance reason' }, { property: 'by', what: 'acceptance name' }];
    case 'Transfer': return [{ property: 'reason', what: 'transfer reason' }, { property: 'to', what: 'transfer recipient' }];
    case 'Elimination': return [{ property: 'what', what: 'elimination' }];
  }
}

function describeFlowZones(flow: Flow): string {
  const crossing = flowCrossing(flow);
  return crossing ? ` (${describeCrossing(crossing)})` : '';
}

/** A declaration whose name did not parse already has its syntax error; findings on it would name `undefined` (or its source). */
function isUnnamed(declaration: NamedDeclaration): boolean {
  return !hasName(declaration);
}

function lineOf(node: AstNode): number {
  return (nodeRange(node)?.start.line ?? 0) + 1;
}

/** `a, b or c` */
function joinWords(words: readonly string[], conjunction: string): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** What `open-fix-now` says when decisions name targets: where the threat is still open or only planned. */
function undecidedState(undecided: readonly TargetStatus[]): string {
  const named = (status: ThreatStatus) => undecided.filter(entry => entry.status === status).map(entry => entry.target.name);
  const where = [
    ...(named('open').length > 0 ? [`open for ${joinWords(named('open'), 'and')}`] : []),
    ...(named('planned').length > 0 ? [`only planned for ${joinWords(named('planned'), 'and')}`] : []),
  ].join(' and ');
  const names = undecided.map(entry => entry.target.name).join(', ');
  return `is ${where}: mitigate it there, or record a decision \`for ${names}\` (\`accepted "why" by "who" for ${names}\`).`;
}
