// Open Threat Model (OTM, JSON or YAML) → tm. Trust zones become boundaries (nested by parent),
// components elements (their kind read from the component type), dataflows flows, and threat
// instances threats with their states and mitigations as decisions. docs/otm.md has the table.
import type { StrideLetter } from '../domain/stride.js';
import type { DecisionLine } from './threat-dragon-format.js';
import type {
  ElementKind, ImportedBoundary, ImportedDataAsset, ImportedElement, ImportedFlow, ImportedModel, ImportedSection, ImportedThreat,
} from './imported-model.js';
import {
  approximate, leaveOut, letterOfCategory, levelOfPercent, newBoundary, newDataAsset, newElement, newFlow, newSection, newThreat, processKindOfTechnology, quarterOf, readTwoWay,
} from './imported-model.js';
import { field, flagField, isObject, listField, numberField, textField, textsField } from './input-values.js';
import { ImportError } from './import-error.js';
import { ATTACKS_FIELD, readAttacks } from './attack-trees.js';
import { oneLine } from './tm-text.js';
import { applyBoundaryFields, applyElementFields, applyFlowFields, applyThreatFields, assetsByName, fieldsOf, readDataAssets, readRefs } from './tm-fields.js';

/** What a component type says about its kind; the first pattern that matches wins. */
const COMPONENT_KINDS: ReadonlyArray<[RegExp, ElementKind, string?]> = [
  [/queue|kafka|sqs|topic|broker|event-?hub|service-?bus/, 'store', 'queue'],
  [/cache|redis|memcache/, 'store', 'cache'],
  [/log|audit|siem/, 'store', 'log'],
  [/bucket|s3|blob|object-?stor/, 'store', 'bucket'],
  [/file|filesystem|nfs|share/, 'store', 'file'],
  [/database|\bdb\b|-db-|db$|^db|sql|mongo|dynamo|cosmos|postgres|mysql|oracle|storage|vault|datastore|data-?store/, 'store', 'database'],
  [/third-?party|external|saas|partner/, 'external', 'service'],
  // A service named after its users (`user-service`) is still a service.
  [/service|server|api|backend|function|lambda|gateway|worker|container|vm/, 'process'],
  [/browser|client|mobile|android|ios|user|human|actor|person/, 'external', 'user'],
  [/device|iot|sensor/, 'external', 'device'],
];

function kindOfType(type: string): [ElementKind, string?] {
  const lower = type.toLowerCase();
  for (const [pattern, kind, subkind] of COMPONENT_KINDS) if (pattern.test(lower)) return [kind, subkind];
  return ['process'];
}

export function otmModel(input: unknown): ImportedModel {
  if (!isObject(input) || field(input, 'otmVersion') === undefined) throw new ImportError('not an Open Threat Model: otmVersion is missing');
  const project = field(input, 'project');
  const section = newSection();
  const model: ImportedModel = {
    format: `OTM ${oneLine(textField(input, 'otmVersion'))}`,
    title: oneLine(textField(project, 'name')),
    owner: textField(project, 'owner'),
    description: textField(project, 'description'),
    comments: [],
    notes: [],
    sections: [section],
  };
  const projectFields = fieldsOf(project, 'attributes');
  for (const key of ['reviewed', 'revisit'] as const) {
    const value = projectFields.get(`tm.${key}`);
    if (typeof value === 'string') model[key] = value;
  }
  const refs = projectFields.get('tm.refs');
  model.refs = readRefs(typeof refs === 'string' ? refs : undefined);
  const data = projectFields.get('tm.data');
  section.dataAssets = readDataAssets(typeof data === 'string' ? data : undefined);
  if (textField(project, 'ownerContact').trim()) model.comments.push(`OTM owner contact: ${oneLine(textField(project, 'ownerContact'))}`);
  if (listField(input, 'representations').length > 0) {
    leaveOut(model, 'the diagram representations (positions and sizes) are not imported: tm lays out its own diagram');
  }

  const zones = readZones(input, section);
  // tm's own assets (by name) and OTM's (by id): both are data declarations.
  const assets = assetsByName(section.dataAssets);
  for (const otmAsset of listField(input, 'assets')) {
    const id = textField(otmAsset, 'id');
    if (id === '' || assets.has(id)) continue;
    const asset = dataAssetOf(otmAsset, id);
    assets.set(id, asset);
    section.dataAssets.push(asset);
  }
  const components = readComponents(input, section, zones, assets);
  const flows = readDataflows(input, section, components, assets);
  readThreats(input, section, components, flows);
  const attacks = projectFields.get(`tm.${ATTACKS_FIELD}`);
  section.attacks = readAttacks(typeof attacks === 'string' ? attacks : undefined, model);
  return model;
}

