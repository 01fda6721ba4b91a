// Threagile's YAML model → tm. Technical assets become elements (by their type), trust
// boundaries boundaries (nested as Threagile nests them), communication links flows (data sent
// as `carries`, data received as `returns`), data assets data declarations, individual risks threats, and `risk_tracking`
// entries decisions. docs/threagile.md has the table and says what is approximated.
import type { DecisionLine } from './threat-dragon-format.js';
import { isDataCategory } from '../language/generated/ast.js';
import type {
  ElementKind, ImportedBoundary, ImportedDataAsset, ImportedElement, ImportedFlow, ImportedModel, ImportedSection, ImportedThreat,
} from './imported-model.js';
import {
  approximate, leaveOut, letterOfCategory, newBoundary, newDataAsset, newElement, newFlow, newSection, newThreat, processKindOfTechnology,
} from './imported-model.js';
import { entriesField, field, flagField, isObject, lookup, numberField, text, textField, textsField } from './input-values.js';
import { ImportError } from './import-error.js';
import { oneLine } from './tm-text.js';
import { parseIsoDate } from '../domain/review.js';

const ELEMENT_KIND = lookup<ElementKind>([['external-entity', 'external'], ['process', 'process'], ['datastore', 'store']]);
const LIKELIHOOD = lookup<number>([['unlikely', 1], ['likely', 2], ['very-likely', 3], ['frequent', 3]]);
const IMPACT = lookup<number>([['low', 1], ['medium', 2], ['high', 3], ['very-high', 3]]);

/** Threagile's five confidentiality levels on tm's four sensitivities, and its criticality levels on tm's four. */
const SENSITIVITY = lookup<ImportedDataAsset['sensitivity']>([
  ['public', 'public'], ['internal', 'internal'], ['restricted', 'confidential'], ['confidential', 'confidential'], ['strictly-confidential', 'restricted'],
]);
const CRITICALITY = lookup<string>([['archive', 'low'], ['operational', 'medium'], ['important', 'high'], ['critical', 'critical'], ['mission-critical', 'critical']]);

/**
 * A Threagile data asset as a tm data asset. Threagile rates it but names no category; a tag
 * that is one of tm's categories (pii, financial, …) becomes one, and a confidential or
 * restricted asset without one still counts as sensitive (docs/language.md §3).
 */
function readDataAsset(name: string, entry: unknown): ImportedDataAsset {
  const asset = newDataAsset(`data asset "${oneLine(name)}" (id ${oneLine(textField(entry, 'id'))})`, oneLine(name));
  asset.description = textField(entry, 'description');
  const confidentiality = textField(entry, 'confidentiality').trim().toLowerCase();
  asset.sensitivity = SENSITIVITY(confidentiality);
  if (confidentiality !== '' && !asset.sensitivity) approximate(asset, `confidentiality "${oneLine(confidentiality)}" is not a Threagile level; no sensitivity written`);
  asset.integrity = CRITICALITY(textField(entry, 'integrity').trim().toLowerCase());
  asset.availability = CRITICALITY(textField(entry, 'availability').trim().toLowerCase());
  asset.categories = textsField(entry, 'tags').map(tag => tag.trim().toLowerCase()).filter(isDataCategory);
  const facts = [['usage', textField(entry, 'usage')], ['origin', textField(entry, 'origin')], ['owner', textField(entry, 'owner')], ['quantity', textField(entry, 'quantity')]]
    .filter(([, value]) => value.trim() !== '');
  if (facts.length > 0) asset.comments.push(`Threagile ${facts.map(([key, value]) => `${key} ${oneLine(value)}`).join('; ')}`);
  if (confidentiality === 'strictly-confidential' || confidentiality === 'restricted') approximate(asset, `Threagile's ${confidentiality} is tm's ${asset.sensitivity}`);
  return asset;
}

/** A trust boundary type as a tm boundary kind. */
function boundaryKindOfType(type: string): string | undefined {
  if (type === 'execution-environment') return 'execution-environment';
  if (type === 'network-cloud-provider') return 'cloud-account';
  if (type === 'network-policy-namespace-isolation') return 'container';
  return type.startsWith('network-') ? 'network' : undefined;
}

