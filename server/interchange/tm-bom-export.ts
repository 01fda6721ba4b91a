// `tm export --format tm-bom`: a tm model as a TM-BOM document (OWASP Threat Model Library
// schema 1.0), built from the report data. TM-BOM allows no field of its own anywhere but in
// `extensions`, so what it cannot hold (identifiers, kinds, data classes, controls, exemptions,
// nesting, exact levels, decisions) travels there under TM_BOM_EXTENSION and `tm import` reads
// it back. Fields TM-BOM requires and tm does not know are placeholders, listed in docs/tm-bom.md.
import type { Report, ReportThreat } from '../report/build-report.js';
import { STRIDE_INFO } from '../domain/stride.js';
import type { Attack } from '../language/generated/ast.js';
import { attackFields } from './attack-trees.js';
import { boundaryFields, elementFields, flowFields, headerFields, threatFields, toDecisionLine } from './tm-fields.js';
import type { TmFields } from './tm-fields.js';

export const TM_BOM_VERSION = '1.0.2';
export const TM_BOM_SCHEMA = `https://github.com/OWASP/www-project-threat-model-library/blob/v${TM_BOM_VERSION}/threat-model.schema.json`;
/** The extension key (TM-BOM wants a domain name and a path; `.invalid` is reserved for names that are no host). */
export const TM_BOM_EXTENSION = 'tm.invalid/tm-bom/v1';
/** The zone of the elements outside every boundary, as TM-BOM's own examples name it. */
export const TM_BOM_OUTSIDE = 'public';
const PLACEHOLDER_PERSONA = 'unspecified-attacker';

const SENSITIVITY = new Map([['pii', 'pii'], ['health', 'phi'], ['financial', 'fin'], ['credentials', 'cred'], ['secrets', 'cred'], ['internal', 'biz']]);
const STORE_TYPE = new Map([['cache', 'key_value'], ['bucket', 'object'], ['file', 'object'], ['queue', 'document'], ['log', 'document']]);
const LIKELIHOOD = ['', 'unlikely', 'possible', 'likely'];
const IMPACT = ['', 'minor', 'moderate', 'major'];

export interface TmBomExport {
  model: Record<string, unknown>;
  notes: string[];
}

/** TM-BOM symbolic names are lower-case words joined by `-`: `CustomerDb` → `customer-db`, unique per kind. */
function symbolicNames(names: readonly string[]): Map<string, string> {
  const result = new Map<string, string>();
  const used = new Set<string>();
  for (const name of names) {
    const base = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'item';
    let candidate = base;
    for (let suffix = 2; used.has(candidate); suffix++) candidate = `${base}-${suffix}`;
    used.add(candidate);
    result.set(name, candidate);
  }
  return result;
}

