// pytm's JSON (what `tm.py --json` writes) → tm. Actors and external entities become externals,
// datastores stores, every other asset (Server, Process, Lambda, LLM, Agent, …) a process;
// boundaries nest by `inBoundary`; Data become data assets; flows keep their protocol, data and
// controls, and a flow with `responseTo` becomes the `returns` of the one it names; findings become threats (one per
// pytm threat, on every element it was found on) with their references; assumptions and
// excluded findings are documented decisions. docs/pytm.md has the table.
import type { DecisionLine } from './threat-dragon-format.js';
import type {
  ElementKind, ImportedBoundary, ImportedDataAsset, ImportedElement, ImportedFlow, ImportedModel, ImportedSection, ImportedThreat,
} from './imported-model.js';
import { approximate, leaveOut, newBoundary, newDataAsset, newElement, newFlow, newSection, newThreat } from './imported-model.js';
import { field, flagField, isObject, listField, lookup, numberField, text, textField, textsField } from './input-values.js';
import { ImportError } from './import-error.js';
import { oneLine } from './tm-text.js';

const ELEMENT_KIND = lookup<ElementKind>([['actor', 'external'], ['externalentity', 'external'], ['datastore', 'store']]);
/** pytm's DatastoreType values (pytm/enums.py). */
const STORE_KIND = lookup<string>([['datastoretype.sql', 'database'], ['datastoretype.ldap', 'database'], ['datastoretype.file_system', 'file'], ['datastoretype.aws_s3', 'bucket']]);
/** pytm's asset classes that name a process kind. */
const PROCESS_KIND = lookup<string>([['lambda', 'function'], ['llm', 'llm'], ['agent', 'agent']]);
const LEVEL = lookup<number>([['very high', 3], ['critical', 3], ['high', 3], ['medium', 2], ['low', 1], ['very low', 1], ['info', 1]]);

export function pytmModel(input: unknown): ImportedModel {
  if (!isObject(input) || !Array.isArray(field(input, 'flows'))) throw new ImportError('not a pytm JSON model: flows is missing');
  const section = newSection();
  const model: ImportedModel = {
    format: 'pytm JSON',
    title: oneLine(textField(input, 'name')),
    description: withAssumptions(textField(input, 'description'), input),
    comments: [],
    notes: [],
    sections: [section],
  };
  const boundaries = readBoundaries(input, section);
  const elements = readElements(input, section, boundaries);
  const flows = readFlows(input, section, elements);
  readFindings(input, section, elements, flows);
  return model;
}

/**
 * pytm's assumptions (on the model, an element or a flow) are statements the analysis relies
 * on: they stay in the model as part of the description of what they are about, so every
 * reader and report sees them. The findings an assumption excludes become acceptances (below).
 */
function withAssumptions(description: string, entry: unknown): string {
  const assumptions = listField(entry, 'assumptions').map(describeAssumption).map(oneLine).filter(text => text.trim() !== '');
  if (assumptions.length === 0) return description;
  const stated = `Assumption${assumptions.length > 1 ? 's' : ''} (pytm): ${assumptions.join('; ')}`;
  return description.trim() ? `${description.trimEnd()}\n${stated}` : stated;
}

function describeAssumption(assumption: unknown): string {
  if (!isObject(assumption)) return text(assumption);
  const excludes = textField(assumption, 'exclude') || textsField(assumption, 'exclude').join(', ');
  return [textField(assumption, 'name'), textField(assumption, 'description'), excludes && excludes !== 'set()' ? `(excludes ${excludes})` : ''].filter(part => part.trim() !== '').join('. ');
}

function readBoundaries(input: unknown, section: ImportedSection): Map<string, ImportedBoundary> {
  const boundaries = new Map<string, ImportedBoundary>();
  const entries = listField(input, 'boundaries').filter(isObject);
  for (const entry of entries) {
    const name = textField(entry, 'name');
    const boundary = newBoundary(`boundary "${oneLine(name)}"`, oneLine(name) || 'Boundary');
    boundary.description = withAssumptions(textField(entry, 'description'), entry);
    if (boundaries.has(name)) approximate(boundary, `its name is also another boundary's; elements naming it go to the first`);
    else boundaries.set(name, boundary);
    section.boundaries.push(boundary);
  }
  entries.forEach((entry, index) => {
    const parent = textField(entry, 'inBoundary');
    if (parent === '') return;
    const boundary = section.boundaries[index];
    boundary.parent = boundaries.get(parent);
    if (!boundary.parent) approximate(boundary, `its boundary "${oneLine(parent)}" is not defined; written at the top level`);
  });
  return boundaries;
}

