// What a source model holds, counted from the source file by each format's own rules (not by the
// importer), and what the imported .tm model holds, counted from its report: elements, flows,
// flows that cross a boundary, threats on a target, and those with a decision. #21's "done when":
// an import keeps every one, and lists what it approximated. demo-models.test.ts compares them.
import type { Report } from '../../server/report/build-report.js';
import type { ImportReportEntry } from '../../server/interchange/tm-writer.js';
import type { ImportFormat } from '../../server/interchange/import-model.js';

export interface Counts {
  elements: number;
  flows: number;
  crossings: number;
  /** A threat on one target (an element or a flow): a Threat Dragon threat, an OTM instance, a pytm finding; a threat without a target counts once. */
  threats: number;
  /** Threats on a target with a decision (a mitigation, acceptance, transfer, elimination, or a not-applicable exemption). */
  decisions: number;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown, key: string): unknown[] => isObject(value) && Array.isArray(value[key]) ? value[key] : [];
const str = (value: unknown, key: string): string => isObject(value) && typeof value[key] === 'string' ? value[key] : '';
const obj = (value: unknown, key: string): unknown => isObject(value) ? value[key] : undefined;

/** Counts from the source, by format. */
export function sourceCounts(format: ImportFormat, model: unknown): Counts {
  switch (format) {
    case 'threat-dragon': return threatDragonCounts(model);
    case 'otm': return otmCounts(model);
    case 'tm-bom': return tmBomCounts(model);
    case 'threagile': return threagileCounts(model);
    case 'pytm-json': return pytmCounts(model);
  }
}

