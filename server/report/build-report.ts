// The review document of one model as plain data (docs/language.md §§4–7): every writer (Markdown, HTML,
// JSON) and `tm diff` read this one structure, so they cannot disagree. All judgements come
// from server/domain; this module only gathers and orders them. A model that imports others is
// reported as its composed model (docs/language.md §12): what another file declares is named
// as the diagram names it (`idp.Login`) and says which file it comes from (`importedFrom`).
import type { AstNode } from 'langium';
import type { Boundary, Control, DataAsset, Decision, Element, Flow, NamedDeclaration, Threat, ThreatTarget } from '../language/generated/ast.js';
import { isAcceptance, isBoundary, isExternal, isMitigation, isProcess, isTransfer } from '../language/generated/ast.js';
import type { FlowCoverageMode, ModelAnalysis } from '../domain/analysis.js';
import { coverageOf, isFlowCoverageChecked, MAX_NESTING } from '../domain/analysis.js';
import { attackCost, describeCost, attackNodeTrail } from '../domain/attack.js';
import { displayLabel } from '../domain/elements.js';
import {
  CONTROL_NAMES, externalKind, flowControl, flowPort, flowProtocol, headerField, isControlDeclared, isEncryptedStore, isFilled, isStub,
  mitigationStatus, processPrivilege, storeKind,
} from '../domain/fields.js';
import type { ControlName } from '../domain/fields.js';
import type { Channel, ProtocolVerdict } from '../domain/protocols.js';
import { flowChannel, protocolVerdict } from '../domain/protocols.js';
import type { ReviewVerdict } from '../domain/review.js';
import { reviewVerdict, todayIso } from '../domain/review.js';
import { DEFAULT_OPTIONS } from '../language/tm-settings.js';
import type { DatedDecision, ThreatFigures, ThreatStatus } from '../domain/scoring.js';
import { hasTargetedDecisions, isCompleteAcceptance, isEffectiveDecision, isExpiredDecision, isOpenFixNow, rankThreats, targetStatuses, threatFigures } from '../domain/scoring.js';
import type { StrideLetter } from '../domain/stride.js';
import { inStrideOrder } from '../domain/stride.js';
import { summarize } from '../domain/summary.js';
import { flowCrossing, OUTSIDE, outOfScopeReason, zoneName, zoneOf } from '../domain/zones.js';
import { assetClasses, writtenData } from '../domain/data.js';
import { parseReference } from '../domain/references.js';
import type { CataloguePack } from '../catalogue/pack.js';
import { defaultPack } from '../catalogue/default-pack.js';
import { suggestionsOf } from '../catalogue/suggestions.js';
import type { Origins } from '../domain/origins.js';
import { originsOf } from '../domain/origins.js';

/** Bumped on any incompatible change of the JSON report; docs/report-schema.json describes it. */
export const REPORT_SCHEMA_VERSION = '1.2';

export interface ReportOptions {
  /** `YYYY-MM-DD`: the day the review age is measured against. */
  today: string;
  reviewMaxAgeDays: number;
  coverageFlows: FlowCoverageMode;
  /** The catalogue whose suggestions the report lists: the model's own (team packs); the default pack when absent. */
  catalogue?: CataloguePack;
}

export interface Reference {
  /** The name; qualified (`idp.Login`) for what an imported file declares. */
  name: string;
  label: string;
  /** The file it is declared in, relative to the model's directory, when that is an imported file. */
  importedFrom?: string;
}

/** A `refs` entry: the text as written, and, when it has an accepted form, its catalogue and page. */
export interface ReportCitation {
  id: string;
  kind?: string;
  url?: string;
}

/** A declaration's own words (docs/language.md §3). */
export interface Described {
  description?: string;
  references?: ReportCitation[];
}

/** Why an element, flow or boundary is out of scope, by itself or its boundary (docs/language.md §10). */
export interface Scoped {
  outOfScope?: string;
}

