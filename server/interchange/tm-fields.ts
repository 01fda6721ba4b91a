// What tm knows that OTM and TM-BOM have no field for (identifiers, kinds, data classes, controls,
// exemptions, exact likelihood and impact, decisions), written on export as a flat record of
// `tm.*` keys and read back on import, so that export → import gives the model back. OTM keeps
// the record in each item's `attributes`, TM-BOM in its `extensions`. Values read back are
// checked like any input: a hostile record can only produce what a hand-written model could.
import {
  isBoundaryKind, isCriticality, isDataCategory, isDataClass, isExternalKind, isPrivilege, isProcessKind, isSensitivity, isStoreKind, isTrustLevel,
} from '../language/generated/ast.js';
import { isStrideLetter } from '../domain/stride.js';
import type { Described, Report, ReportBoundary, ReportElement, ReportFlow, ReportThreat, Scoped } from '../report/build-report.js';
import type { ImportedBoundary, ImportedData, ImportedDataAsset, ImportedElement, ImportedFlow, ImportedThreat } from './imported-model.js';
import { newDataAsset } from './imported-model.js';
import { decisionLine, parseDecisionLines } from './threat-dragon-format.js';
import type { DecisionLine } from './threat-dragon-format.js';
import { field, isObject, listField, text, textField, textsField } from './input-values.js';

export type TmFields = Record<string, string | string[]>;

function exemptLines(report: Report, name: string): string[] {
  return (report.coverage.find(entry => entry.name === name)?.exemptions ?? []).map(exemption => `${exemption.letters.join(', ')}: ${exemption.reason}`);
}

/** Description, references and out-of-scope, which every declaration may have (docs/language.md §3). */
function describedFields(item: Described & Scoped, fields: TmFields): TmFields {
  if (item.description !== undefined) fields['tm.description'] = item.description;
  if (item.references) fields['tm.refs'] = JSON.stringify(item.references.map(reference => reference.id));
  if (item.outOfScope !== undefined) fields['tm.out-of-scope'] = item.outOfScope;
  return fields;
}

/** The model's own: review dates, references and its data assets (once, as JSON; readDataAssets reads them back). */
export function headerFields(report: Report): TmFields {
  const fields: TmFields = {};
  if (report.reviewed !== undefined) fields['tm.reviewed'] = report.reviewed;
  if (report.revisit !== undefined) fields['tm.revisit'] = report.revisit;
  if (report.references) fields['tm.refs'] = JSON.stringify(report.references.map(reference => reference.id));
  if (report.dataAssets) fields['tm.data'] = JSON.stringify(report.dataAssets.map(({ classes: _, ...asset }) => asset));
  return fields;
}

export function boundaryFields(boundary: ReportBoundary): TmFields {
  const fields: TmFields = { 'tm.name': boundary.name };
  if (boundary.subkind !== undefined) fields['tm.kind'] = boundary.subkind;
  if (boundary.trust !== undefined) fields['tm.trust'] = boundary.trust;
  return describedFields(boundary, fields);
}

export function elementFields(report: Report, element: ReportElement): TmFields {
  const fields: TmFields = { 'tm.name': element.name };
  if (element.subkind !== undefined) fields['tm.kind'] = element.subkind;
  if (element.technology !== undefined) fields['tm.technology'] = element.technology;
  if (element.privilege !== undefined) fields['tm.privilege'] = element.privilege;
  if (element.holds !== undefined && element.holds.length > 0) fields['tm.holds'] = element.holds.join(', ');
  if (element.encrypted) fields['tm.encrypted'] = 'true';
  const exempt = exemptLines(report, element.name);
  if (exempt.length > 0) fields['tm.exempt'] = exempt;
  return describedFields(element, fields);
}

export function flowFields(report: Report, flow: ReportFlow): TmFields {
  const fields: TmFields = { 'tm.name': flow.name };
  if (flow.protocol !== undefined) fields['tm.protocol'] = flow.protocol;
  if (flow.port !== undefined) fields['tm.port'] = String(flow.port);
  // Declared `encrypted`: the channel is encrypted though the protocol alone does not say so.
  if (flow.channel === 'encrypted' && flow.protocolVerdict !== 'encrypting') fields['tm.encrypted'] = 'true';
  if (flow.carries.length > 0) fields['tm.carries'] = flow.carries.join(', ');
  if (flow.returns) fields['tm.returns'] = flow.returns.join(', ');
  for (const [name, control] of Object.entries(flow.controls)) {
    if (control.state === 'none') fields[`tm.${name}`] = 'none';
    else if (control.state !== 'missing') fields[`tm.${name}`] = JSON.stringify(control.text);
  }
  const exempt = exemptLines(report, flow.name);
  if (exempt.length > 0) fields['tm.exempt'] = exempt;
  return describedFields(flow, fields);
}

