// Hover (docs/language.md §8): what a name, a STRIDE letter or a decision keyword means here. Every
// judgement (zone, coverage, score, status) comes from server/domain.
import type { AstNode, GrammarAST, LangiumDocument, MaybePromise } from 'langium';
import { AstUtils, CstUtils, GrammarAST as Grammar } from 'langium';
import { AstNodeHoverProvider } from 'langium/lsp';
import type { Hover, HoverParams, Position } from 'vscode-languageserver';
import { MarkupContent } from 'vscode-languageserver';
import * as path from 'node:path';
import { modelOf } from '../language/workspace/put-away-documents.js';
import type { Attack, AttackNode, Boundary, DataAsset, Flow, Threat, ThreatTarget } from '../language/generated/ast.js';
import { isAttack, isBoundary, isDataAsset, isDismissal, isFlow, isModelHeader, isThreat, isThreatTarget } from '../language/generated/ast.js';
import type { Catalogues } from '../catalogue/catalogues.js';
import type { TmLspServices } from './tm-lsp-module.js';
import type { TmSettings } from '../language/tm-settings.js';
import type { FlowCoverageMode } from '../domain/analysis.js';
import { analysisOf, coverageOf, isFlowCoverageChecked, MAX_NESTING } from '../domain/analysis.js';
import { attackCost, attackNodeTrail, describeCost } from '../domain/attack.js';
import { displayLabel, kindName } from '../domain/elements.js';
import { levelValue, statusDetail } from '../domain/scoring.js';
import { isStrideLetter } from '../domain/stride.js';
import { flowPort, flowProtocol, isEncryptedFlow } from '../domain/fields.js';
import { flowChannel } from '../domain/protocols.js';
import { describeCrossing, flowCrossing, zoneName, zoneOf } from '../domain/zones.js';
import { countLabel, coverageMarks, scoreLabel } from './labels.js';
import { aboutMarkdown, catalogueEntryMarkdown, strideLetterMarkdown } from './markdown.js';
import { escapeMarkdown } from '../escape/markdown.js';
import { assetClasses, flowDataClasses, writtenData } from '../domain/data.js';

const KEYWORD_HELP: Readonly<Record<string, string>> = {
  exempt: '**exempt** — records that STRIDE letters do not apply to this element or flow, and why: `exempt R "why"`. '
    + 'With a non-empty reason it counts as coverage; a `TODO` reason counts but is flagged for review.',
  mitigation: '**mitigation** — a decision: how the threat is reduced. `mitigation "how" planned|in-progress|done owner "who" ticket "ID"`, '
    + 'planned by default. The threat is *mitigated* once every mitigation is done, *planned* until then.',
  accepted: '**accepted** — a decision: the risk is accepted as it is. It needs a reason and a name: `accepted "why" by "who"`; '
    + 'without both, or with a `TODO` stub, it is not a decision and the threat stays open. '
    + 'Optionally `ticket "ID"`, `date "YYYY-MM-DD"` and `until "YYYY-MM-DD"`.',
  transferred: '**transferred** — a decision: someone else carries the risk (an insurer, a provider, another team): '
    + '`transferred "why" to "whom"`, optionally with `ticket`, `date` and `until`.',
  until: '**until** — the last day an acceptance or transfer holds, `until "2027-05-01"`. From the day after it no longer counts '
    + '(`expired-decision`) and the threat is judged without it.',
  date: '**date** — the day an acceptance or transfer was decided, `date "2026-11-01"`.',
  eliminated: '**eliminated** — a decision: the feature that caused the threat was removed: `eliminated "what was cut"`.',
  for: '**for** — the targets of the threat this decision is about: `accepted "why" by "who" for Api, Db`. '
    + 'Without `for` a decision is about every target; with it each target has its own status, and the threat\'s is the least decided one.',
  description: '**description** — free text: what this is and why, shown in hovers, reports and exports: `description "…"`.',
  refs: '**refs** — references this cites: `CWE-89`, `CAPEC-66`, ASVS `V5.3.4`, ATT&CK `T1190`, OWASP `A03:2021`, `API1:2023`, `LLM01:2025`, or an `https://` URL.',
  data: '**data** — a data asset of this model: `data Contracts "Customer contracts" { sensitivity confidential  category pii }`. '
    + '`carries`, `holds` and `returns` accept its name and count it as its categories.',
  returns: '**returns** — the data the target sends back on the same channel: one connector, two directions. '
    + 'Boundary controls are asked of the flow\'s source, which initiates it.',
  technology: '**technology** — free text: what it is built with, `technology "Spring Boot 3"`.',
  trust: '**trust** — how far the zone inside this boundary is trusted: none, low, medium or high (outside is `none`).',
  import: '**import** — brings in another file\'s declarations: `import "platform/idp.tm" as Idp`, a path relative to this file. '
    + 'Its elements, boundaries, flows, threats and data assets can be named here, as `Login` or `Idp.Login`; '
    + 'its threats count wherever its elements are used (docs/language.md §12).',
  as: '**as** — the name a qualified reference uses for an import: `import "platform/idp.tm" as Idp`, then `Idp.Login`. '
    + 'Without it, the file\'s name (`idp`).',
};

