// `tm export --format otm`: a tm model as an Open Threat Model (OTM 0.2.0) JSON document, built
// from the report data so every value is the one `tm report` shows. What OTM has no field for
// travels as `tm.*` attributes (tm-fields.ts), which `tm import` reads back. docs/otm.md.
import type { Report, ReportDataAsset, ReportThreat } from '../report/build-report.js';
import type { ThreatStatus } from '../domain/scoring.js';
import { STRIDE_INFO } from '../domain/stride.js';
import type { Attack } from '../language/generated/ast.js';
import { attackFields } from './attack-trees.js';
import { boundaryFields, elementFields, flowFields, headerFields, threatFields } from './tm-fields.js';

export const OTM_VERSION = '0.2.0';
/** The trust zone of the elements outside every boundary; import reads it as "no boundary". */
export const OTM_OUTSIDE_ZONE = 'tm-outside';
/**
 * OTM requires a trust rating (0–100) on every zone. A boundary's `trust` gives it (none 0,
 * low 25, medium 50, high 100; import reads the quarters back, docs/otm.md); a boundary without
 * one gets 50, marked as tm's placeholder in the zone's attributes. The outside is 0.
 */
const OUTSIDE_RATING = 0;
const PLACEHOLDER_RATING = 50;
export const TRUST_RATING: Readonly<Record<string, number>> = { none: 0, low: 25, medium: 50, high: 100 };

const THREAT_STATE: Record<ThreatStatus, string> = {
  open: 'exposed', planned: 'exposed', mitigated: 'mitigated', accepted: 'accepted', transferred: 'transferred', eliminated: 'eliminated',
};

/**
 * A data asset's sensitivity, integrity and availability on OTM's required 0–100 ratings, the
 * four steps at 0, 33, 66 and 100 (`tm import` reads them back by quarters); a rating tm does not
 * know gets 50, marked as a placeholder in the asset's attributes (as a zone's trust rating).
 */
const SENSITIVITY_RATING: Readonly<Record<string, number>> = { public: 0, internal: 33, confidential: 66, restricted: 100 };
const LEVEL_RATING: Readonly<Record<string, number>> = { low: 0, medium: 33, high: 66, critical: 100 };
const PLACEHOLDER_ASSET_RATING = 50;

/** tm's 1–3 levels on OTM's 0–100 scale, read back by levelOfPercent. */
const PERCENT = [0, 33, 66, 100];

export interface OtmExport {
  model: Record<string, unknown>;
  notes: string[];
}