export function threatFields(threat: ReportThreat): TmFields {
  const fields: TmFields = { 'tm.name': threat.name };
  if (threat.letters.length > 0) fields['tm.stride'] = threat.letters.join(', ');
  if (threat.likelihood !== undefined) fields['tm.likelihood'] = String(threat.likelihood);
  if (threat.impact !== undefined) fields['tm.impact'] = String(threat.impact);
  if (threat.decisions.length > 0) fields['tm.decisions'] = threat.decisions.map(decision => decisionLine(toDecisionLine(decision)));
  return describedFields(threat, fields);
}

export function toDecisionLine(decision: ReportThreat['decisions'][number]): DecisionLine {
  return { ...decisionKindLine(decision), ...(decision.for ? { for: decision.for } : {}) };
}

function decisionKindLine(decision: ReportThreat['decisions'][number]): DecisionLine {
  switch (decision.kind) {
    case 'mitigation': return {
      kind: 'mitigation', text: decision.text, status: decision.status ?? 'planned', owner: decision.owner, ticket: decision.ticket,
      refs: decision.references?.map(reference => reference.id),
    };
    case 'accepted': return { kind: 'accepted', reason: decision.text, by: decision.by ?? '', ticket: decision.ticket, date: decision.date, until: decision.until };
    case 'transferred': return { kind: 'transferred', reason: decision.text, to: decision.to ?? '', ticket: decision.ticket, date: decision.date, until: decision.until };
    case 'eliminated': return { kind: 'eliminated', what: decision.text };
  }
}

/** A record read back: only own string (or string list) values of `tm.*` keys. */
export function readFields(value: unknown): ReadonlyMap<string, string | string[]> {
  const fields = new Map<string, string | string[]>();
  if (!isObject(value)) return fields;
  for (const key of Object.keys(value)) {
    if (!key.startsWith('tm.')) continue;
    const entry = field(value, key);
    if (Array.isArray(entry)) fields.set(key, textsField(value, key));
    else if (typeof entry === 'string') fields.set(key, entry);
  }
  return fields;
}

function one(fields: ReadonlyMap<string, string | string[]>, key: string): string | undefined {
  const value = fields.get(key);
  return typeof value === 'string' ? value : undefined;
}