export interface ReportElement extends Reference, Described, Scoped {
  kind: 'external' | 'process' | 'store';
  /** External kind, process kind or store kind, when declared. */
  subkind?: string;
  technology?: string;
  privilege?: string;
  holds?: string[];
  encrypted?: boolean;
  zone: string;
}

export interface ReportBoundary extends Reference, Described, Scoped {
  /** The enclosing boundary, or `outside`. */
  parent: string;
  /** Boundary kind and trust level, when declared. */
  subkind?: string;
  trust?: string;
  members: string[];
}

export interface ReportControl {
  /** `declared`: a description or `none`; `stub`: a TODO description; `missing`: absent or empty. */
  state: 'declared' | 'none' | 'stub' | 'missing';
  text?: string;
}

export interface ReportFlow extends Reference, Described, Scoped {
  source: string;
  target: string;
  protocol?: string;
  protocolVerdict: ProtocolVerdict;
  /** As written, whether or not it is a valid port (docs/language.md §11). */
  port?: number;
  /** `encrypted`, `plaintext` or `unverified` (docs/language.md §11). */
  channel: Channel;
  /** Built-in classes and data asset names, as written. */
  carries: string[];
  /** What the target sends back on the same channel, as written. */
  returns?: string[];
  /** The two zones, when the flow crosses a boundary. */
  crossing?: { from: string; to: string };
  controls: Record<ControlName, ReportControl>;
}

export interface ReportDecision {
  kind: 'mitigation' | 'accepted' | 'transferred' | 'eliminated';
  text: string;
  status?: 'planned' | 'in-progress' | 'done';
  owner?: string;
  ticket?: string;
  /** Who accepted. */
  by?: string;
  /** Who the risk was transferred to. */
  to?: string;
  /** An acceptance's or transfer's `date` and `until`, as written (docs/language.md §4). */
  date?: string;
  until?: string;
  /** The targets it is about, as written after `for`; absent when it is about every target. */
  for?: string[];
  /** True when an acceptance or transfer is past its `until` on the report's day, so it does not count. */
  expired?: boolean;
  /** False for an incomplete or stubbed acceptance, transfer or elimination (docs/language.md §10). */
  effective: boolean;
  references?: ReportCitation[];
}

export interface ReportThreat extends Reference, Described, ThreatFigures {
  /** 1-based position in the ranking. */
  rank: number;
  letters: StrideLetter[];
  openFixNow: boolean;
  /** With each target's own status when decisions name their targets (docs/language.md §4). */
  targets: Array<Reference & { status?: ThreatStatus }>;
  decisions: ReportDecision[];
}

export interface ReportAttack extends Reference, Described {
  realizes: string[];
  cheapestPath?: {
    cost: number;
    costLabel: string;
    /** Each leaf to achieve, as the node texts from the goal down to it. */
    steps: string[][];
  };
  /** The leaves without a cost, which the cheapest path skips (docs/language.md §11), as for `steps`. */
  unexpanded?: string[][];
}

/** A data asset and the built-in classes it counts as wherever it goes. */
export interface ReportDataAsset extends Reference, Described {
  sensitivity?: string;
  categories: string[];
  integrity?: string;
  availability?: string;
  classes: string[];
}

export interface ReportCoverage extends Reference, Scoped {
  kind: 'external' | 'process' | 'store' | 'flow';
  /** Whether the checks require this target's letters to be covered (flows depend on the setting). */
  checked: boolean;
  applicable: StrideLetter[];
  covered: StrideLetter[];
  uncovered: StrideLetter[];
  exemptions: Array<{ letters: StrideLetter[]; reason: string }>;
}