export class TmHoverProvider extends AstNodeHoverProvider {
  private readonly settings: TmSettings;
  private readonly catalogues: Catalogues;

  constructor(services: TmLspServices) {
    super(services);
    this.settings = services.settings;
    this.catalogues = services.shared.workspace.Catalogues;
  }

  /** A catalogue id explained; else Langium's, saying which file a name declared in another file comes from. */
  override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
    const catalogueHover = catalogueIdHover(document, params, this.catalogues);
    if (catalogueHover) return catalogueHover;
    const hover = await super.getHoverContent(document, params);
    const origin = this.declaringFile(document, params.position);
    if (!hover || !origin || !MarkupContent.is(hover.contents)) return hover;
    return { ...hover, contents: { kind: 'markdown', value: `${hover.contents.value}\n\nfrom \`${escapeMarkdown(origin)}\`` } };
  }

  /** The path, relative to `document`, of the other file that declares the name at `position`. */
  private declaringFile(document: LangiumDocument, position: Position): string | undefined {
    const root = modelOf(document)?.$cstNode;
    const cst = root && CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(position), this.grammarConfig.nameRegexp);
    const target = cst && this.references.findDeclarations(cst)[0];
    const declaring = target && AstUtils.getDocument(target).uri;
    if (!declaring || declaring.toString() === document.uri.toString()) return undefined;
    return path.relative(path.dirname(document.uri.fsPath), declaring.fsPath).split(path.sep).join('/');
  }

  protected override getAstNodeHoverContent(node: AstNode): MaybePromise<string | undefined> {
    if (isThreat(node)) return threatMarkdown(node, this.settings.today);
    if (isThreatTarget(node)) return targetMarkdown(node, this.settings.options.coverageFlows, this.settings.today);
    if (isBoundary(node)) return boundaryMarkdown(node);
    if (isAttack(node)) return attackMarkdown(node);
    if (isDataAsset(node)) return dataAssetMarkdown(node);
    if (isModelHeader(node)) return ['**model**' + (node.title ? ` — ${escapeMarkdown(node.title)}` : ''), ...aboutMarkdown(node)].join('\n');
    return undefined;
  }

  protected override getKeywordHoverContent(keyword: GrammarAST.Keyword): MaybePromise<Hover | undefined> {
    const rule = AstUtils.getContainerOfType(keyword, Grammar.isParserRule)?.name;
    const value = rule === 'StrideLetter' && isStrideLetter(keyword.value) ? strideLetterMarkdown(keyword.value) : KEYWORD_HELP[keyword.value];
    return value === undefined ? undefined : { contents: { kind: 'markdown', value } };
  }
}