export function threagileModel(input: unknown): ImportedModel {
  if (!isObject(input) || !isObject(field(input, 'technical_assets'))) throw new ImportError('not a Threagile model: technical_assets is missing');
  const section = newSection();
  const model: ImportedModel = {
    format: `Threagile ${oneLine(textField(input, 'threagile_version'))}`.trim(),
    title: oneLine(textField(input, 'title')),
    owner: textField(field(input, 'author'), 'name'),
    reviewed: /^\d{4}-\d{2}-\d{2}/.exec(textField(input, 'date'))?.[0],
    description: textField(field(input, 'business_overview'), 'description'),
    comments: [],
    notes: [],
    sections: [section],
  };
  if (textField(input, 'business_criticality').trim()) model.comments.push(`Threagile business criticality: ${oneLine(textField(input, 'business_criticality'))}`);
  for (const key of ['management_summary_comment', 'technical_overview']) {
    const value = key === 'technical_overview' ? textField(field(input, key), 'description') : textField(input, key);
    if (value.trim()) model.comments.push(value.trim());
  }
  for (const [requirement, value] of entriesField(input, 'security_requirements')) model.comments.push(`Security requirement ${oneLine(requirement)}: ${oneLine(text(value))}`);
  for (const [question, answer] of entriesField(input, 'questions')) model.comments.push(`Question: ${oneLine(question)} Answer: ${oneLine(text(answer)) || '(unanswered)'}`);
  for (const [abuseCase, value] of entriesField(input, 'abuse_cases')) leaveOut(model, `abuse case ${oneLine(abuseCase)}: ${oneLine(text(value))}`);

  const assets = new Map<string, ImportedDataAsset>();
  for (const [name, entry] of entriesField(input, 'data_assets')) {
    const id = textField(entry, 'id');
    if (id === '' || assets.has(id)) continue;
    const asset = readDataAsset(name, entry);
    assets.set(id, asset);
    section.dataAssets.push(asset);
  }
  const classesOf = (ids: readonly string[], item: { notes: ImportedElement['notes'] }): ImportedDataAsset[] => {
    const known: ImportedDataAsset[] = [];
    for (const id of ids) {
      const asset = assets.get(id);
      if (asset) known.push(asset);
      else approximate(item, `the data asset "${oneLine(id)}" is not defined`);
    }
    return known;
  };

  const elements = new Map<string, ImportedElement>();
  const technicalAssets = entriesField(input, 'technical_assets');
  for (const [name, asset] of technicalAssets) {
    const id = textField(asset, 'id');
    const type = textField(asset, 'type');
    const kind = ELEMENT_KIND(type) ?? 'process';
    const element = newElement(kind, `technical asset "${oneLine(name)}" (id ${oneLine(id)})`, oneLine(name));
    if (!ELEMENT_KIND(type)) approximate(element, `its type "${oneLine(type)}" is not external-entity, process or datastore; read as a process`);
    readAsset(element, asset, classesOf, assets);
    if (elements.has(id)) approximate(element, `its id "${oneLine(id)}" is also another technical asset's; links and boundaries naming it go to the first`);
    else if (id !== '') elements.set(id, element);
    section.elements.push(element);
  }
  readBoundaries(input, section, elements);
  readSharedRuntimes(input, model, elements);
  const links = readLinks(technicalAssets, section, elements, classesOf);
  readRisks(input, section, elements, links);
  return model;
}