/** An entry of the threat catalogue that applies to an element or flow and is neither added nor dismissed there (docs/catalogue.md). */
export interface ReportSuggestion {
  /** The element or flow. */
  target: string;
  targetKind: 'external' | 'process' | 'store' | 'flow';
  entry: string;
  title: string;
  letters: StrideLetter[];
  /** Why the catalogue suggests it here, in words. */
  trigger: string;
  references?: ReportCitation[];
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  title: string;
  owner?: string;
  reviewed?: string;
  revisit?: string;
  description?: string;
  references?: ReportCitation[];
  review: { verdict: ReviewVerdict['kind']; ageDays?: number; maxAgeDays: number; today: string };
  verdict: { done: boolean; fixNowOpen: number; threats: number };
  elements: ReportElement[];
  boundaries: ReportBoundary[];
  flows: ReportFlow[];
  threats: ReportThreat[];
  attacks: ReportAttack[];
  /** Present when the model declares data assets. */
  dataAssets?: ReportDataAsset[];
  coverage: ReportCoverage[];
  /** Present when the catalogue suggests threats the model has not recorded. */
  suggestions?: ReportSuggestion[];
}

const UNTITLED = 'Untitled model';

/** The settings' defaults (docs/language.md §10), and today's date: what the editor shows. */
export function defaultReportOptions(): ReportOptions {
  return { today: todayIso(), reviewMaxAgeDays: DEFAULT_OPTIONS.reviewMaxAgeDays, coverageFlows: DEFAULT_OPTIONS.coverageFlows };
}

export function buildReport(analysis: ModelAnalysis, options: ReportOptions = defaultReportOptions()): Report {
  const header = analysis.header;
  const origins = originsOf(analysis);
  const { idOf } = origins;
  // The composed model: the file's own declarations, then those of the files it imports.
  const { elements, boundaries, flows, threats, attacks, dataAssets } = analysis.composed;
  const review = reviewVerdict(headerField(header, 'reviewed'), options.today, options.reviewMaxAgeDays);
  return omitUndefined({
    schemaVersion: REPORT_SCHEMA_VERSION,
    title: isFilled(header?.title) ? header.title : UNTITLED,
    owner: headerField(header, 'owner'),
    reviewed: headerField(header, 'reviewed'),
    revisit: headerField(header, 'revisit'),
    description: headerField(header, 'description'),
    references: header && citations(header.refs),
    review: omitUndefined({
      verdict: review.kind,
      ageDays: 'ageDays' in review ? review.ageDays : undefined,
      maxAgeDays: options.reviewMaxAgeDays,
      today: options.today,
    }),
    verdict: summarize(analysis, options.today),
    elements: elements.map(element => reportElement(element, origins)),
    boundaries: boundaries.filter(isNamed).map(boundary => omitUndefined({
      ...namedBy(origins, boundary),
      parent: isBoundary(boundary.$container) ? idOf(boundary.$container) : OUTSIDE,
      subkind: boundary.kind[0],
      trust: boundary.trust[0],
      members: boundary.members.filter(isNamed).map(idOf),
      outOfScope: outOfScopeReason(boundary),
      ...described(boundary),
    })),
    flows: flows.map(flow => reportFlow(flow, origins)),
    threats: rankThreats(threats).map((threat, index) => reportThreat(threat, index + 1, options.today, origins)),
    attacks: attacks.map(attack => {
      const { path, unexpanded } = attack.trees[0] ? attackCost(attack.trees[0], MAX_NESTING) : { path: undefined, unexpanded: [] };
      return omitUndefined({
        ...namedBy(origins, attack),
        realizes: attack.realizes.map(reference => referenceName(reference, origins)),
        ...described(attack),
        cheapestPath: path && {
          cost: path.cost,
          costLabel: describeCost(path.cost),
          steps: path.leaves.map(leaf => attackNodeTrail(leaf).map(node => node.text)),
        },
        unexpanded: unexpanded.length > 0 ? unexpanded.map(leaf => attackNodeTrail(leaf).map(node => node.text)) : undefined,
      });
    }),
    dataAssets: dataAssets.length > 0 ? dataAssets.map(asset => reportDataAsset(asset, origins)) : undefined,
    coverage: [
      ...elements.map(element => reportCoverage(analysis, element, true, origins)),
      ...flows.map(flow => reportCoverage(analysis, flow, isFlowCoverageChecked(flow, options.coverageFlows), origins)),
    ],
    suggestions: reportSuggestions(analysis, options.catalogue ?? defaultPack()),
  });
}