function list(fields: ReadonlyMap<string, string | string[]>, key: string): string[] {
  const value = fields.get(key);
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

type Fields = ReadonlyMap<string, string | string[]>;

/** Written by tm: its description and references replace what the format's own fields said. */
function applyDescribed(item: ImportedBoundary | ImportedElement | ImportedFlow | ImportedThreat, fields: Fields): void {
  const description = one(fields, 'tm.description');
  if (description !== undefined) item.description = description;
  const refs = readRefs(one(fields, 'tm.refs'));
  if (refs.length > 0) item.refs = refs;
}

function applyScope(item: ImportedBoundary | ImportedElement | ImportedFlow, fields: Fields): void {
  const reason = one(fields, 'tm.out-of-scope');
  if (reason !== undefined) item.outOfScope = reason;
}

export function applyBoundaryFields(boundary: ImportedBoundary, fields: Fields): void {
  boundary.preferredName = one(fields, 'tm.name');
  boundary.subkind = boundaryKindOf(one(fields, 'tm.kind'));
  boundary.trust = trustLevelOf(one(fields, 'tm.trust')) ?? boundary.trust;
  applyDescribed(boundary, fields);
  applyScope(boundary, fields);
}

export function applyElementFields(element: ImportedElement, fields: Fields, assets: ReadonlyMap<string, ImportedDataAsset> = new Map()): void {
  if (fields.size === 0) return;
  element.preferredName = one(fields, 'tm.name');
  // Written by tm: the kind and technology it names (or none) replace whatever the format's own type suggested.
  const kind = one(fields, 'tm.kind');
  element.subkind = (element.kind === 'external' && isExternalKind(kind)) || (element.kind === 'store' && isStoreKind(kind)) || (element.kind === 'process' && isProcessKind(kind)) ? kind : undefined;
  element.technology = one(fields, 'tm.technology');
  const privilege = one(fields, 'tm.privilege');
  if (element.kind === 'process' && isPrivilege(privilege)) element.privilege = privilege;
  element.holds = readDataList(one(fields, 'tm.holds'), assets);
  element.encrypted = one(fields, 'tm.encrypted') === 'true';
  applyExemptions(element, fields);
  applyDescribed(element, fields);
  applyScope(element, fields);
}

export function applyFlowFields(flow: ImportedFlow, fields: Fields, assets: ReadonlyMap<string, ImportedDataAsset> = new Map()): void {
  if (fields.size === 0) return;
  flow.preferredName = one(fields, 'tm.name');
  flow.protocol = one(fields, 'tm.protocol');
  const port = Number(one(fields, 'tm.port'));
  flow.port = Number.isInteger(port) ? port : undefined;
  flow.encrypted = one(fields, 'tm.encrypted') === 'true';
  flow.carries = readDataList(one(fields, 'tm.carries'), assets);
  flow.returns = readDataList(one(fields, 'tm.returns'), assets);
  for (const control of ['authn', 'authz', 'validation'] as const) {
    const value = one(fields, `tm.${control}`);
    if (value === undefined) continue;
    let parsed: unknown = value;
    try {
      parsed = value === 'none' ? 'none' : JSON.parse(value);
    } catch {
      // Not written by tm: the text is the description.
    }
    flow[control] = parsed === 'none' ? 'none' : { text: text(parsed) || value };
  }
  applyExemptions(flow, fields);
  applyDescribed(flow, fields);
  applyScope(flow, fields);
}

function applyExemptions(item: ImportedElement | ImportedFlow, fields: ReadonlyMap<string, string | string[]>): void {
  for (const line of list(fields, 'tm.exempt')) {
    const match = /^([STRIDE](?:, [STRIDE])*): (.*)$/.exec(line);
    if (match) item.exemptions.push({ letters: match[1].split(', ').filter(isStrideLetter), reason: match[2] });
  }
}

/** Exact likelihood, impact and decisions; true when the record held decisions (they replace the format's own). */
export function applyThreatFields(threat: ImportedThreat, fields: ReadonlyMap<string, string | string[]>): boolean {
  if (fields.size === 0) return false;
  threat.preferredName = one(fields, 'tm.name');
  const letters = (one(fields, 'tm.stride') ?? '').split(',').map(letter => letter.trim()).filter(isStrideLetter);
  if (letters.length > 0) threat.letters = letters;
  const likelihood = Number(one(fields, 'tm.likelihood'));
  const impact = Number(one(fields, 'tm.impact'));
  if ([likelihood, impact].every(level => level === 1 || level === 2 || level === 3)) threat.levels = [likelihood, impact];
  const decisions = parseDecisionLines(list(fields, 'tm.decisions').join('\n'));
  if (decisions) threat.decisions = decisions;
  applyDescribed(threat, fields);
  return decisions !== undefined;
}

/** Reads a record nested under a key (`attributes` in OTM). */
export function fieldsOf(item: unknown, key: string): ReadonlyMap<string, string | string[]> {
  return readFields(field(item, key));
}

/** A JSON list kept in one of tm's fields; anything else (absent, not JSON, not a list) is empty. */
export function jsonList(json: string | undefined): unknown[] {
  if (json === undefined) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/**
 * The model's data assets as tm exports them (`tm.data`: a JSON list of the report's data
 * assets), read back as declarations. Values are checked like any input: a field tm does not
 * know is dropped, so a hostile list can only produce what a hand-written model could.
 */
export function readDataAssets(json: string | undefined): ImportedDataAsset[] {
  const assets: ImportedDataAsset[] = [];
  for (const entry of jsonList(json)) {
    const name = textField(entry, 'name');
    if (name === '') continue;
    const asset = newDataAsset(`data asset "${name}"`, textField(entry, 'label') || name);
    asset.preferredName = name;
    asset.foreignName = name;
    const sensitivity = textField(entry, 'sensitivity');
    if (isSensitivity(sensitivity)) asset.sensitivity = sensitivity;
    asset.categories = textsField(entry, 'categories').filter(isDataCategory);
    const integrity = textField(entry, 'integrity');
    if (isCriticality(integrity)) asset.integrity = integrity;
    const availability = textField(entry, 'availability');
    if (isCriticality(availability)) asset.availability = availability;
    asset.description = textField(entry, 'description') || undefined;
    asset.refs = listField(entry, 'references').map(reference => textField(reference, 'id')).filter(id => id !== '');
    assets.push(asset);
  }
  return assets;
}

/** A written list of data (`pii, Contracts`): built-in classes and the names of the given assets; other words are dropped. */
export function readDataList(written: string | undefined, assets: ReadonlyMap<string, ImportedDataAsset>): ImportedData[] {
  const data: ImportedData[] = [];
  for (const word of (written ?? '').split(',').map(each => each.trim())) {
    const asset = assets.get(word);
    if (asset) data.push(asset);
    else if (isDataClass(word)) data.push(word);
  }
  return data;
}

/** Assets by the name tm exported them under. */
export function assetsByName(assets: readonly ImportedDataAsset[]): Map<string, ImportedDataAsset> {
  return new Map(assets.map(asset => [asset.preferredName ?? asset.foreignName, asset]));
}

/** A references list exported as JSON (`tm.refs: ["CWE-89"]`); anything else reads as none. */
export function readRefs(json: string | undefined): string[] {
  if (json === undefined) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((each): each is string => typeof each === 'string') : [];
  } catch {
    return [];
  }
}

/** A process kind, a boundary kind or a trust level, when the text is one. */
export function processKindOf(value: string | undefined): string | undefined {
  return isProcessKind(value) ? value : undefined;
}

export function boundaryKindOf(value: string | undefined): string | undefined {
  return isBoundaryKind(value) ? value : undefined;
}

export function trustLevelOf(value: string | undefined): string | undefined {
  return isTrustLevel(value) ? value : undefined;
}
