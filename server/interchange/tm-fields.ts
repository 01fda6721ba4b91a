// What tm knows that OTM and TM-BOM have no field for (identifiers, kinds, data classes, controls,
// exemptions, exact likelihood and impact, decisions), written on export as a flat record of
// `tm.*` keys and read back on import, so that export → import gives the model back. OTM keeps
// the record in each item's `attributes`, TM-BOM in its `extensions`. Values read back are
// checked like any input: a hostile record can only produce what a hand-written model could.
import { isDataClass, isExternalKind, isPrivilege, isStoreKind } from '../language/generated/ast.js';
import { isStrideLetter } from '../domain/stride.js';
import type { Report, ReportBoundary, ReportElement, ReportFlow, ReportThreat } from '../report/build-report.js';
import type { ImportedBoundary, ImportedElement, ImportedFlow, ImportedThreat } from './imported-model.js';
import { decisionLine, parseDecisionLines } from './threat-dragon-format.js';
import type { DecisionLine } from './threat-dragon-format.js';
import { field, isObject, text, textsField } from './input-values.js';

export type TmFields = Record<string, string | string[]>;

function exemptLines(report: Report, name: string): string[] {
  return (report.coverage.find(entry => entry.name === name)?.exemptions ?? []).map(exemption => `${exemption.letters.join(', ')}: ${exemption.reason}`);
}

export function boundaryFields(boundary: ReportBoundary): TmFields {
  return { 'tm.name': boundary.name };
}

export function elementFields(report: Report, element: ReportElement): TmFields {
  const fields: TmFields = { 'tm.name': element.name };
  if (element.subkind !== undefined) fields['tm.kind'] = element.subkind;
  if (element.privilege !== undefined) fields['tm.privilege'] = element.privilege;
  if (element.holds !== undefined && element.holds.length > 0) fields['tm.holds'] = element.holds.join(', ');
  if (element.encrypted) fields['tm.encrypted'] = 'true';
  const exempt = exemptLines(report, element.name);
  if (exempt.length > 0) fields['tm.exempt'] = exempt;
  return fields;
}

export function flowFields(report: Report, flow: ReportFlow): TmFields {
  const fields: TmFields = { 'tm.name': flow.name };
  if (flow.protocol !== undefined) fields['tm.protocol'] = flow.protocol;
  if (flow.port !== undefined) fields['tm.port'] = String(flow.port);
  // Declared `encrypted`: the channel is encrypted though the protocol alone does not say so.
  if (flow.channel === 'encrypted' && flow.protocolVerdict !== 'encrypting') fields['tm.encrypted'] = 'true';
  if (flow.carries.length > 0) fields['tm.carries'] = flow.carries.join(', ');
  for (const [name, control] of Object.entries(flow.controls)) {
    if (control.state === 'none') fields[`tm.${name}`] = 'none';
    else if (control.state !== 'missing') fields[`tm.${name}`] = JSON.stringify(control.text);
  }
  const exempt = exemptLines(report, flow.name);
  if (exempt.length > 0) fields['tm.exempt'] = exempt;
  return fields;
}

export function threatFields(threat: ReportThreat): TmFields {
  const fields: TmFields = { 'tm.name': threat.name };
  if (threat.letters.length > 0) fields['tm.stride'] = threat.letters.join(', ');
  if (threat.likelihood !== undefined) fields['tm.likelihood'] = String(threat.likelihood);
  if (threat.impact !== undefined) fields['tm.impact'] = String(threat.impact);
  if (threat.decisions.length > 0) fields['tm.decisions'] = threat.decisions.map(decision => decisionLine(toDecisionLine(decision)));
  return fields;
}

export function toDecisionLine(decision: ReportThreat['decisions'][number]): DecisionLine {
  switch (decision.kind) {
    case 'mitigation': return { kind: 'mitigation', text: decision.text, status: decision.status ?? 'planned', owner: decision.owner, ticket: decision.ticket };
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

export function applyBoundaryFields(boundary: ImportedBoundary, fields: ReadonlyMap<string, string | string[]>): void {
  boundary.preferredName = one(fields, 'tm.name');
}

export function applyElementFields(element: ImportedElement, fields: ReadonlyMap<string, string | string[]>): void {
  if (fields.size === 0) return;
  element.preferredName = one(fields, 'tm.name');
  // Written by tm: the kind it names (or none) replaces whatever the format's own type suggested.
  const kind = one(fields, 'tm.kind');
  element.subkind = (element.kind === 'external' && isExternalKind(kind)) || (element.kind === 'store' && isStoreKind(kind)) ? kind : undefined;
  const privilege = one(fields, 'tm.privilege');
  if (element.kind === 'process' && isPrivilege(privilege)) element.privilege = privilege;
  element.holds = (one(fields, 'tm.holds') ?? '').split(',').map(word => word.trim()).filter(isDataClass);
  element.encrypted = one(fields, 'tm.encrypted') === 'true';
  applyExemptions(element, fields);
}

export function applyFlowFields(flow: ImportedFlow, fields: ReadonlyMap<string, string | string[]>): void {
  if (fields.size === 0) return;
  flow.preferredName = one(fields, 'tm.name');
  flow.protocol = one(fields, 'tm.protocol');
  const port = Number(one(fields, 'tm.port'));
  flow.port = Number.isInteger(port) ? port : undefined;
  flow.encrypted = one(fields, 'tm.encrypted') === 'true';
  flow.carries = (one(fields, 'tm.carries') ?? '').split(',').map(word => word.trim()).filter(isDataClass);
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
  return decisions !== undefined;
}

/** Reads a record nested under a key (`attributes` in OTM). */
export function fieldsOf(item: unknown, key: string): ReadonlyMap<string, string | string[]> {
  return readFields(field(item, key));
}