function reportSuggestions(analysis: ModelAnalysis, catalogue: CataloguePack): ReportSuggestion[] | undefined {
  const suggestions = [...suggestionsOf(analysis, catalogue)].flatMap(([target, listed]) => listed.map(({ entry, trigger }) => omitUndefined({
    target: target.name,
    targetKind: coverageKind(target),
    entry: entry.id,
    title: entry.title,
    letters: [...entry.stride],
    trigger,
    references: citations(entry.refs),
  })));
  return suggestions.length > 0 ? suggestions : undefined;
}

/** A declaration's name and label, and its file when it is imported. */
function namedBy(origins: Origins, node: NamedDeclaration): Reference {
  return omitUndefined({ name: origins.idOf(node), label: displayLabel(node), importedFrom: origins.importedFrom(node) });
}

/** What a reference names, as the report names it; as written when it does not resolve. */
function referenceName(reference: { ref?: NamedDeclaration; $refText: string }, origins: Origins): string {
  return reference.ref ? origins.idOf(reference.ref) : reference.$refText;
}

/** A zone's name as the report names boundaries (`outside` outside every boundary). */
function zoneId(zone: Boundary | undefined, origins: Origins): string {
  return zone && isFilled(zone.name) ? origins.idOf(zone) : zoneName(zone);
}

/**
 * A declaration whose name did not parse is half-typed: the report shows only what parsed (the
 * analysis already leaves out every other unnamed declaration).
 */
function isNamed(declaration: NamedDeclaration): boolean {
  return isFilled(declaration.name);
}

/** The description and the references of a declaration, each only when written. */
function described(node: { description: string[]; refs: string[] }): Described {
  return omitUndefined({ description: node.description[0], references: citations(node.refs) });
}

function citations(refs: readonly string[]): ReportCitation[] | undefined {
  if (refs.length === 0) return undefined;
  return refs.map(text => {
    const parsed = parseReference(text);
    return omitUndefined({ id: text, kind: parsed?.kind, url: parsed?.url });
  });
}

function reportDataAsset(asset: DataAsset, origins: Origins): ReportDataAsset {
  return omitUndefined({
    ...namedBy(origins, asset),
    sensitivity: asset.sensitivity[0],
    categories: [...asset.category],
    integrity: asset.integrity[0],
    availability: asset.availability[0],
    classes: assetClasses(asset),
    ...described(asset),
  });
}

function reportElement(element: Element, origins: Origins): ReportElement {
  const base = {
    ...namedBy(origins, element), zone: zoneId(zoneOf(element), origins), technology: element.technology[0],
    outOfScope: outOfScopeReason(element), ...described(element),
  };
  if (isExternal(element)) return omitUndefined({ ...base, kind: 'external', subkind: externalKind(element) });
  if (isProcess(element)) return omitUndefined({ ...base, kind: 'process', subkind: element.kind[0], privilege: processPrivilege(element) });
  const holds = writtenData(element.holds, element.heldAssets);
  return omitUndefined({
    ...base,
    kind: 'store',
    subkind: storeKind(element),
    holds: holds.length > 0 ? holds : undefined,
    encrypted: isEncryptedStore(element) || undefined,
  });
}

function reportFlow(flow: Flow, origins: Origins): ReportFlow {
  const crossing = flowCrossing(flow);
  const protocol = flowProtocol(flow);
  return omitUndefined({
    ...namedBy(origins, flow),
    // An end that did not parse (a half-typed flow) has no reference at all.
    source: flow.source ? referenceName(flow.source, origins) : '',
    target: flow.target ? referenceName(flow.target, origins) : '',
    protocol,
    protocolVerdict: protocolVerdict(protocol),
    port: flowPort(flow),
    channel: flowChannel(flow),
    carries: writtenData(flow.carries, flow.carriedAssets),
    returns: flow.returns.length + flow.returnedAssets.length > 0 ? writtenData(flow.returns, flow.returnedAssets) : undefined,
    crossing: crossing && { from: zoneId(crossing.from, origins), to: zoneId(crossing.to, origins) },
    controls: Object.fromEntries(CONTROL_NAMES.map(name => [name, reportControl(flowControl(flow, name))])) as Record<ControlName, ReportControl>,
    outOfScope: outOfScopeReason(flow),
    ...described(flow),
  });
}