function readAsset(element: ImportedElement, asset: unknown, classesOf: DataOf, assets: Map<string, ImportedDataAsset>): void {
  element.description = textField(asset, 'description');
  const technology = oneLine(textField(asset, 'technology'));
  element.technology = technology || undefined;
  if (element.kind === 'process') element.subkind = processKindOfTechnology(technology);
  if (element.kind === 'external') element.subkind = flagField(asset, 'used_as_client_by_human') ? 'user' : 'service';
  if (element.kind === 'store') {
    element.subkind = /file/.test(technology) ? 'file' : /queue|message/.test(technology) ? 'queue' : /log/.test(technology) ? 'log' : /block-storage|object|bucket/.test(technology) ? 'bucket' : 'database';
    const encryption = textField(asset, 'encryption').trim();
    element.encrypted = encryption !== '' && encryption !== 'none';
    element.holds = classesOf(textsField(asset, 'data_assets_stored'), element);
  } else {
    const stored = textsField(asset, 'data_assets_stored');
    if (stored.length > 0) leaveOut(element, `it stores ${stored.map(id => assets.get(id)?.label ?? oneLine(id)).join(', ')}; only tm stores hold data`);
  }
  const processed = textsField(asset, 'data_assets_processed');
  if (processed.length > 0) element.comments.push(`Processes: ${processed.map(id => assets.get(id)?.label ?? oneLine(id)).join(', ')}`);
  const facts = [
    flagField(asset, 'internet') ? 'exposed to the internet' : '',
    textField(asset, 'machine') ? `machine ${oneLine(textField(asset, 'machine'))}` : '',
    element.kind !== 'store' && textField(asset, 'encryption') && textField(asset, 'encryption') !== 'none' ? `encryption ${oneLine(textField(asset, 'encryption'))}` : '',
    ['confidentiality', 'integrity', 'availability'].map(key => `${key} ${oneLine(textField(asset, key)) || '?'}`).join(', '),
    flagField(asset, 'multi_tenant') ? 'multi-tenant' : '', flagField(asset, 'redundant') ? 'redundant' : '',
    textField(asset, 'owner') ? `owner ${oneLine(textField(asset, 'owner'))}` : '',
  ].filter(fact => fact !== '');
  element.comments.push(`Threagile: ${facts.join('; ')}`);
  if (flagField(asset, 'internet')) leaveOut(element, 'Threagile marks it exposed to the internet; tm reads exposure from the boundaries its flows cross');
  if (flagField(asset, 'out_of_scope')) element.outOfScope = textField(asset, 'justification_out_of_scope');
}

function readBoundaries(input: unknown, section: ImportedSection, elements: Map<string, ImportedElement>): void {
  const boundaries = new Map<string, ImportedBoundary>();
  const entries = entriesField(input, 'trust_boundaries');
  for (const [name, entry] of entries) {
    const id = textField(entry, 'id');
    const boundary = newBoundary(`trust boundary "${oneLine(name)}" (id ${oneLine(id)})`, oneLine(name));
    boundary.description = textField(entry, 'description');
    const type = oneLine(textField(entry, 'type'));
    boundary.subkind = boundaryKindOfType(type);
    if (type !== '' && !boundary.subkind) boundary.comments.push(`Threagile type: ${type}`);
    if (boundaries.has(id)) approximate(boundary, `its id "${oneLine(id)}" is also another trust boundary's; nesting naming it goes to the first`);
    else if (id !== '') boundaries.set(id, boundary);
    section.boundaries.push(boundary);
  }
  const claimed = new Map<ImportedElement, ImportedBoundary>();
  for (const [, entry] of entries) {
    const boundary = boundaries.get(textField(entry, 'id'));
    if (!boundary) continue;
    for (const id of textsField(entry, 'technical_assets_inside')) {
      const element = elements.get(id);
      if (!element) {
        approximate(boundary, `it names the technical asset "${oneLine(id)}", which is not defined`);
      } else if (claimed.has(element)) {
        approximate(element, `it is also inside the trust boundary ${oneLine(boundary.label)}; tm puts an element in one boundary, the first that names it`);
      } else {
        claimed.set(element, boundary);
        element.zone = boundary;
      }
    }
    for (const id of textsField(entry, 'trust_boundaries_nested')) {
      const child = boundaries.get(id);
      if (!child) approximate(boundary, `it nests the trust boundary "${oneLine(id)}", which is not defined`);
      else if (child.parent && child.parent !== boundary) approximate(child, `it is also nested in ${oneLine(boundary.label)}; it stays in the first`);
      else if (child !== boundary) child.parent = boundary;
    }
  }
}

/** Shared runtimes have no tm construct: each asset running on one says so, and the report lists them. */
function readSharedRuntimes(input: unknown, model: ImportedModel, elements: Map<string, ImportedElement>): void {
  for (const [name, runtime] of entriesField(input, 'shared_runtimes')) {
    const running = textsField(runtime, 'technical_assets_running');
    leaveOut(model, `shared runtime ${oneLine(name)} (${running.map(oneLine).join(', ')}): tm has no construct for shared runtimes; each asset on it says so in a comment`);
    for (const id of running) elements.get(id)?.comments.push(`Runs on the shared runtime ${oneLine(name)}${textField(runtime, 'description') ? `: ${oneLine(textField(runtime, 'description'))}` : ''}`);
  }
}