/** The entry a `catalogue "tm:…"` in a threat or a `dismiss "tm:…"` names, explained; undefined elsewhere or for an unknown id. */
function catalogueIdHover(document: LangiumDocument, params: HoverParams, catalogues: Catalogues): Hover | undefined {
  const root = modelOf(document)?.$cstNode;
  const leaf = root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position));
  if (!leaf) return undefined;
  const feature = AstUtils.getContainerOfType(leaf.grammarSource, Grammar.isAssignment)?.feature;
  const named = (feature === 'catalogue' && isThreat(leaf.astNode)) || (feature === 'entry' && isDismissal(leaf.astNode));
  // The token itself, not the node's first value: a repeated `catalogue` shows its own entry.
  const id = named && leaf.text.length >= 2 ? leaf.text.slice(1, -1) : undefined;
  // The document's own catalogue: a team pack's entry or override explains itself.
  const entry = id === undefined ? undefined : catalogues.of(document.uri).pack.byId.get(id);
  return entry && { contents: { kind: 'markdown', value: catalogueEntryMarkdown(entry) }, range: leaf.range };
}

function heading(node: Threat | ThreatTarget | Boundary | Attack | DataAsset): string {
  const label = displayLabel(node);
  const suffix = label === node.name ? '' : ` — ${escapeMarkdown(label)}`;
  return `**${kindName(node)} ${escapeMarkdown(node.name)}**${suffix}`;
}

function targetMarkdown(target: ThreatTarget, flowCoverage: FlowCoverageMode, today: string): string {
  const analysis = analysisOf(target);
  const coverage = coverageOf(analysis, target);
  const unchecked = isFlow(target) && !isFlowCoverageChecked(target, flowCoverage) ? ' (not required for this flow by the coverage setting)' : '';
  const threats = coverage.threats.map(threat => `- ${threatLine(threat, today, target)}`);
  return [
    heading(target),
    ...technologyLines(target),
    ...aboutMarkdown(target),
    '',
    isFlow(target) ? flowZones(target) : `Zone: ${escapeMarkdown(zoneName(zoneOf(target)))}`,
    ...(isFlow(target) ? ['', channelLine(target), ...flowDataLines(target)] : []),
    '',
    `STRIDE: ${coverageMarks(coverage)}${unchecked}`,
    '',
    threats.length === 0 ? 'No threats on it yet.' : `${countLabel(threats.length, 'threat')}:`,
    ...threats,
  ].join('\n');
}

/** `Channel: plaintext (HTTP, port 80)`: what docs/language.md §11 judges the flow's channel to be, and why. */
function channelLine(flow: Flow): string {
  const protocol = flowProtocol(flow);
  const port = flowPort(flow);
  const channel = flowChannel(flow);
  const why = isEncryptedFlow(flow) ? 'says `encrypted`' : protocol === undefined ? 'no protocol named' : escapeMarkdown(protocol);
  const advice = channel === 'unverified' ? ' — not known to encrypt: say `encrypted` if it does' : '';
  return `Channel: ${channel} (${why}${port === undefined ? '' : `, port ${port}`})${advice}`;
}

function flowZones(flow: Flow): string {
  const crossing = flowCrossing(flow);
  if (crossing) return `Crosses ${escapeMarkdown(describeCrossing(crossing))}`;
  const source = flow.source?.ref;
  return source ? `Within ${escapeMarkdown(zoneName(zoneOf(source)))}` : 'Zone unknown: an end does not resolve';
}

/** `T1 Reads another invoice — 9 · fix now · open`, with the status at `target`. */
function threatLine(threat: Threat, today: string, target: ThreatTarget): string {
  const score = scoreLabel(threat) ?? 'unscored';
  return `${escapeMarkdown(threat.name)} ${escapeMarkdown(displayLabel(threat))} — ${score} · ${escapeMarkdown(statusDetail(threat, today, target))}`;
}

function threatMarkdown(threat: Threat, today: string): string {
  const score = scoreLabel(threat);
  const targets = threat.targets.map(reference => escapeMarkdown(reference.$refText)).join(', ');
  return [
    heading(threat),
    '',
    score === undefined
      ? 'Unscored: add `likelihood 1..3` and `impact 1..3`.'
      : `Score ${score} (likelihood ${levelValue(threat.likelihood[0])} × impact ${levelValue(threat.impact[0])})`,
    '',
    `Status: ${escapeMarkdown(statusDetail(threat, today))}`,
    ...(targets ? ['', `On ${targets}${threat.letters.length > 0 ? ` · stride ${threat.letters.join(', ')}` : ''}`] : []),
    ...aboutMarkdown(threat),
  ].join('\n');
}

