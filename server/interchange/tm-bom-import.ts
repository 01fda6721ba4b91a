// TM-BOM (the OWASP Threat Model Library format, threat-model.schema.json) → tm. Trust zones
// become boundaries, actors externals, components processes, data stores stores (holding their
// data sets' classes), data flows flows; threats keep their CAPEC/CWE references, controls become
// mitigations and risks score the threats they name. docs/tm-bom.md has the table.
import type { ElementKind, ImportedBoundary, ImportedElement, ImportedFlow, ImportedModel, ImportedSection, ImportedThreat } from './imported-model.js';
import { approximate, leaveOut, newBoundary, newElement, newFlow, newSection, newThreat } from './imported-model.js';
import { field, flagField, isObject, listField, lookup, numberField, textField, textsField } from './input-values.js';
import { ImportError } from './import-error.js';
import { ATTACKS_FIELD, readAttacks } from './attack-trees.js';
import { oneLine } from './tm-text.js';
import { applyBoundaryFields, applyElementFields, applyFlowFields, applyThreatFields, assetsByName, readDataAssets, readFields, readRefs } from './tm-fields.js';
import { TM_BOM_EXTENSION } from './tm-bom-export.js';

const ACTOR_KIND = lookup<string>([
  ['user', 'user'], ['power_user', 'user'], ['administrator', 'user'], ['engineer', 'user'], ['system', 'service'], ['third_party', 'service'],
]);
const STORE_KIND = lookup<string>([['sql', 'database'], ['document', 'database'], ['graph', 'database'], ['time_series', 'database'], ['key_value', 'database'], ['object', 'bucket']]);
/** TM-BOM's sensitivity codes as tm data classes; `ip`, `biz`, `gov` and `op` have no class of their own. */
const DATA_CLASS = lookup<string>([['pii', 'pii'], ['phi', 'health'], ['fin', 'financial'], ['pci', 'financial'], ['cred', 'credentials']]);
const LIKELIHOOD = lookup<number>([['rare', 1], ['unlikely', 1], ['possible', 2], ['likely', 3], ['certain', 3]]);
const IMPACT = lookup<number>([['negligible', 1], ['minor', 1], ['moderate', 2], ['major', 3], ['severe', 3]]);
/** Control statuses that are decisions: in place (done) or committed to (planned). */
const CONTROL_STATUS = lookup<'done' | 'planned' | 'in-progress'>([
  ['active', 'done'], ['assumed', 'done'], ['approved', 'planned'], ['scheduled', 'planned'], ['under_review', 'planned'], ['suggested', 'planned'],
]);