/** The data assets a list of ids names; an undefined id is a note on the item. */
type DataOf = (ids: readonly string[], item: ImportedElement | ImportedFlow) => ImportedDataAsset[];

/** Links by `<source id>><link name>`, and by the link's own id when it has one. */
type Links = Map<string, ImportedFlow[]>;

function readLinks(technicalAssets: ReadonlyArray<[string, unknown]>, section: ImportedSection, elements: Map<string, ImportedElement>, classesOf: DataOf): Links {
  const links: Links = new Map();
  for (const [, asset] of technicalAssets) {
    const from = elements.get(textField(asset, 'id'));
    if (!from) continue;
    for (const [name, link] of entriesField(asset, 'communication_links')) {
      const to = elements.get(textField(link, 'target'));
      if (!to) {
        leaveOut(section, `communication link "${oneLine(name)}" of ${oneLine(from.label)} not imported: its target "${oneLine(textField(link, 'target'))}" is not a technical asset`);
        continue;
      }
      const flow = newFlow(`communication link "${oneLine(name)}" of ${oneLine(from.label)}`, from, to, oneLine(name));
      flow.description = textField(link, 'description');
      const protocol = oneLine(textField(link, 'protocol'));
      if (protocol) flow.protocol = protocol;
      // Threagile names its encrypted variants so: `jdbc-encrypted`, `binary-encrypted`.
      flow.encrypted = /-encrypted$/.test(protocol);
      const authentication = textField(link, 'authentication').trim();
      if (authentication) flow.authn = authentication === 'none' ? 'none' : { text: `Threagile: ${authentication}` };
      const authorization = textField(link, 'authorization').trim();
      if (authorization) flow.authz = authorization === 'none' ? 'none' : { text: `Threagile: ${authorization}` };
      flow.carries = classesOf(textsField(link, 'data_assets_sent'), flow);
      flow.returns = classesOf(textsField(link, 'data_assets_received'), flow);
      const facts = ['vpn', 'ip_filtered', 'readonly'].filter(key => flagField(link, key));
      if (facts.length > 0) flow.comments.push(`Threagile: ${facts.join(', ')}`);
      links.set(`${textField(asset, 'id')}>${name.toLowerCase().replace(/\s+/g, '-')}`, [flow]);
      section.flows.push(flow);
    }
  }
  return links;
}