function boundaryMarkdown(boundary: Boundary): string {
  const facts = [boundary.kind[0] && `kind ${boundary.kind[0]}`, boundary.trust[0] && `trust ${boundary.trust[0]}`].filter(Boolean);
  return [
    heading(boundary),
    ...(facts.length > 0 ? ['', facts.join(' · ')] : []),
    ...aboutMarkdown(boundary),
    '',
    `Trust zone with ${countLabel(boundary.members.length, 'member')}; flows in and out of it cross a boundary.`,
  ].join('\n');
}

/** `kind api · Spring Boot 3` */
function technologyLines(target: ThreatTarget): string[] {
  if (isFlow(target)) return [];
  const kind = target.kind[0];
  const facts = [kind && `kind ${kind}`, target.technology[0] && escapeMarkdown(target.technology[0])].filter(Boolean);
  return facts.length > 0 ? ['', facts.join(' · ')] : [];
}

/** What the request carries and the reply returns, assets expanded into the classes the rules read. */
function flowDataLines(flow: Flow): string[] {
  const lines: string[] = [];
  const carried = writtenData(flow.carries, flow.carriedAssets);
  const returned = writtenData(flow.returns, flow.returnedAssets);
  if (carried.length > 0) lines.push('', `Carries ${escapeMarkdown(carried.join(', '))}${expansion(flow.carriedAssets.length, flowDataClasses(flow, 'carries'))}`);
  if (returned.length > 0) lines.push('', `Returns ${escapeMarkdown(returned.join(', '))}${expansion(flow.returnedAssets.length, flowDataClasses(flow, 'returns'))}`);
  return lines;
}

function expansion(assets: number, classes: readonly string[]): string {
  return assets > 0 && classes.length > 0 ? ` (counted as ${classes.join(', ')})` : '';
}

/** What the asset is worth and which classes it counts as wherever it goes (docs/language.md §3). */
function dataAssetMarkdown(asset: DataAsset): string {
  const facts = [
    asset.sensitivity[0] && `sensitivity ${asset.sensitivity[0]}`,
    asset.integrity[0] && `integrity ${asset.integrity[0]}`,
    asset.availability[0] && `availability ${asset.availability[0]}`,
  ].filter(Boolean);
  const classes = assetClasses(asset);
  return [
    heading(asset),
    ...(facts.length > 0 ? ['', facts.join(' · ')] : []),
    '',
    classes.length > 0 ? `Counts as ${classes.join(', ')} wherever it is carried, held or returned.` : 'Counts as no class: give it a `sensitivity` or a `category`.',
    ...aboutMarkdown(asset),
  ].join('\n');
}

/** The goal, the threat it details and the cheapest path: what to cut first (docs/language.md §7). */
function attackMarkdown(attack: Attack): string {
  const tree = attack.trees[0];
  const { path, unexpanded } = tree ? attackCost(tree, MAX_NESTING) : { path: undefined, unexpanded: [] };
  const realizes = attack.realizes[0]?.$refText;
  const trail = (leaf: AttackNode) => `- ${attackNodeTrail(leaf).map(node => escapeMarkdown(node.text)).join(' → ')}`;
  return [
    heading(attack),
    ...(realizes ? ['', `Realizes ${escapeMarkdown(realizes)}`] : []),
    '',
    path ? `Cheapest path costs ${describeCost(path.cost)}; cut it first:` : 'No complete path with valid costs yet.',
    ...(path?.leaves.map(trail) ?? []),
    ...(unexpanded.length > 0 ? ['', `Not counted: ${unexpanded.length === 1 ? 'an unexpanded leaf' : `${unexpanded.length} unexpanded leaves`} (no cost yet):`, ...unexpanded.map(trail)] : []),
    ...aboutMarkdown(attack),
  ].join('\n');
}