export function tmBomModel(input: unknown): ImportedModel {
  if (!isObject(input) || !isObject(field(input, 'scope'))) throw new ImportError('not a TM-BOM model: scope is missing');
  const scope = field(input, 'scope');
  const section = newSection();
  const reviewed = /^\d{4}-\d{2}-\d{2}/.exec(textField(input, 'reviewed_at'))?.[0];
  const model: ImportedModel = {
    format: `TM-BOM ${oneLine(textField(input, 'version'))}`.trim(),
    title: oneLine(textField(scope, 'title')),
    reviewed,
    description: textField(input, 'description') || textField(scope, 'description'),
    comments: [],
    notes: [],
    sections: [section],
  };
  const scopeFacts = [
    ['business criticality', textField(scope, 'business_criticality')], ['exposure', textField(scope, 'exposure')], ['tier', textField(scope, 'tier')],
    ['data sensitivity', textsField(scope, 'data_sensitivity').join(', ')], ['repository', textField(input, 'repo_link')], ['release documents', textField(input, 'release_docs_link')],
  ].filter(([, value]) => value.trim() !== '');
  if (scopeFacts.length > 0) model.comments.push(`TM-BOM scope: ${scopeFacts.map(([key, value]) => `${key} ${oneLine(value)}`).join('; ')}`);
  if (textField(input, 'description') && textField(scope, 'description')) model.comments.push(textField(scope, 'description'));
  // Assumptions are what the analysis relies on: part of the model's description, as pytm's are.
  const assumptions = listField(input, 'assumptions').map(assumption => {
    const topics = textsField(assumption, 'topics');
    return `${oneLine(textField(assumption, 'description'))} (${oneLine(textField(assumption, 'validity')) || 'unconfirmed'}${topics.length > 0 ? `; about ${topics.map(oneLine).join(', ')}` : ''})`;
  });
  if (assumptions.length > 0) {
    const stated = `Assumption${assumptions.length > 1 ? 's' : ''} (TM-BOM): ${assumptions.join('; ')}`;
    model.description = model.description?.trim() ? `${model.description.trimEnd()}\n${stated}` : stated;
  }
  for (const persona of listField(input, 'threat_personas')) {
    model.comments.push(`Threat persona ${oneLine(textField(persona, 'title'))}: ${oneLine(textField(persona, 'description'))} (skill ${oneLine(textField(persona, 'skill_level'))}, access ${oneLine(textField(persona, 'access_level'))})`);
  }
  if (listField(input, 'diagrams').length > 0) leaveOut(model, `${listField(input, 'diagrams').length} diagram(s) not imported: tm draws its own from the model`);
  if (isObject(field(input, 'extensions'))) leaveOut(model, 'the extensions are not imported');

  const zones = new Map<string, ImportedBoundary>();
  for (const zone of listField(input, 'trust_zones')) {
    const id = textField(zone, 'symbolic_name');
    const label = oneLine(textField(zone, 'title')) || id || 'Trust zone';
    const boundary = newBoundary(`trust zone "${label}" (${oneLine(id)})`, label);
    boundary.description = textField(zone, 'description');
    if (zones.has(id)) approximate(boundary, `its symbolic name "${oneLine(id)}" is also another trust zone's`);
    else if (id !== '') zones.set(id, boundary);
    section.boundaries.push(boundary);
  }

  // Actors, components and data stores share one namespace for flows and threats.
  const elements = new Map<string, ImportedElement>();
  const addElement = (kind: ElementKind, type: string, item: unknown) => {
    const id = textField(item, 'symbolic_name');
    const label = oneLine(textField(item, 'title')) || id || type;
    const element = newElement(kind, `${type} "${label}" (${oneLine(id)})`, label);
    element.description = textField(item, 'description');
    const zone = textField(item, 'trust_zone');
    if (zone !== '') {
      element.zone = zones.get(zone);
      if (!element.zone) element.comments.push(`TM-BOM trust zone: ${oneLine(zone)} (not defined: written outside every boundary)`);
    }
    if (elements.has(id)) approximate(element, `its symbolic name "${oneLine(id)}" is also another element's; flows and threats naming it go to the first`);
    else if (id !== '') elements.set(id, element);
    section.elements.push(element);
    return element;
  };
  for (const actor of listField(input, 'actors')) {
    const element = addElement('external', 'actor', actor);
    element.subkind = ACTOR_KIND(textField(actor, 'type'));
    if (textField(actor, 'permissions').trim()) element.comments.push(`Permissions: ${oneLine(textField(actor, 'permissions'))}`);
  }
  const parents: Array<[ImportedElement, string]> = [];
  for (const component of listField(input, 'components')) {
    const element = addElement('process', 'component', component);
    if (textField(component, 'repo_link').trim()) element.comments.push(`Repository: ${oneLine(textField(component, 'repo_link'))}`);
    if (textField(component, 'parent_component') !== '') parents.push([element, textField(component, 'parent_component')]);
  }
  // A component without a zone sits in its nearest ancestor's that has one; the walk stops at a cycle.
  const parentOf = new Map(parents.flatMap(([element, parentId]) => elements.has(parentId) ? [[element, elements.get(parentId)!] as const] : []));
  for (const [element, parent] of parentOf) {
    approximate(element, `part of the component ${oneLine(parent.label)}; tm does not nest elements`);
    const seen = new Set<ImportedElement>([element]);
    let holder: ImportedElement | undefined = parent;
    while (element.zone === undefined && holder && !seen.has(holder)) {
      seen.add(holder);
      element.zone = holder.zone;
      holder = parentOf.get(holder);
    }
  }
  for (const store of listField(input, 'data_stores')) {
    const element = addElement('store', 'data store', store);
    element.subkind = STORE_KIND(textField(store, 'type'));
    const product = [textField(store, 'vendor'), textField(store, 'product')].map(oneLine).filter(part => part !== '').join(' ');
    if (product) element.comments.push(`Product: ${product}`);
  }
  readDataSets(input, elements);
  const flows = readFlows(input, section.flows, elements, section, readBoundaryControls(input));
  const threats = readThreats(input, section.threats, elements);
  readExtension(input, model, { zones, elements, flows, threats });
  return model;
}