export function exportOtm(report: Report, attacks: readonly Attack[]): OtmExport {
  const notes: string[] = [];
  const zoneOf = new Map(report.elements.map(element => [element.name, element.zone]));
  const zoneId = (zone: string) => zone === 'outside' || !report.boundaries.some(boundary => boundary.name === zone) ? OTM_OUTSIDE_ZONE : zone;
  const instances = new Map<string, Array<Record<string, unknown>>>();
  const threats: Array<Record<string, unknown>> = [];
  const mitigations: Array<Record<string, unknown>> = [];
  for (const threat of report.threats) {
    const mitigationStates = threat.decisions.flatMap((decision, index) => {
      if (decision.kind !== 'mitigation') return [];
      const id = `${threat.name}-mitigation-${index + 1}`;
      mitigations.push({ id, name: decision.text, riskReduction: 0, attributes: { 'tm.status': decision.status ?? 'planned' } });
      return [{ mitigation: id, state: decision.status === 'done' ? 'implemented' : 'required' }];
    });
    threats.push(otmThreat(threat));
    if (threat.targets.length === 0) notes.push(`threat ${threat.name} is only a definition in OTM: it has no target that resolves`);
    for (const target of threat.targets) {
      const list = instances.get(target.name) ?? [];
      list.push({ threat: threat.name, state: THREAT_STATE[threat.status], mitigations: mitigationStates });
      instances.set(target.name, list);
    }
  }
  const otherFields = (description: string | undefined) => description !== undefined ? { description } : {};
  // OTM's assets are tm's data assets; a store's `holds` and a flow's data name them (data classes are not assets).
  const assetNames = new Set((report.dataAssets ?? []).map(asset => asset.name));
  const assetsIn = (...lists: Array<readonly string[] | undefined>) => [...new Set(lists.flatMap(list => list ?? []).filter(name => assetNames.has(name)))];

  const model: Record<string, unknown> = {
    otmVersion: OTM_VERSION,
    project: {
      name: report.title,
      id: 'tm-model',
      ...otherFields(report.description),
      ...(report.owner !== undefined ? { owner: report.owner } : {}),
      attributes: { ...headerFields(report), ...attackFields(attacks) },
    },
    trustZones: [
      { id: OTM_OUTSIDE_ZONE, name: 'Outside', risk: { trustRating: OUTSIDE_RATING }, attributes: { 'tm.outside': 'true' } },
      ...report.boundaries.map(boundary => ({
        id: boundary.name,
        name: boundary.label,
        ...otherFields(boundary.description),
        risk: { trustRating: boundary.trust !== undefined ? TRUST_RATING[boundary.trust] : PLACEHOLDER_RATING },
        ...(boundary.parent !== 'outside' ? { parent: { trustZone: boundary.parent } } : {}),
        attributes: { ...boundaryFields(boundary), ...(boundary.trust === undefined ? { 'tm.trust-rating': 'placeholder' } : {}) },
      })),
    ],
    components: report.elements.map(element => ({
      id: element.name,
      name: element.label,
      ...otherFields(element.description),
      type: element.kind === 'external' ? 'external-entity' : element.kind === 'store' ? element.subkind ?? 'datastore' : 'process',
      parent: { trustZone: zoneId(zoneOf.get(element.name) ?? 'outside') },
      ...(assetsIn(element.holds).length > 0 ? { assets: { stored: assetsIn(element.holds) } } : {}),
      threats: instances.get(element.name) ?? [],
      attributes: elementFields(report, element),
    })),
    dataflows: report.flows.map(flow => ({
      id: flow.name,
      name: flow.label,
      ...otherFields(flow.description),
      source: flow.source,
      destination: flow.target,
      // A flow with a reply is OTM's bidirectional dataflow; what comes back travels as `tm.returns`.
      bidirectional: flow.returns !== undefined,
      ...(assetsIn(flow.carries, flow.returns).length > 0 ? { assets: assetsIn(flow.carries, flow.returns) } : {}),
      threats: instances.get(flow.name) ?? [],
      attributes: flowFields(report, flow),
    })),
    ...(report.dataAssets ? { assets: report.dataAssets.map(otmAsset) } : {}),
    threats,
    mitigations,
  };
  return { model, notes };
}

function otmAsset(asset: ReportDataAsset): Record<string, unknown> {
  const placeholders: string[] = [];
  const rating = (name: string, value: string | undefined, scale: Readonly<Record<string, number>>) => {
    if (value !== undefined && scale[value] !== undefined) return scale[value];
    placeholders.push(name);
    return PLACEHOLDER_ASSET_RATING;
  };
  const risk = {
    confidentiality: rating('confidentiality', asset.sensitivity, SENSITIVITY_RATING),
    integrity: rating('integrity', asset.integrity, LEVEL_RATING),
    availability: rating('availability', asset.availability, LEVEL_RATING),
  };
  return {
    id: asset.name,
    name: asset.label,
    ...(asset.description !== undefined ? { description: asset.description } : {}),
    risk,
    ...(placeholders.length > 0 ? { attributes: { 'tm.rating-placeholder': placeholders.join(', ') } } : {}),
  };
}

function otmThreat(threat: ReportThreat): Record<string, unknown> {
  return {
    id: threat.name,
    name: threat.label,
    ...(threat.description !== undefined ? { description: threat.description } : {}),
    categories: threat.letters.map(letter => STRIDE_INFO[letter].threat),
    risk: {
      likelihood: threat.likelihood !== undefined ? PERCENT[threat.likelihood] : null,
      impact: threat.impact !== undefined ? PERCENT[threat.impact] : 0,
    },
    attributes: threatFields(threat),
  };
}