/**
 * An OTM asset as a data asset: its 0–100 confidentiality, integrity and availability ratings by
 * quarters (docs/otm.md). OTM names no categories, so tm counts a confidential or restricted
 * asset as sensitive without one (docs/language.md §3).
 */
function dataAssetOf(otmAsset: unknown, id: string): ImportedDataAsset {
  const label = oneLine(textField(otmAsset, 'name')) || oneLine(id);
  const asset = newDataAsset(`asset "${label}" (id ${oneLine(id)})`, label);
  asset.description = textField(otmAsset, 'description');
  const risk = field(otmAsset, 'risk');
  const confidentiality = numberField(risk, 'confidentiality');
  if (confidentiality !== undefined) asset.sensitivity = quarterOf(confidentiality, ['public', 'internal', 'confidential', 'restricted'] as const);
  const integrity = numberField(risk, 'integrity');
  if (integrity !== undefined) asset.integrity = quarterOf(integrity, ['low', 'medium', 'high', 'critical'] as const);
  const availability = numberField(risk, 'availability');
  if (availability !== undefined) asset.availability = quarterOf(availability, ['low', 'medium', 'high', 'critical'] as const);
  return asset;
}

function readZones(input: unknown, section: ImportedSection): Map<string, ImportedBoundary> {
  const zones = new Map<string, ImportedBoundary>();
  const parents: Array<[ImportedBoundary, unknown]> = [];
  for (const zone of listField(input, 'trustZones')) {
    if (!isObject(zone)) continue;
    const id = textField(zone, 'id');
    const fields = fieldsOf(zone, 'attributes');
    // tm's export puts the elements outside every boundary in a zone of their own.
    if (fields.get('tm.outside') === 'true') continue;
    const label = oneLine(textField(zone, 'name')) || 'Trust zone';
    const boundary = newBoundary(`trust zone "${label}" (id ${oneLine(id)})`, label);
    boundary.description = textField(zone, 'description');
    // The trust rating by quarters (tm's export writes none 0, low 25, medium 50, high 100); tm's placeholder is no rating.
    const rating = numberField(field(zone, 'risk'), 'trustRating');
    if (rating !== undefined && fields.get('tm.trust-rating') !== 'placeholder') boundary.trust = quarterOf(rating, ['none', 'low', 'medium', 'high'] as const);
    applyBoundaryFields(boundary, fields);
    if (textField(zone, 'type').trim()) boundary.comments.push(`OTM type: ${oneLine(textField(zone, 'type'))}`);
    if (zones.has(id)) approximate(boundary, `its id "${oneLine(id)}" is also another trust zone's; components naming it go to the first`);
    else if (id !== '') zones.set(id, boundary);
    parents.push([boundary, field(zone, 'parent')]);
    section.boundaries.push(boundary);
  }
  for (const [boundary, parent] of parents) {
    const parentZone = textField(parent, 'trustZone');
    if (parentZone !== '') {
      boundary.parent = zones.get(parentZone);
      if (!boundary.parent) approximate(boundary, `its parent trust zone "${oneLine(parentZone)}" does not exist; written at the top level`);
    } else if (textField(parent, 'component') !== '') {
      approximate(boundary, 'its parent is a component, and tm boundaries hold components, not the other way round; written at the top level');
    }
  }
  return zones;
}