function readRisks(input: unknown, section: ImportedSection, elements: Map<string, ImportedElement>, links: Links): void {
  const risks = new Map<string, ImportedThreat>();
  for (const [categoryName, category] of entriesField(input, 'individual_risk_categories')) {
    const categoryId = textField(category, 'id');
    const letter = letterOfCategory(textField(category, 'stride'));
    const cwe = numberField(category, 'cwe');
    for (const [title, risk] of entriesField(category, 'risks_identified')) {
      const label = oneLine(title.replace(/<[^>]*>/g, ''));
      const threat = newThreat(`risk "${label}" of the category "${oneLine(categoryName)}"`, label);
      threat.description = textField(category, 'description');
      if (letter) threat.letters.push(letter);
      if (cwe !== undefined) threat.refs.push(`CWE-${cwe}`);
      const likelihood = LIKELIHOOD(textField(risk, 'exploitation_likelihood'));
      const impact = IMPACT(textField(risk, 'exploitation_impact'));
      if (likelihood !== undefined && impact !== undefined) threat.levels = [likelihood, impact];
      threat.comments.push(`Threagile severity ${oneLine(textField(risk, 'severity')) || '?'}, likelihood ${oneLine(textField(risk, 'exploitation_likelihood')) || '?'}, impact ${oneLine(textField(risk, 'exploitation_impact')) || '?'}`);
      if (textField(category, 'mitigation').trim()) threat.comments.push(`Threagile mitigation advice: ${oneLine(textField(category, 'mitigation'))}`);
      const ids = [textField(risk, 'most_relevant_technical_asset'), ...textsField(risk, 'data_breach_technical_assets')];
      for (const id of ids) {
        const target = elements.get(id);
        if (target && !threat.targets.includes(target)) threat.targets.push(target);
      }
      const link = links.get(textField(risk, 'most_relevant_communication_link'));
      if (link) for (const flow of link) if (!threat.targets.includes(flow)) threat.targets.push(flow);
      section.threats.push(threat);
      // Threagile's risk id: the category and the most relevant elements, joined by `@`.
      const riskId = [categoryId, ...['most_relevant_data_asset', 'most_relevant_technical_asset', 'most_relevant_communication_link', 'most_relevant_trust_boundary', 'most_relevant_shared_runtime']
        .map(key => textField(risk, key)).filter(part => part !== '')].join('@');
      risks.set(riskId, threat);
    }
  }
  for (const [riskId, tracking] of entriesField(input, 'risk_tracking')) {
    const decision = trackingDecision(tracking);
    const matching = [...risks].filter(([id]) => riskIdMatches(riskId, id)).map(([, threat]) => threat);
    if (matching.length > 0) {
      for (const threat of matching) addTracking(threat, riskId, tracking, decision);
      continue;
    }
    // A risk Threagile's own rules find: tm does not run them, so the tracked risk becomes a threat of its own.
    const [category, ...parts] = riskId.split('@');
    const title = `${category.replace(/-/g, ' ')} (Threagile risk ${riskId})`;
    const threat = newThreat(`risk_tracking "${oneLine(riskId)}"`, oneLine(title));
    for (const part of parts) {
      const target = elements.get(part) ?? links.get(part)?.[0];
      if (target && !threat.targets.includes(target)) threat.targets.push(target);
    }
    if (parts.some(part => part.includes('*'))) approximate(threat, 'its id has wildcards; tm cannot tell which elements they match, so only the named ones are targets');
    approximate(threat, 'a risk found by a Threagile rule: tm does not run those rules, so the tracked risk is a threat of its own, without STRIDE letters or a score');
    addTracking(threat, riskId, tracking, decision);
    section.threats.push(threat);
  }
}

function riskIdMatches(pattern: string, id: string): boolean {
  const patternParts = pattern.split('@');
  const idParts = id.split('@');
  return patternParts.length === idParts.length && patternParts.every((part, index) => part === '*' || part === idParts[index]);
}

/** Threagile's tracking statuses as tm decisions: unchecked and in-discussion are open. */
function trackingDecision(tracking: unknown): DecisionLine | undefined {
  const justification = oneLine(textField(tracking, 'justification'));
  const ticket = oneLine(textField(tracking, 'ticket'));
  switch (textField(tracking, 'status').trim().toLowerCase()) {
    case 'accepted': {
      // tm takes only a calendar date (docs/language.md §4); another form stays in the tracking comment.
      const date = oneLine(textField(tracking, 'date')).trim();
      return { kind: 'accepted', reason: justification, by: oneLine(textField(tracking, 'checked_by')), ...(ticket ? { ticket } : {}), ...(parseIsoDate(date) !== undefined ? { date } : {}) };
    }
    case 'in-progress': return { kind: 'mitigation', text: justification, status: 'in-progress', ...(ticket ? { ticket } : {}) };
    case 'mitigated': return { kind: 'mitigation', text: justification, status: 'done', ...(ticket ? { ticket } : {}) };
    case 'false-positive': return { kind: 'eliminated', what: `False positive: ${justification || 'TODO: why'}` };
    default: return undefined;
  }
}

function addTracking(threat: ImportedThreat, riskId: string, tracking: unknown, decision: DecisionLine | undefined): void {
  const status = oneLine(textField(tracking, 'status')) || 'unchecked';
  const facts = [`status ${status}`, ...['ticket', 'date', 'checked_by'].filter(key => textField(tracking, key).trim()).map(key => `${key.replace('_', ' ')} ${oneLine(textField(tracking, key))}`)];
  threat.comments.push(`Threagile risk tracking ${oneLine(riskId)}: ${facts.join(', ')}`);
  if (decision) threat.decisions.push(decision);
  if (decision?.kind === 'accepted' && textField(tracking, 'date').trim() && decision.date === undefined) {
    leaveOut(threat, `the acceptance's date ${oneLine(textField(tracking, 'date'))} is not a YYYY-MM-DD date, which a tm acceptance needs`);
  }
  if (status === 'false-positive') approximate(threat, 'Threagile marks it a false positive; tm records that as an elimination');
}