/** Counts of the imported model: what tm import added (implied processes, onward flows) aside, a pytm reply merged into its request counted as the flow it was. */
export function importedCounts(report: Report, entries: readonly ImportReportEntry[]): Counts {
  const inserted = new Set(entries.filter(entry => entry.detail?.startsWith('inserted by tm import')).map(entry => entry.declaration));
  const onward = new Set(entries.filter(entry => entry.source.endsWith('(second half)')).map(entry => entry.declaration));
  const replies = entries.filter(entry => entry.detail !== undefined && /^the pytm reply .* is this flow's `returns`/.test(entry.detail));
  const flows = report.flows.filter(flow => !onward.has(`flow ${flow.name}`));
  const crossing = new Set(flows.filter(flow => flow.crossing !== undefined).map(flow => `flow ${flow.name}`));
  const pairs = (threats: Report['threats']) => threats.reduce((sum, threat) => sum + Math.max(1, threat.targets.filter(target => !onward.has(`flow ${target.name}`)).length), 0);
  const notApplicable = report.coverage.reduce((sum, entry) => sum + entry.exemptions.filter(exemption => exemption.reason.startsWith('Not applicable:')).length, 0);
  return {
    elements: report.elements.filter(element => !inserted.has(`process ${element.name}`)).length,
    flows: flows.length + replies.length,
    crossings: crossing.size + replies.filter(entry => crossing.has(entry.declaration!)).length,
    threats: pairs(report.threats) + notApplicable,
    decisions: pairs(report.threats.filter(threat => threat.decisions.length > 0)) + notApplicable,
  };
}

// Threat Dragon: elements are actor, process and store cells; a flow counts when both its ends
// are elements; it crosses when its ends sit in different boxes (by their centres, the smallest
// box that holds each) or its line (source centre, vertices, target centre) crosses a curve an
// odd number of times.
const TD_ELEMENTS = new Set(['actor', 'process', 'store']);
const TD_DECIDED = new Set(['mitigated', 'accepted', 'transferred', 'avoided', 'eliminated', 'notapplicable', 'na']);

interface Point { x: number; y: number }

function threatDragonCounts(model: unknown): Counts {
  const counts: Counts = { elements: 0, flows: 0, crossings: 0, threats: 0, decisions: 0 };
  for (const diagram of list(obj(model, 'detail'), 'diagrams')) {
    const cells = list(diagram, 'cells').filter(isObject);
    const centres = new Map<string, Point>();
    const boxes: Array<{ x: number; y: number; width: number; height: number }> = [];
    const curves: Point[][] = [];
    for (const cell of cells) {
      const position = obj(cell, 'position') as Point | undefined;
      const size = obj(cell, 'size') as { width: number; height: number } | undefined;
      if (TD_ELEMENTS.has(str(cell, 'shape')) && position && size) {
        centres.set(str(cell, 'id'), { x: position.x + size.width / 2, y: position.y + size.height / 2 });
        counts.elements++;
      }
      if (str(cell, 'shape') === 'trust-boundary-box' && position && size) boxes.push({ ...position, ...size });
      if (str(cell, 'shape') === 'trust-boundary-curve') curves.push([obj(cell, 'source') as Point, ...list(cell, 'vertices') as Point[], obj(cell, 'target') as Point]);
    }
    const boxOf = (point: Point) => boxes.filter(box => point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height)
      .sort((a, b) => a.width * a.height - b.width * b.height)[0];
    for (const cell of cells) {
      const from = centres.get(str(obj(cell, 'source'), 'cell'));
      const to = centres.get(str(obj(cell, 'target'), 'cell'));
      if (str(cell, 'shape') === 'flow' && from && to) {
        counts.flows++;
        const line = [from, ...list(cell, 'vertices') as Point[], to];
        if (boxOf(from) !== boxOf(to) || curves.some(curve => crossings(line, curve) % 2 === 1)) counts.crossings++;
      }
      if (!centres.has(str(cell, 'id')) && !(str(cell, 'shape') === 'flow' && from && to)) continue;
      for (const threat of list(obj(cell, 'data'), 'threats')) {
        counts.threats++;
        const status = str(threat, 'status').toLowerCase();
        if (TD_DECIDED.has(status) || (status === 'open' && str(threat, 'mitigation').trim() !== '')) counts.decisions++;
      }
    }
  }
  return counts;
}

/** How many times two polylines cross (proper intersections of their segments). */
function crossings(a: readonly Point[], b: readonly Point[]): number {
  let count = 0;
  const side = (p: Point, q: Point, r: Point) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  for (let i = 0; i + 1 < a.length; i++) {
    for (let j = 0; j + 1 < b.length; j++) {
      if (side(a[i], a[i + 1], b[j]) * side(a[i], a[i + 1], b[j + 1]) < 0 && side(b[j], b[j + 1], a[i]) * side(b[j], b[j + 1], a[i + 1]) < 0) count++;
    }
  }
  return count;
}

/** A flow crosses when its ends' innermost zones differ. */
function crossingCount(ends: Array<[string | undefined, string | undefined]>): number {
  return ends.filter(([from, to]) => from !== to).length;
}

// OTM: components, dataflows, threat instances; an instance is decided by its state or an
// implemented or planned mitigation. A component's zone is its trust zone, or its parent
// component's.
const OTM_DECIDED = new Set(['mitigated', 'accepted', 'transferred', 'eliminated', 'avoided', 'not-applicable', 'notapplicable', 'na']);
const OTM_NO_DECISION = new Set(['rejected', 'not-applicable']);

function otmCounts(model: unknown): Counts {
  const threatIds = new Set(list(model, 'threats').map(threat => str(threat, 'id')));
  const components = new Map(list(model, 'components').filter(isObject).map(component => [str(component, 'id'), component]));
  const zoneOf = (id: string): string | undefined => {
    const seen = new Set<string>();
    let current = components.get(id);
    while (current && !seen.has(str(current, 'id'))) {
      seen.add(str(current, 'id'));
      const zone = str(obj(current, 'parent'), 'trustZone');
      if (zone) return zone;
      current = components.get(str(obj(current, 'parent'), 'component'));
    }
    return undefined;
  };
  const dataflows = list(model, 'dataflows').filter(flow => components.has(str(flow, 'source')) && components.has(str(flow, 'destination')));
  const instances = [...components.values(), ...dataflows].flatMap(item => list(item, 'threats')).filter(instance => threatIds.has(str(instance, 'threat')));
  return {
    elements: components.size,
    flows: dataflows.length,
    crossings: crossingCount(dataflows.map(flow => [zoneOf(str(flow, 'source')), zoneOf(str(flow, 'destination'))])),
    threats: instances.length,
    decisions: instances.filter(instance => OTM_DECIDED.has(str(instance, 'state').toLowerCase())
      || list(instance, 'mitigations').some(mitigation => !OTM_NO_DECISION.has(str(mitigation, 'state').toLowerCase()))).length,
  };
}

// TM-BOM: actors, components and data stores; data flows; each threat on each of its
// components_affected (once without one); decided when a control that is not retired or won't-do names it. A
// component without a zone sits in its parent component's.
function tmBomCounts(model: unknown): Counts {
  const elements = ['actors', 'components', 'data_stores'].flatMap(key => list(model, key)).filter(isObject);
  const byName = new Map(elements.map(element => [str(element, 'symbolic_name'), element]));
  const zoneOf = (name: string): string | undefined => {
    const seen = new Set<string>();
    let current = byName.get(name);
    while (current && !seen.has(str(current, 'symbolic_name'))) {
      seen.add(str(current, 'symbolic_name'));
      if (str(current, 'trust_zone')) return str(current, 'trust_zone');
      current = byName.get(str(current, 'parent_component'));
    }
    return undefined;
  };
  const flows = list(model, 'data_flows').filter(flow => byName.has(str(obj(flow, 'source'), 'object')) && byName.has(str(obj(flow, 'destination'), 'object')));
  const targets = new Set([...byName.keys(), ...flows.map(flow => str(flow, 'symbolic_name'))]);
  const controlled = new Set(list(model, 'controls').filter(control => !['retired', 'wont_do'].includes(str(control, 'status')))
    .flatMap(control => list(control, 'threats').map(String)));
  const pairs = list(model, 'threats').flatMap(threat => Array<string>(Math.max(1, [...new Set(list(threat, 'components_affected').map(String))].filter(name => targets.has(name)).length)).fill(str(threat, 'symbolic_name')));
  return {
    elements: elements.length,
    flows: flows.length,
    crossings: crossingCount(flows.map(flow => [zoneOf(str(obj(flow, 'source'), 'object')), zoneOf(str(obj(flow, 'destination'), 'object'))])),
    threats: pairs.length,
    decisions: pairs.filter(name => controlled.has(name)).length,
  };
}

// Threagile: technical assets; communication links (by Threagile's link id, `<source id>><link
// name, spaces as dashes>`); each identified risk on its most relevant asset, link and data-breach
// assets, and a tracked risk no identified risk has (one Threagile's own rules found) on the
// assets and links its id names; decided when a tracking entry with a decided status
// (accepted, in-progress, mitigated, false-positive) matches its id (Threagile's risk id: the
// category and the most relevant items joined by `@`; `*` matches one part). An asset's zone is
// the first boundary that lists it.
const THREAGILE_DECIDED = new Set(['accepted', 'in-progress', 'mitigated', 'false-positive']);
const RISK_ID_PARTS = ['most_relevant_data_asset', 'most_relevant_technical_asset', 'most_relevant_communication_link', 'most_relevant_trust_boundary', 'most_relevant_shared_runtime'];

function threagileCounts(model: unknown): Counts {
  const entries = (value: unknown, key: string): Array<[string, unknown]> => Object.entries(isObject(obj(value, key)) ? obj(value, key) as Json : {});
  const assets = entries(model, 'technical_assets').map(([, asset]) => asset).filter(isObject);
  const ids = new Set(assets.map(asset => str(asset, 'id')));
  const zones = new Map<string, string>();
  for (const [name, boundary] of entries(model, 'trust_boundaries')) {
    for (const inside of list(boundary, 'technical_assets_inside').map(String)) if (!zones.has(inside)) zones.set(inside, name);
  }
  const links = assets.flatMap(asset => entries(asset, 'communication_links').filter(([, link]) => ids.has(str(link, 'target')))
    .map(([name, link]) => ({ id: `${str(asset, 'id')}>${name.toLowerCase().replace(/\s+/g, '-')}`, from: str(asset, 'id'), to: str(link, 'target') })));
  const linkIds = new Set(links.map(link => link.id));
  const tracked = entries(model, 'risk_tracking').map(([id, entry]) => ({ parts: id.split('@'), decided: THREAGILE_DECIDED.has(str(entry, 'status').trim().toLowerCase()), matched: false }));
  const matches = (pattern: string[], id: string[]) => pattern.length === id.length && pattern.every((part, index) => part === '*' || part === id[index]);
  let threats = 0;
  let decisions = 0;
  for (const [, category] of entries(model, 'individual_risk_categories')) {
    for (const [, risk] of entries(category, 'risks_identified')) {
      const targets = new Set([str(risk, 'most_relevant_technical_asset'), ...list(risk, 'data_breach_technical_assets').map(String)].filter(id => ids.has(id)));
      if (linkIds.has(str(risk, 'most_relevant_communication_link'))) targets.add(str(risk, 'most_relevant_communication_link'));
      const id = [str(category, 'id'), ...RISK_ID_PARTS.map(key => str(risk, key)).filter(part => part !== '')];
      const tracking = tracked.filter(entry => matches(entry.parts, id));
      for (const entry of tracking) entry.matched = true;
      threats += Math.max(1, targets.size);
      if (tracking.some(entry => entry.decided)) decisions += Math.max(1, targets.size);
    }
  }
  for (const entry of tracked.filter(candidate => !candidate.matched)) {
    const targets = new Set(entry.parts.slice(1).filter(part => ids.has(part) || linkIds.has(part)));
    threats += Math.max(1, targets.size);
    if (entry.decided) decisions += Math.max(1, targets.size);
  }
  return {
    elements: assets.length,
    flows: links.length,
    crossings: crossingCount(links.map(link => [zones.get(link.from), zones.get(link.to)])),
    threats,
    decisions,
  };
}

// pytm: elements (else actors and assets), flows, findings and excluded findings; a finding on
// a reply is on its request's channel; decided by a response or an exclusion. An element's zone
// is its boundary.
function pytmCounts(model: unknown): Counts {
  const elements = (list(model, 'elements').length > 0 ? list(model, 'elements') : [...list(model, 'actors'), ...list(model, 'assets')]).filter(isObject);
  const zoneOf = new Map(elements.map(element => [str(element, 'name'), str(element, 'inBoundary') || undefined]));
  const flows = list(model, 'flows').filter(flow => zoneOf.has(str(flow, 'source')) && zoneOf.has(str(flow, 'sink')));
  const byName = new Map(flows.map(flow => [str(flow, 'name'), flow]));
  // A reply goes back the way its request came (else the importer keeps it as a flow: so does this count).
  const channel = (name: string) => {
    const flow = byName.get(name);
    const request = byName.get(str(flow, 'responseTo'));
    return flow && request && request !== flow && !str(request, 'responseTo') && str(flow, 'source') === str(request, 'sink') && str(flow, 'sink') === str(request, 'source') ? str(request, 'name') : name;
  };
  const seen = new Set<string>();
  let threats = 0;
  let decisions = 0;
  const findings: Array<[unknown, boolean]> = [...list(model, 'findings').map((finding): [unknown, boolean] => [finding, false]), ...list(model, 'excluded_findings').map((finding): [unknown, boolean] => [finding, true])];
  for (const [finding, excluded] of findings) {
    const target = str(finding, 'target');
    if (!zoneOf.has(target) && !byName.has(target)) continue;
    const key = [str(finding, 'threat_id'), str(finding, 'response').toLowerCase(), excluded ? JSON.stringify(obj(finding, 'assumption')) : '', byName.has(target) ? channel(target) : target].join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    threats++;
    if (excluded || ['mitigated', 'transferred', 'avoided', 'accepted'].includes(str(finding, 'response').toLowerCase())) decisions++;
  }
  return {
    elements: elements.length,
    flows: flows.length,
    crossings: crossingCount(flows.map(flow => [zoneOf.get(str(flow, 'source')), zoneOf.get(str(flow, 'sink'))])),
    threats,
    decisions,
  };
}