function readComponents(input: unknown, section: ImportedSection, zones: Map<string, ImportedBoundary>, assets: Map<string, ImportedDataAsset>): Map<string, ImportedElement> {
  const components = new Map<string, ImportedElement>();
  const parents: Array<[ImportedElement, unknown]> = [];
  for (const component of listField(input, 'components')) {
    if (!isObject(component)) continue;
    const id = textField(component, 'id');
    const type = oneLine(textField(component, 'type'));
    const label = oneLine(textField(component, 'name')) || 'Component';
    const [kind, subkind] = kindOfType(type);
    const element = newElement(kind, `component "${label}" (id ${oneLine(id)})`, label);
    element.subkind = kind === 'process' ? processKindOfTechnology(type) : subkind;
    element.technology = type || undefined;
    element.description = textField(component, 'description');
    const tags = textsField(component, 'tags');
    if (tags.length > 0) element.comments.push(`OTM tags: ${tags.map(oneLine).join(', ')}`);
    if (/^true$/i.test(textField(field(component, 'properties'), 'Out Of Scope'))) element.outOfScope = '';
    const stored = textsField(field(component, 'assets'), 'stored');
    if (element.kind === 'store') element.holds = knownAssets(element, stored, assets);
    const processed = textsField(field(component, 'assets'), 'processed');
    const handled = element.kind === 'store' ? processed : [...processed, ...stored];
    if (handled.length > 0) leaveOut(element, `it handles the assets ${handled.map(oneLine).join(', ')}: in tm only stores hold data and flows carry it`);
    applyElementFields(element, fieldsOf(component, 'attributes'), assetsByName(section.dataAssets));
    if (components.has(id)) approximate(element, `its id "${oneLine(id)}" is also another component's; dataflows and threats naming it go to the first`);
    else if (id !== '') components.set(id, element);
    parents.push([element, field(component, 'parent')]);
    section.elements.push(element);
  }
  // A component inside a component sits in its parent's zone: tm does not nest elements.
  for (const [element, parent] of parents) {
    const zone = textField(parent, 'trustZone');
    if (zone !== '') {
      element.zone = zones.get(zone);
      if (!element.zone) approximate(element, `its trust zone "${oneLine(zone)}" does not exist; written outside every boundary`);
      continue;
    }
    const seen = new Set<ImportedElement>([element]);
    let holder = components.get(textField(parent, 'component'));
    if (holder) approximate(element, `it is inside the component ${oneLine(holder.label)}; tm does not nest elements, so it is written in that component's zone`);
    // Walk up the parent components (a cycle ends the walk) to the first trust zone.
    let zoneOfHolder: ImportedBoundary | undefined;
    while (holder && !seen.has(holder)) {
      seen.add(holder);
      const holderParent = parents.find(([candidate]) => candidate === holder)?.[1];
      zoneOfHolder = zones.get(textField(holderParent, 'trustZone'));
      if (zoneOfHolder) break;
      holder = components.get(textField(holderParent, 'component'));
    }
    element.zone = zoneOfHolder;
  }
  return components;
}

/** The assets a list names; an id that names none is a note. */
function knownAssets(item: ImportedElement | ImportedFlow, ids: readonly string[], assets: ReadonlyMap<string, ImportedDataAsset>): ImportedDataAsset[] {
  const known = ids.flatMap(id => assets.get(id) ?? []);
  const unknown = ids.filter(id => !assets.has(id));
  if (unknown.length > 0) approximate(item, `it names the assets ${unknown.map(id => `"${oneLine(id)}"`).join(', ')}, which are not defined`);
  return known;
}