function readElements(input: unknown, section: ImportedSection, boundaries: Map<string, ImportedBoundary>): Map<string, ImportedElement> {
  const elements = new Map<string, ImportedElement>();
  // `elements` holds the actors and assets; older output has only `actors` and `assets`.
  const entries = listField(input, 'elements').length > 0 ? listField(input, 'elements') : [...listField(input, 'actors'), ...listField(input, 'assets')];
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const name = textField(entry, 'name');
    const className = textField(entry, '__class__');
    const kind = ELEMENT_KIND(className) ?? 'process';
    const element = newElement(kind, `${className || 'element'} "${oneLine(name)}"`, oneLine(name));
    element.description = withAssumptions([textField(entry, 'description'), textField(entry, 'note')].filter(part => part.trim() !== '').join('\n'), entry);
    if (kind === 'process' && className && className !== 'Process') {
      element.technology = `pytm ${oneLine(className)}`;
      element.subkind = PROCESS_KIND(className.toLowerCase());
    }
    const controls = field(entry, 'controls');
    if (kind === 'external') element.subkind = className === 'Actor' ? 'user' : 'service';
    if (kind === 'store') {
      element.subkind = flagField(entry, 'storesLogData') ? 'log' : STORE_KIND(textField(entry, 'type')) ?? 'database';
      element.encrypted = flagField(controls, 'isEncryptedAtRest');
      if (flagField(entry, 'storesPII')) element.holds.push('pii');
      if (flagField(entry, 'storesSensitiveData')) element.holds.push('secrets');
      if (flagField(entry, 'storesSensitiveData')) approximate(element, 'pytm says it stores sensitive data; read as secrets');
    }
    if (flagField(entry, 'isAdmin')) element.comments.push('pytm: isAdmin');
    const facts = [['OS', textField(entry, 'OS')], ['max classification', textField(entry, 'maxClassification').replace(/^Classification\./, '')],
      ['source files', textsField(entry, 'sourceFiles').join(', ')]].filter(([, value]) => value.trim() !== '' && value !== 'UNKNOWN');
    if (facts.length > 0) element.comments.push(`pytm ${facts.map(([key, value]) => `${key}: ${oneLine(value)}`).join('; ')}`);
    const controlsSet = isObject(controls) ? Object.keys(controls).filter(key => controls[key] === true) : [];
    if (controlsSet.length > 0) element.comments.push(`pytm controls: ${controlsSet.join(', ')}`);
    if (field(entry, 'inScope') === false) element.outOfScope = 'pytm inScope is false';
    const boundary = textField(entry, 'inBoundary');
    if (boundary !== '') {
      element.zone = boundaries.get(boundary);
      if (!element.zone) approximate(element, `its boundary "${oneLine(boundary)}" is not defined`);
    }
    if (elements.has(name)) approximate(element, 'its name is also another element\'s; flows and findings naming it go to the first');
    else elements.set(name, element);
    section.elements.push(element);
  }
  return elements;
}

/** pytm's Classification (pytm/enums.py) on tm's sensitivities; UNKNOWN has none. */
const SENSITIVITY = lookup<ImportedDataAsset['sensitivity']>([
  ['public', 'public'], ['restricted', 'internal'], ['sensitive', 'confidential'], ['secret', 'restricted'], ['top_secret', 'restricted'],
]);

/** A pytm Data as a data asset: its classification the sensitivity, its PII and credentials flags the categories. */
function readData(entry: unknown): ImportedDataAsset {
  const name = oneLine(textField(entry, 'name')) || 'Data';
  const asset = newDataAsset(`Data "${name}"`, name);
  asset.description = textField(entry, 'description');
  asset.sensitivity = SENSITIVITY(textField(entry, 'classification').replace(/^Classification\./, '').toLowerCase());
  if (flagField(entry, 'isPII')) asset.categories.push('pii');
  if (flagField(entry, 'isCredentials')) asset.categories.push('credentials');
  const flags = ['isStored', 'isDestEncryptedAtRest', 'isSourceEncryptedAtRest'].filter(key => flagField(entry, key));
  if (flags.length > 0) asset.comments.push(`pytm: ${flags.join(', ')}`);
  return asset;
}