function reportControl(control: Control | undefined): ReportControl {
  if (!isControlDeclared(control)) return { state: 'missing' };
  if (control!.none) return { state: 'none' };
  return { state: isStub(control!.text) ? 'stub' : 'declared', text: control!.text };
}

/** An acceptance's or transfer's ticket and dates, and `expired` only when it has lapsed on `today`. */
function datedParts(decision: DatedDecision, today: string): Pick<ReportDecision, 'ticket' | 'date' | 'until' | 'expired'> {
  return { ticket: decision.ticket[0], date: decision.date[0], until: decision.until[0], expired: isExpiredDecision(decision, today) || undefined };
}

function reportThreat(threat: Threat, rank: number, today: string, origins: Origins): ReportThreat {
  const statusAt = new Map(hasTargetedDecisions(threat) ? targetStatuses(threat, today).map(({ target, status }) => [target as AstNode, status]) : []);
  return omitUndefined({
    rank,
    ...namedBy(origins, threat),
    letters: inStrideOrder(threat.letters),
    ...threatFigures(threat, today),
    openFixNow: isOpenFixNow(threat, today),
    ...described(threat),
    targets: threat.targets.map(reference => omitUndefined({
      ...(reference.ref ? namedBy(origins, reference.ref) : { name: reference.$refText, label: reference.$refText }),
      status: reference.ref ? statusAt.get(reference.ref) : undefined,
    })),
    decisions: threat.decisions.map((decision): ReportDecision => ({
      ...reportDecision(decision, today),
      ...(decision.targets.length > 0 ? { for: decision.targets.map(target => referenceName(target, origins)) } : {}),
    })),
  });
}

function reportDecision(decision: Decision, today: string): ReportDecision {
  const effective = isEffectiveDecision(decision, today);
  if (isMitigation(decision)) {
    return omitUndefined({
      kind: 'mitigation', text: decision.text, status: mitigationStatus(decision),
      owner: decision.owner[0], ticket: decision.ticket[0], effective, references: citations(decision.refs),
    });
  }
  if (isAcceptance(decision)) {
    return omitUndefined({ kind: 'accepted', text: decision.reason, by: decision.by, effective: effective && isCompleteAcceptance(decision), ...datedParts(decision, today) });
  }
  if (isTransfer(decision)) return omitUndefined({ kind: 'transferred', text: decision.reason, to: decision.to, effective, ...datedParts(decision, today) });
  return { kind: 'eliminated', text: decision.what, effective };
}

function coverageKind(target: ThreatTarget): ReportCoverage['kind'] {
  return target.$type === 'External' ? 'external' : target.$type === 'Process' ? 'process' : target.$type === 'Store' ? 'store' : 'flow';
}

function reportCoverage(analysis: ModelAnalysis, target: ThreatTarget, checked: boolean, origins: Origins): ReportCoverage {
  const coverage = coverageOf(analysis, target);
  return omitUndefined({
    ...namedBy(origins, target),
    kind: coverageKind(target),
    checked,
    applicable: [...coverage.applicable],
    covered: [...coverage.covered],
    uncovered: [...coverage.uncovered],
    exemptions: target.exemptions
      .filter(exemption => isFilled(exemption.reason))
      .map(exemption => ({ letters: inStrideOrder(exemption.letters), reason: exemption.reason! })),
    outOfScope: outOfScopeReason(target),
  });
}

/** Absent optional fields are left out rather than written as `undefined`, so JSON and goldens stay stable. */
function omitUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