export function exportTmBom(report: Report, attacks: readonly Attack[]): TmBomExport {
  const notes: string[] = [];
  const zones = symbolicNames(report.boundaries.map(boundary => boundary.name));
  const elements = symbolicNames([...report.elements.map(element => element.name), ...report.flows.map(flow => flow.name)]);
  const threats = symbolicNames(report.threats.map(threat => threat.name));
  const zoneOf = (zone: string) => zones.get(zone);
  const header = { ...headerFields(report), ...attackFields(attacks) };
  const extension = { header, zones: {} as Record<string, TmFields>, elements: {} as Record<string, TmFields>, flows: {} as Record<string, TmFields>, threats: {} as Record<string, TmFields> };

  const trustZones = report.boundaries.map(boundary => {
    extension.zones[zones.get(boundary.name)!] = { ...boundaryFields(boundary), ...(boundary.parent !== 'outside' ? { 'tm.parent': zones.get(boundary.parent) ?? '' } : {}) };
    return { symbolic_name: zones.get(boundary.name)!, title: boundary.label, description: boundary.description ?? '' };
  });
  const placed = (zone: string) => zoneOf(zone) !== undefined ? { trust_zone: zoneOf(zone)! } : {};
  const actors: unknown[] = [];
  const components: unknown[] = [];
  const dataStores: unknown[] = [];
  const dataSets: unknown[] = [];
  const typeOf = new Map<string, string>();
  for (const element of report.elements) {
    const symbolic = elements.get(element.name)!;
    extension.elements[symbolic] = elementFields(report, element);
    const common = { symbolic_name: symbolic, title: element.label, description: element.description ?? '' };
    if (element.kind === 'external') {
      actors.push({ ...common, type: element.subkind === 'user' || element.subkind === undefined ? 'user' : 'system', ...placed(element.zone) });
      typeOf.set(element.name, 'actor');
    } else if (element.kind === 'process') {
      components.push({ ...common, ...placed(element.zone) });
      typeOf.set(element.name, 'component');
    } else {
      dataStores.push({ ...common, type: STORE_TYPE.get(element.subkind ?? '') ?? 'sql', ...placed(element.zone) });
      typeOf.set(element.name, 'data_store');
      const sensitivity = [...new Set((element.holds ?? []).flatMap(dataClass => SENSITIVITY.get(dataClass) ?? []))];
      if (sensitivity.length > 0) {
        dataSets.push({ symbolic_name: `${symbolic}-data`, title: `Data in ${element.label}`, description: '', placements: [{ data_store: symbolic, encrypted: element.encrypted ?? false }], data_sensitivity: sensitivity });
      }
    }
  }
  const crossings = new Map<string, { trust_zone_a: string; trust_zone_b: string }>();
  const dataFlows = report.flows.flatMap(flow => {
    const sourceType = typeOf.get(flow.source);
    const targetType = typeOf.get(flow.target);
    if (!sourceType || !targetType) {
      notes.push(`flow ${flow.name} is not exported: one of its ends does not resolve`);
      return [];
    }
    const symbolic = elements.get(flow.name)!;
    extension.flows[symbolic] = flowFields(report, flow);
    if (flow.crossing) {
      const a = zoneOf(flow.crossing.from) ?? TM_BOM_OUTSIDE;
      const b = zoneOf(flow.crossing.to) ?? TM_BOM_OUTSIDE;
      const key = [a, b].sort().join(' ');
      if (!crossings.has(key)) crossings.set(key, { trust_zone_a: a, trust_zone_b: b });
    }
    return [{
      symbolic_name: symbolic,
      title: flow.label,
      description: flow.description ?? '',
      source: { type: sourceType, object: elements.get(flow.source)! },
      destination: { type: targetType, object: elements.get(flow.target)! },
      has_sensitive_data: flow.carries.some(dataClass => dataClass !== 'public'),
      encrypted: flow.channel === 'encrypted',
    }];
  });

  const controls: unknown[] = [];
  const risks: unknown[] = [];
  const tmThreats = report.threats.map(threat => {
    const symbolic = threats.get(threat.name)!;
    extension.threats[symbolic] = { ...threatFields(threat), 'tm.targets': threat.targets.map(target => elements.get(target.name) ?? '').filter(name => name !== '') };
    threat.decisions.forEach((decision, index) => {
      if (decision.kind !== 'mitigation') return;
      const line = toDecisionLine(decision);
      controls.push({
        symbolic_name: `${symbolic}-control-${index + 1}`, title: decision.text, description: '', threats: [symbolic],
        status: line.kind === 'mitigation' && line.status === 'done' ? 'active' : line.kind === 'mitigation' && line.status === 'in-progress' ? 'scheduled' : 'approved',
        priority: priorityOf(threat),
      });
    });
    if (threat.likelihood !== undefined && threat.impact !== undefined) risks.push(riskOf(threat, symbolic));
    return {
      symbolic_name: symbolic,
      title: threat.label,
      description: threat.description ?? '',
      components_affected: threat.targets.filter(target => typeOf.has(target.name)).map(target => elements.get(target.name)!),
      threat_persona: PLACEHOLDER_PERSONA,
      event: threat.letters.length > 0 ? threat.letters.map(letter => STRIDE_INFO[letter].threat).join(', ') : threat.label,
      sources: ['adversary'],
    };
  });

  const sensitivity = [...new Set(report.elements.flatMap(element => element.holds ?? []).concat(report.flows.flatMap(flow => flow.carries))
    .flatMap(dataClass => SENSITIVITY.get(dataClass) ?? []))];
  return {
    model: {
      $schema: TM_BOM_SCHEMA,
      version: '1',
      scope: {
        title: report.title,
        description: report.description ?? '',
        // TM-BOM requires these; tm does not record them (docs/tm-bom.md).
        business_criticality: 'moderate',
        data_sensitivity: sensitivity,
        exposure: report.elements.some(element => element.kind === 'external') ? 'external' : 'internal',
        tier: 'important',
      },
      ...(report.description !== undefined ? { description: report.description } : {}),
      ...(report.reviewed !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(report.reviewed) ? { reviewed_at: report.reviewed } : {}),
      trust_zones: trustZones,
      trust_boundaries: [...crossings.values()],
      actors,
      components,
      data_stores: dataStores,
      data_sets: dataSets,
      data_flows: dataFlows,
      threat_personas: tmThreats.length > 0 ? [{
        symbolic_name: PLACEHOLDER_PERSONA, title: 'Unspecified attacker', description: 'tm records no threat personas; a placeholder every threat names',
        is_person: true, skill_level: 'engineer', access_level: 'anonymous', malicious_intent: true, applicability_to_org: 'moderate',
      }] : [],
      threats: tmThreats,
      controls,
      risks,
      extensions: { [TM_BOM_EXTENSION]: extension },
    },
    notes,
  };
}

function priorityOf(threat: ReportThreat): string {
  const score = threat.score;
  if (score === undefined) return 'none';
  return score >= 9 ? 'critical' : score >= 6 ? 'high' : score >= 3 ? 'medium' : 'low';
}

/** tm's 1–3 levels on TM-BOM's five-step scales; the score multiplies the steps' positions (1–5). */
function riskOf(threat: ReportThreat, symbolic: string): Record<string, unknown> {
  const likelihood = threat.likelihood!;
  const impact = threat.impact!;
  const score = (likelihood + 1) * (impact + 1);
  const level = score <= 2 ? 'very_low' : score <= 5 ? 'low' : score <= 9 ? 'medium' : score <= 14 ? 'high' : score <= 19 ? 'very_high' : 'critical';
  return {
    symbolic_name: `${symbolic}-risk`, title: threat.label, description: '', threats: [symbolic],
    likelihood: LIKELIHOOD[likelihood], impact: IMPACT[impact], impact_description: '', score, level,
  };
}