function readFlows(input: unknown, section: ImportedSection, elements: Map<string, ImportedElement>): Map<string, ImportedFlow> {
  const data = new Map<string, ImportedDataAsset>();
  for (const entry of listField(input, 'data')) {
    if (!isObject(entry) || data.has(textField(entry, 'name'))) continue;
    const asset = readData(entry);
    data.set(textField(entry, 'name'), asset);
    section.dataAssets.push(asset);
  }
  const flows = new Map<string, ImportedFlow>();
  const replies: Array<[ImportedFlow, string, string]> = [];
  for (const entry of listField(input, 'flows')) {
    if (!isObject(entry)) continue;
    const name = oneLine(textField(entry, 'name'));
    const from = elements.get(textField(entry, 'source'));
    const to = elements.get(textField(entry, 'sink'));
    if (!from || !to) {
      leaveOut(section, `flow "${name}" not imported: its ${from ? 'sink' : 'source'} "${oneLine(textField(entry, from ? 'sink' : 'source'))}" is not an element`);
      continue;
    }
    const flow = newFlow(`dataflow "${name}"`, from, to, name);
    flow.description = withAssumptions([textField(entry, 'description'), textField(entry, 'note')].filter(part => part.trim() !== '').join('\n'), entry);
    const protocol = oneLine(textField(entry, 'protocol'));
    if (protocol) flow.protocol = protocol;
    const port = numberField(entry, 'dstPort');
    if (port !== undefined && port > 0) flow.port = port;
    for (const dataName of textsField(entry, 'data')) {
      const asset = data.get(dataName);
      if (asset) flow.carries.push(asset);
      else approximate(flow, `its data "${oneLine(dataName)}" is not defined`);
    }
    const controls = field(entry, 'controls');
    flow.encrypted = flagField(controls, 'isEncrypted');
    const scheme = oneLine(textField(controls, 'authenticationScheme'));
    if (flagField(controls, 'authenticatesSource') || scheme) flow.authn = { text: `pytm: the destination authenticates the source${scheme ? ` (${scheme})` : ''}` };
    if (flagField(controls, 'authorizesSource')) flow.authz = { text: 'pytm: the destination authorizes the source' };
    if (flagField(controls, 'validatesInput') || flagField(controls, 'sanitizesInput')) flow.validation = { text: `pytm: ${['validatesInput', 'sanitizesInput'].filter(key => flagField(controls, key)).join(', ')}` };
    if (field(entry, 'inScope') === false) flow.outOfScope = 'pytm inScope is false';
    const responseTo = textField(entry, 'responseTo');
    if (responseTo !== '') replies.push([flow, responseTo, name]);
    if (flows.has(name)) approximate(flow, 'its name is also another flow\'s; replies and findings naming it go to the first');
    else flows.set(name, flow);
    section.flows.push(flow);
  }
  // A reply travels on its request's channel: its data is what the request returns, and it is
  // no flow of its own (findings on it go to the request).
  const merged = new Set<ImportedFlow>();
  const isReply = new Set(replies.map(([reply]) => reply));
  for (const [reply, requestName, replyName] of replies) {
    const request = flows.get(requestName);
    if (!request || request === reply) {
      approximate(reply, `it answers "${oneLine(requestName)}", which is not another flow`);
      continue;
    }
    if (isReply.has(request)) {
      approximate(reply, `it answers ${oneLine(request.label)}, itself a reply; kept as a flow of its own`);
      continue;
    }
    if (reply.from !== request.to || reply.to !== request.from) {
      approximate(reply, `it answers ${oneLine(request.label)} but does not go back the way that came; kept as a flow of its own`);
      continue;
    }
    request.returns.push(...reply.carries);
    approximate(request, `the pytm reply ${oneLine(reply.label)} is this flow's \`returns\`${reply.description?.trim() ? `; its description: ${oneLine(reply.description)}` : ''}`);
    merged.add(reply);
    if (flows.get(replyName) === reply) flows.set(replyName, request);
  }
  if (merged.size > 0) section.flows = section.flows.filter(flow => !merged.has(flow));
  return flows;
}