function readDataflows(input: unknown, section: ImportedSection, components: Map<string, ImportedElement>, assets: Map<string, ImportedDataAsset>): Map<string, ImportedFlow> {
  const flows = new Map<string, ImportedFlow>();
  for (const dataflow of listField(input, 'dataflows')) {
    if (!isObject(dataflow)) continue;
    const id = textField(dataflow, 'id');
    const label = oneLine(textField(dataflow, 'name'));
    const from = components.get(textField(dataflow, 'source'));
    const to = components.get(textField(dataflow, 'destination'));
    if (!from || !to) {
      leaveOut(section, `dataflow "${label || oneLine(id)}" not imported: its ${from ? 'destination' : 'source'} is not a component`);
      continue;
    }
    const flow = newFlow(`dataflow "${label || oneLine(id)}" (id ${oneLine(id)})`, from, to, label);
    flow.description = textField(dataflow, 'description');
    flow.carries = knownAssets(flow, textsField(dataflow, 'assets'), assets);
    applyFlowFields(flow, fieldsOf(dataflow, 'attributes'), assetsByName(section.dataAssets));
    section.flows.push(flow);
    if (flagField(dataflow, 'bidirectional')) readTwoWay(flow, 'OTM');
    if (flows.has(id)) approximate(flow, `its id "${oneLine(id)}" is also another dataflow's; threats naming it go to the first`);
    else if (id !== '') flows.set(id, flow);
  }
  return flows;
}

interface ThreatDefinition {
  title: string;
  description: string;
  letters: StrideLetter[];
  otherCategories: string[];
  refs: string[];
  levels?: [number, number];
  riskComment: string;
  /** What tm's export recorded (names, exact levels, decisions). */
  fields: ReadonlyMap<string, string | string[]>;
}

function readThreats(input: unknown, section: ImportedSection, components: Map<string, ImportedElement>, flows: Map<string, ImportedFlow>): void {
  const definitions = new Map<string, ThreatDefinition>();
  for (const threat of listField(input, 'threats')) {
    const id = textField(threat, 'id');
    if (id === '' || definitions.has(id)) continue;
    const categories = textsField(threat, 'categories');
    const letters = categories.map(letterOfCategory).filter((letter): letter is StrideLetter => letter !== undefined);
    const risk = field(threat, 'risk');
    const likelihood = numberField(risk, 'likelihood');
    const impact = numberField(risk, 'impact');
    definitions.set(id, {
      title: oneLine(textField(threat, 'name')) || oneLine(id),
      description: textField(threat, 'description'),
      letters,
      otherCategories: categories.filter(category => !letterOfCategory(category)),
      refs: textsField(threat, 'cwes').map(cwe => /^\d+$/.test(cwe.trim()) ? `CWE-${cwe.trim()}` : oneLine(cwe)),
      levels: likelihood !== undefined && impact !== undefined ? [levelOfPercent(likelihood), levelOfPercent(impact)] : undefined,
      riskComment: [likelihood !== undefined ? `likelihood ${likelihood}` : '', impact !== undefined ? `impact ${impact}` : '',
        textField(risk, 'likelihoodComment'), textField(risk, 'impactComment')].map(oneLine).filter(part => part !== '').join('; '),
      fields: fieldsOf(threat, 'attributes'),
    });
  }
  const mitigations = new Map<string, { name: string; description: string; riskReduction?: number }>();
  for (const mitigation of listField(input, 'mitigations')) {
    const id = textField(mitigation, 'id');
    if (id !== '' && !mitigations.has(id)) {
      mitigations.set(id, { name: oneLine(textField(mitigation, 'name')) || oneLine(id), description: textField(mitigation, 'description'), riskReduction: numberField(mitigation, 'riskReduction') });
    }
  }

  // Instances of one threat with the same state and mitigations are one tm threat on all their targets.
  const grouped = new Map<string, ImportedThreat>();
  const instancesOf = (holder: unknown, targets: Array<ImportedElement | ImportedFlow>, where: string) => {
    for (const instance of listField(holder, 'threats')) {
      const threatId = textField(instance, 'threat');
      const definition = definitions.get(threatId);
      if (!definition) {
        leaveOut(section, `a threat on ${where} not imported: it names the threat "${oneLine(threatId)}", which is not defined`);
        continue;
      }
      const key = JSON.stringify([threatId, textField(instance, 'state'), listField(instance, 'mitigations').map(entry => [textField(entry, 'mitigation'), textField(entry, 'state')])]);
      const existing = grouped.get(key);
      if (existing) {
        for (const target of targets) if (!existing.targets.includes(target)) existing.targets.push(target);
        continue;
      }
      const threat = newThreat(`threat "${definition.title}" (id ${oneLine(threatId)})`, definition.title);
      threat.targets.push(...targets);
      threat.letters = [...definition.letters];
      threat.levels = definition.levels;
      threat.description = definition.description;
      threat.refs = [...definition.refs];
      if (definition.otherCategories.length > 0) threat.comments.push(`OTM categories without a STRIDE letter: ${definition.otherCategories.map(oneLine).join(', ')}`);
      if (definition.riskComment) threat.comments.push(`OTM risk: ${definition.riskComment}`);
      readDecisions(threat, instance, mitigations);
      if (definition.fields.size > 0) {
        threat.comments.length = 0;
        applyThreatFields(threat, definition.fields);
      }
      grouped.set(key, threat);
      section.threats.push(threat);
    }
  };
  for (const component of listField(input, 'components')) {
    const element = components.get(textField(component, 'id'));
    if (element) instancesOf(component, [element], element.origin);
  }
  for (const dataflow of listField(input, 'dataflows')) {
    const flow = flows.get(textField(dataflow, 'id'));
    if (flow) instancesOf(dataflow, [flow], flow.origin);
  }
}