/** What tm's export kept in its extension: names, nesting, kinds, classes, controls, exact levels, decisions. */
function readExtension(input: unknown, model: ImportedModel, items: {
  zones: Map<string, ImportedBoundary>; elements: Map<string, ImportedElement>; flows: Map<string, ImportedFlow>; threats: Map<string, ImportedThreat>;
}): void {
  const extension = field(field(input, 'extensions'), TM_BOM_EXTENSION);
  if (!isObject(extension)) return;
  const header = readFields(field(extension, 'header'));
  for (const key of ['reviewed', 'revisit'] as const) {
    const value = header.get(`tm.${key}`);
    if (typeof value === 'string') model[key] = value;
  }
  const refs = header.get('tm.refs');
  model.refs = readRefs(typeof refs === 'string' ? refs : undefined);
  const data = header.get('tm.data');
  const section = model.sections[0];
  section.dataAssets = readDataAssets(typeof data === 'string' ? data : undefined);
  const attacks = header.get(`tm.${ATTACKS_FIELD}`);
  const assets = assetsByName(section.dataAssets);
  const each = <T>(key: string, map: Map<string, T>, apply: (item: T, fields: ReturnType<typeof readFields>) => void) => {
    const records = field(extension, key);
    if (!isObject(records)) return;
    for (const [symbolic, item] of map) {
      const fields = readFields(field(records, symbolic));
      if (fields.size > 0) apply(item, fields);
    }
  };
  each('zones', items.zones, (boundary, fields) => {
    applyBoundaryFields(boundary, fields);
    const parent = fields.get('tm.parent');
    if (typeof parent === 'string') boundary.parent = items.zones.get(parent);
  });
  each('elements', items.elements, (element, fields) => applyElementFields(element, fields, assets));
  each('flows', items.flows, (flow, fields) => applyFlowFields(flow, fields, assets));
  each('threats', items.threats, (threat, fields) => {
    applyThreatFields(threat, fields);
    const targets = fields.get('tm.targets');
    if (!Array.isArray(targets)) return;
    threat.targets = [];
    for (const symbolic of targets) {
      const target = items.elements.get(symbolic) ?? items.flows.get(symbolic);
      if (target && !threat.targets.includes(target)) threat.targets.push(target);
    }
  });
  section.attacks = readAttacks(typeof attacks === 'string' ? attacks : undefined, model);
}

/** A data set's classes go on the stores it is placed on; a store is encrypted when every set on it is. */
function readDataSets(input: unknown, elements: Map<string, ImportedElement>): void {
  const encryption = new Map<ImportedElement, boolean>();
  for (const set of listField(input, 'data_sets')) {
    const title = oneLine(textField(set, 'title')) || oneLine(textField(set, 'symbolic_name'));
    const codes = textsField(set, 'data_sensitivity');
    for (const placement of listField(set, 'placements')) {
      const store = elements.get(textField(placement, 'data_store'));
      if (!store || store.kind !== 'store') continue;
      for (const code of codes) {
        const dataClass = DATA_CLASS(code);
        if (dataClass) store.holds.push(dataClass);
        else approximate(store, `holds "${title}" of sensitivity "${oneLine(code)}", which no tm data class names`);
      }
      const records = numberField(set, 'record_count');
      store.comments.push(`Data set ${title}${codes.length > 0 ? ` (${codes.join(', ')})` : ''}${records !== undefined ? `, ${records} records` : ''}`);
      encryption.set(store, (encryption.get(store) ?? true) && flagField(placement, 'encrypted'));
    }
  }
  for (const [store, encrypted] of encryption) store.encrypted = encrypted;
}

type BoundaryControls = Map<string, { authn: string; authz: string }>;

/** Authentication and access control declared between two trust zones, keyed by the pair. */
function readBoundaryControls(input: unknown): BoundaryControls {
  const controls: BoundaryControls = new Map();
  for (const boundary of listField(input, 'trust_boundaries')) {
    const a = textField(boundary, 'trust_zone_a');
    const b = textField(boundary, 'trust_zone_b');
    const authn = [...new Set(textsField(boundary, 'authentication_methods'))].join(', ');
    const authz = [...new Set(textsField(boundary, 'access_control_methods'))].join(', ');
    controls.set(`${a}\u0000${b}`, { authn, authz });
    controls.set(`${b}\u0000${a}`, { authn, authz });
  }
  return controls;
}