/** CAPEC and CWE definition links as tm references; other links stay links. */
function references(text: string): string[] {
  return text.split(/[,\s]+/).filter(part => part !== '').map(part => {
    const capec = /capec\.mitre\.org\/data\/definitions\/(\d+)\.html/.exec(part);
    if (capec) return `CAPEC-${capec[1]}`;
    const cwe = /cwe\.mitre\.org\/data\/definitions\/(\d+)\.html/.exec(part);
    return cwe ? `CWE-${cwe[1]}` : part;
  });
}

/**
 * Findings become threats: all the findings of one pytm threat (`threat_id`) with the same
 * response are one tm threat on each of their targets. Excluded findings (an assumption ruled
 * them out) become threats whose decision is that assumption, written as an acceptance for
 * someone to sign.
 */
function readFindings(input: unknown, section: ImportedSection, elements: Map<string, ImportedElement>, flows: Map<string, ImportedFlow>): void {
  const grouped = new Map<string, ImportedThreat>();
  const read = (finding: unknown, excluded: boolean) => {
    const threatId = oneLine(textField(finding, 'threat_id'));
    const response = oneLine(textField(finding, 'response')).toLowerCase();
    const assumption = field(finding, 'assumption');
    const key = `${threatId}\u0000${response}\u0000${excluded ? describeAssumption(assumption) : ''}`;
    const targetName = textField(finding, 'target');
    const target = flows.get(targetName) ?? elements.get(targetName);
    let threat = grouped.get(key);
    if (!threat) {
      const title = oneLine(textField(finding, 'description')) || threatId || 'Untitled threat';
      threat = newThreat(`pytm ${excluded ? 'excluded finding' : 'finding'} ${threatId} "${title}"`, title);
      threat.foreignName = threatId;
      threat.description = textField(finding, 'details');
      threat.refs = references(textField(finding, 'references'));
      const impact = LEVEL(textField(finding, 'severity'));
      const likelihood = LEVEL(textField(finding, 'likelihood')) ?? impact;
      if (impact !== undefined && likelihood !== undefined) threat.levels = [likelihood, impact];
      threat.comments.push(`pytm threat ${threatId}: severity ${oneLine(textField(finding, 'severity')) || '?'}, likelihood ${oneLine(textField(finding, 'likelihood')) || '?'}`);
      if (textField(finding, 'mitigations').trim()) threat.comments.push(`pytm mitigation advice: ${oneLine(textField(finding, 'mitigations'))}`);
      if (textField(finding, 'cvss').trim()) threat.comments.push(`CVSS: ${oneLine(textField(finding, 'cvss'))}`);
      const decision = excluded
        ? { kind: 'accepted', reason: `Excluded by the assumption: ${oneLine(describeAssumption(assumption))}`, by: '' } satisfies DecisionLine
        : responseDecision(response);
      if (decision) threat.decisions.push(decision);
      if (excluded) approximate(threat, 'pytm excluded this finding by an assumption; tm records the assumption as an acceptance for someone to sign');
      grouped.set(key, threat);
      section.threats.push(threat);
    }
    if (target && !threat.targets.includes(target)) threat.targets.push(target);
    else if (!target) approximate(threat, `found on "${oneLine(targetName)}", which is not an element or flow`);
  };
  for (const finding of listField(input, 'findings')) if (isObject(finding)) read(finding, false);
  for (const finding of listField(input, 'excluded_findings')) if (isObject(finding)) read(finding, true);
}

/** pytm's finding responses (mitigated, transferred, avoided, accepted) say what was decided but not by whom or how. */
function responseDecision(response: string): DecisionLine | undefined {
  switch (response) {
    case 'mitigated': return { kind: 'mitigation', text: 'TODO: pytm marks this mitigated but names no mitigation', status: 'done' };
    case 'transferred': return { kind: 'transferred', reason: '', to: '' };
    case 'avoided': return { kind: 'eliminated', what: 'TODO: pytm marks this avoided but says not how' };
    case 'accepted': return { kind: 'accepted', reason: '', by: '' };
    default: return undefined;
  }
}