/**
 * A threat instance's state and its mitigations' states as tm decisions. OTM's states are free
 * text: `mitigated`, `exposed`, `accepted`, `transferred`, `not-applicable` and the mitigation
 * states `implemented`, `required`, `recommended`, `rejected` are read; others are kept in a comment.
 */
function readDecisions(threat: ImportedThreat, instance: unknown, mitigations: Map<string, { name: string; description: string; riskReduction?: number }>): void {
  const state = oneLine(textField(instance, 'state'));
  const decisions: DecisionLine[] = [];
  for (const entry of listField(instance, 'mitigations')) {
    const id = textField(entry, 'mitigation');
    const mitigation = mitigations.get(id);
    const mitigationState = oneLine(textField(entry, 'state')).toLowerCase();
    if (!mitigation) {
      approximate(threat, `its mitigation "${oneLine(id)}" is not defined`);
      continue;
    }
    if (/^(rejected|not-?applicable|na)$/.test(mitigationState)) {
      threat.comments.push(`OTM mitigation ${mitigation.name}: ${mitigationState}`);
      continue;
    }
    decisions.push({ kind: 'mitigation', text: mitigation.name, status: mitigationState === 'implemented' ? 'done' : 'planned' });
    if (mitigationState !== 'implemented' && !/^(required|recommended|proposed|planned)?$/.test(mitigationState)) {
      approximate(threat, `mitigation state "${mitigationState}" is read as planned`);
    }
    if (mitigation.description.trim()) threat.comments.push(`Mitigation ${mitigation.name}: ${oneLine(mitigation.description)}`);
    if (mitigation.riskReduction !== undefined) threat.comments.push(`Mitigation ${mitigation.name}: risk reduction ${mitigation.riskReduction}`);
  }
  switch (state.toLowerCase()) {
    case 'mitigated':
      if (!decisions.some(decision => decision.kind === 'mitigation' && decision.status === 'done')) {
        decisions.push({ kind: 'mitigation', text: 'TODO: OTM marks this mitigated but names no implemented mitigation', status: 'done' });
      }
      break;
    case 'accepted': decisions.push({ kind: 'accepted', reason: '', by: '' }); break;
    case 'transferred': decisions.push({ kind: 'transferred', reason: '', to: '' }); break;
    case 'eliminated': case 'avoided':
      decisions.push({ kind: 'eliminated', what: `TODO: OTM marks this ${state.toLowerCase()} but says not how` });
      break;
    case 'not-applicable': case 'notapplicable': case 'na':
      decisions.push({ kind: 'eliminated', what: 'Not applicable (OTM state)' });
      break;
    case 'exposed': case 'open': case '': break;
    default: threat.comments.push(`OTM state: ${state} (read as open)`);
  }
  threat.decisions = decisions;
}