function readFlows(input: unknown, flows: ImportedFlow[], elements: Map<string, ImportedElement>, section: ImportedSection, controls: BoundaryControls): Map<string, ImportedFlow> {
  const bySymbol = new Map<string, ImportedFlow>();
  const zoneOf = new Map<ImportedElement, string>();
  for (const list of ['actors', 'components', 'data_stores']) {
    for (const item of listField(input, list)) {
      const element = elements.get(textField(item, 'symbolic_name'));
      if (element && !zoneOf.has(element)) zoneOf.set(element, textField(item, 'trust_zone'));
    }
  }
  for (const dataflow of listField(input, 'data_flows')) {
    const id = textField(dataflow, 'symbolic_name');
    const label = oneLine(textField(dataflow, 'title'));
    const from = elements.get(textField(field(dataflow, 'source'), 'object'));
    const to = elements.get(textField(field(dataflow, 'destination'), 'object'));
    if (!from || !to) {
      leaveOut(section, `data flow "${label || oneLine(id)}" not imported: its ${from ? 'destination' : 'source'} is not an actor, component or data store`);
      continue;
    }
    const flow = newFlow(`data flow "${label || oneLine(id)}" (${oneLine(id)})`, from, to, label);
    flow.foreignName = id || flow.foreignName;
    flow.description = textField(dataflow, 'description');
    if (/^(https|tls|ssh|sftp|wss|mqtts|grpcs)$/i.test(label)) flow.protocol = label;
    flow.encrypted = flagField(dataflow, 'encrypted');
    if (field(dataflow, 'has_sensitive_data') !== undefined) {
      leaveOut(flow, `TM-BOM says it carries ${flagField(dataflow, 'has_sensitive_data') ? '' : 'no '}sensitive data; tm reads sensitivity from the data classes it carries`);
    }
    // An element in no trust zone is in TM-BOM's `public` one.
    const fromZone = zoneOf.get(from) || 'public';
    const toZone = zoneOf.get(to) || 'public';
    const boundary = fromZone !== toZone ? controls.get(`${fromZone}\u0000${toZone}`) : undefined;
    if (boundary) {
      if (boundary.authn) flow.authn = { text: `TM-BOM trust boundary: ${boundary.authn}` };
      if (boundary.authz) flow.authz = { text: `TM-BOM trust boundary: ${boundary.authz}` };
      if (boundary.authn || boundary.authz) approximate(flow, 'its authentication and access control are those TM-BOM declares for the trust boundary it crosses');
    }
    if (!bySymbol.has(id)) bySymbol.set(id, flow);
    flows.push(flow);
  }
  return bySymbol;
}

function readThreats(input: unknown, threats: ImportedThreat[], elements: Map<string, ImportedElement>): Map<string, ImportedThreat> {
  const byId = new Map<string, ImportedThreat>();
  for (const item of listField(input, 'threats')) {
    const id = textField(item, 'symbolic_name');
    const title = oneLine(textField(item, 'title')) || id || 'Untitled threat';
    const threat = newThreat(`threat "${title}" (${oneLine(id)})`, title);
    threat.foreignName = id;
    threat.description = textField(item, 'description');
    for (const affected of textsField(item, 'components_affected')) {
      const target = elements.get(affected);
      if (target && !threat.targets.includes(target)) threat.targets.push(target);
      else if (!target) approximate(threat, `it affects "${oneLine(affected)}", which is not an element`);
    }
    threat.refs = [
      ...listField(item, 'attack_mechanisms').flatMap(entry => numberField(entry, 'capec_id') !== undefined ? [`CAPEC-${numberField(entry, 'capec_id')}`] : []),
      ...listField(item, 'weaknesses').flatMap(entry => numberField(entry, 'cwe_id') !== undefined ? [`CWE-${numberField(entry, 'cwe_id')}`] : []),
    ];
    const facts = [['persona', textField(item, 'threat_persona')], ['event', textField(item, 'event')], ['sources', textsField(item, 'sources').join(', ')]]
      .filter(([, value]) => value.trim() !== '');
    if (facts.length > 0) threat.comments.push(`TM-BOM ${facts.map(([key, value]) => `${key}: ${oneLine(value)}`).join('; ')}`);
    if (byId.has(id)) approximate(threat, `its symbolic name "${oneLine(id)}" is also another threat's; controls and risks naming it go to the first`);
    else if (id !== '') byId.set(id, threat);
    threats.push(threat);
  }
  for (const control of listField(input, 'controls')) {
    const title = oneLine(textField(control, 'title')) || oneLine(textField(control, 'symbolic_name'));
    const status = oneLine(textField(control, 'status'));
    const decided = CONTROL_STATUS(status);
    for (const id of textsField(control, 'threats')) {
      const threat = byId.get(id);
      if (!threat) continue;
      if (decided) threat.decisions.push({ kind: 'mitigation', text: title, status: decided });
      else threat.comments.push(`TM-BOM control ${title}: ${status || 'no status'} (not a decision)`);
      if (textField(control, 'priority').trim()) threat.comments.push(`Control ${title}: priority ${oneLine(textField(control, 'priority'))}`);
    }
  }
  for (const risk of listField(input, 'risks')) {
    const likelihood = LIKELIHOOD(textField(risk, 'likelihood'));
    const impact = IMPACT(textField(risk, 'impact'));
    const title = oneLine(textField(risk, 'title'));
    for (const id of textsField(risk, 'threats')) {
      const threat = byId.get(id);
      if (!threat) continue;
      threat.comments.push(`TM-BOM risk ${title}: likelihood ${oneLine(textField(risk, 'likelihood'))}, impact ${oneLine(textField(risk, 'impact'))}, score ${numberField(risk, 'score') ?? '?'}, level ${oneLine(textField(risk, 'level'))}`);
      if (likelihood === undefined || impact === undefined) continue;
      // A threat in several risks takes the highest of each.
      threat.levels = threat.levels ? [Math.max(threat.levels[0], likelihood), Math.max(threat.levels[1], impact)] : [likelihood, impact];
    }
  }
  return byId;
}
