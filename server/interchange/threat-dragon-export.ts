// `tm export --format threat-dragon`: a tm model as a Threat Dragon v2 model with a laid-out
// diagram (positions from the one diagram layout). Built from the report data, so every value
// is the one `tm report` shows. What Threat Dragon has no field for travels in the
// conventions of threat-dragon-format.ts, so `tm import` reads it back unchanged.
import type { ModelAnalysis } from '../domain/analysis.js';
import type { Described, Report, ReportElement, ReportFlow, ReportThreat } from '../report/build-report.js';
import type { DiagramLayout } from '../diagram/index.js';
import type { ThreatStatus } from '../domain/scoring.js';
import type { TdCell, TdModel, TdThreat } from './threat-dragon-format.js';
import { toDecisionLine } from './tm-fields.js';
import { ATTACKS_FIELD, attackRecords } from './attack-trees.js';
import {
  decisionLine, fieldLines, scoreText, severityOfScore, TD_SHAPES, TD_VERSION, THREAT_ID_PREFIX, typeOfLetter,
} from './threat-dragon-format.js';

export interface ExportResult {
  model: TdModel;
  /** What Threat Dragon cannot hold and was left out, one line each. */
  notes: string[];
}

const STROKE = { stroke: '#333333', strokeWidth: 1.5, strokeDasharray: null };
/** Threat Dragon 2.3 has a status for each tm decision; `NotApplicable` means "does not apply", which no decision says. */
const TD_STATUS: Record<ThreatStatus, string> = {
  open: 'Open', planned: 'Open', mitigated: 'Mitigated', accepted: 'Accepted', transferred: 'Transferred', eliminated: 'Eliminated',
};

export function exportThreatDragon(analysis: ModelAnalysis, report: Report, layout: DiagramLayout): ExportResult {
  const notes: string[] = [];
  const cellId = (name: string) => `tm-${name}`;
  const threatsOn = threatsByTarget(report, notes);
  const exemptionsOf = new Map(report.coverage.map(entry => [entry.name, entry.exemptions]));
  const exemptLines = (name: string) => (exemptionsOf.get(name) ?? []).map(exemption => ['exempt', `${exemption.letters.join(', ')}: ${exemption.reason}`] as [string, string]);

  const cells: TdCell[] = [];
  const depthOf = new Map<string, number>();
  for (const boundary of report.boundaries) {
    const box = layout.boundaries[boundary.name];
    if (!box) continue;
    const depth = (depthOf.get(boundary.parent) ?? 0) + 1;
    depthOf.set(boundary.name, depth);
    cells.push({
      id: cellId(boundary.name),
      shape: 'trust-boundary-box',
      // Outer boxes below inner ones, all below the elements.
      zIndex: depth - 100,
      position: { x: box.x, y: box.y },
      size: { width: Math.max(10, box.width), height: Math.max(10, box.height) },
      attrs: { label: { text: boundary.label } },
      visible: true,
      data: {
        type: 'tm.BoundaryBox',
        name: boundary.label,
        description: describedText(boundary, [['name', boundary.name], ...optionalFields([['kind', boundary.subkind], ['trust', boundary.trust]])]),
        isTrustBoundary: true,
        hasOpenThreats: false,
      },
    });
  }

  for (const element of report.elements) {
    const box = layout.nodes[element.name];
    if (!box) continue;
    const threats = threatsOn.get(element.name) ?? [];
    cells.push({
      id: cellId(element.name),
      shape: TD_SHAPES[element.kind],
      zIndex: 1,
      position: { x: box.x, y: box.y },
      size: { width: Math.max(10, box.width), height: Math.max(10, box.height) },
      attrs: element.kind === 'store'
        ? { text: { text: element.label }, topLine: STROKE, bottomLine: STROKE }
        : { text: { text: element.label }, body: STROKE },
      visible: true,
      data: {
        type: { external: 'tm.Actor', process: 'tm.Process', store: 'tm.Store' }[element.kind],
        name: element.label,
        description: describedText(element, [['name', element.name], ...elementFields(element), ...exemptLines(element.name)]),
        outOfScope: element.outOfScope !== undefined,
        reasonOutOfScope: element.outOfScope ?? '',
        isTrustBoundary: false,
        threats,
        hasOpenThreats: threats.some(threat => threat.status === 'Open'),
        ...elementFlags(element, report),
      },
    });
  }

  for (const flow of report.flows) {
    const route = layout.edges[flow.name];
    if (!route || !layout.nodes[flow.source] || !layout.nodes[flow.target]) {
      notes.push(`flow ${flow.name} is not exported: one of its ends does not resolve`);
      continue;
    }
    const threats = threatsOn.get(flow.name) ?? [];
    cells.push({
      id: cellId(flow.name),
      shape: 'flow',
      zIndex: 10,
      source: { cell: cellId(flow.source) },
      target: { cell: cellId(flow.target) },
      vertices: route.points.slice(1, -1).map(point => ({ x: point.x, y: point.y })),
      connector: 'smooth',
      // A reply is one connector with an arrowhead at each end, as Threat Dragon draws its bidirectional flows.
      attrs: { line: { stroke: '#333333', strokeWidth: 1.5, targetMarker: { name: 'block' }, ...(flow.returns ? { sourceMarker: { name: 'block' } } : {}), strokeDasharray: null } },
      labels: [{ position: 0.5, attrs: { labelText: { text: flow.label } } }],
      data: {
        type: 'tm.Flow',
        name: flow.label,
        description: describedText(flow, [['name', flow.name], ...flowFields(flow), ...exemptLines(flow.name)]),
        outOfScope: flow.outOfScope !== undefined,
        reasonOutOfScope: flow.outOfScope ?? '',
        protocol: flow.protocol ?? '',
        isEncrypted: flow.channel === 'encrypted',
        isPublicNetwork: false,
        isBidirectional: flow.returns !== undefined,
        isTrustBoundary: false,
        threats,
        hasOpenThreats: threats.some(threat => threat.status === 'Open'),
      },
    });
  }

  const summaryFields: Array<[string, string]> = [
    ...(report.reviewed !== undefined ? [['reviewed', report.reviewed] as [string, string]] : []),
    ...(report.revisit !== undefined ? [['revisit', report.revisit] as [string, string]] : []),
    // The model's data assets, once, so that an import can declare them again.
    ...(report.dataAssets ? [['data', JSON.stringify(report.dataAssets.map(({ classes: _, ...asset }) => asset))] as [string, string]] : []),
    // Threat Dragon has no place for attack trees: they travel with the model's own fields.
    ...optionalFields([[ATTACKS_FIELD, attackRecords(analysis.attacks)]]),
  ];
  return {
    model: {
      version: TD_VERSION,
      summary: {
        title: report.title,
        owner: report.owner ?? '',
        description: describedText({ description: report.description, references: report.references }, summaryFields),
        id: 0,
      },
      detail: {
        contributors: [],
        diagrams: [{
          id: 0,
          title: report.title,
          diagramType: 'STRIDE',
          placeholder: 'New STRIDE diagram description',
          thumbnail: './public/content/images/thumbnail.stride.jpg',
          version: TD_VERSION,
          cells,
        }],
        diagramTop: 1,
        reviewer: '',
        threatTop: report.threats.length,
      },
    },
    notes,
  };
}

/**
 * A cell's description: the tm description as Threat Dragon's own text, then the tm fields as
 * `tm.` lines; references travel as a JSON array (`tm.refs: ["CWE-89"]`), so any text fits.
 */
function describedText(item: Described, fields: Array<[string, string]>): string {
  const refs: Array<[string, string]> = item.references ? [['refs', JSON.stringify(item.references.map(reference => reference.id))]] : [];
  return [...(item.description !== undefined ? [item.description] : []), ...fieldLines([...fields, ...refs])].join('\n');
}

function optionalFields(fields: Array<[string, string | undefined]>): Array<[string, string]> {
  return fields.filter((field): field is [string, string] => field[1] !== undefined);
}

function elementFields(element: ReportElement): Array<[string, string]> {
  return optionalFields([
    ['kind', element.subkind],
    ['technology', element.technology === undefined ? undefined : JSON.stringify(element.technology)],
    ['holds', element.holds?.join(', ')],
  ]);
}

/** The built-in classes a list names, data assets expanded (server/domain/data.ts). */
function classesOf(names: readonly string[] | undefined, report: Report): string[] {
  const assets = new Map((report.dataAssets ?? []).map(asset => [asset.name, asset.classes]));
  return (names ?? []).flatMap(name => assets.get(name) ?? [name]);
}

function elementFlags(element: ReportElement, report: Report): Partial<TdCell['data']> {
  switch (element.kind) {
    case 'external': return { providesAuthentication: false };
    case 'process': return { privilegeLevel: element.privilege ?? '', isWebApplication: element.subkind === 'web-app' };
    case 'store': return {
      isALog: element.subkind === 'log',
      storesCredentials: classesOf(element.holds, report).includes('credentials'),
      isEncrypted: element.encrypted ?? false,
      isSigned: false,
    };
  }
}

function flowFields(flow: ReportFlow): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  if (flow.port !== undefined) fields.push(['port', String(flow.port)]);
  if (flow.carries.length > 0) fields.push(['carries', flow.carries.join(', ')]);
  if (flow.returns) fields.push(['returns', flow.returns.join(', ')]);
  for (const [name, control] of Object.entries(flow.controls)) {
    if (control.state === 'none') fields.push([name, 'none']);
    else if (control.state !== 'missing') fields.push([name, JSON.stringify(control.text)]);
  }
  return fields;
}

/**
 * One Threat Dragon threat per target and STRIDE letter (Threat Dragon has one cell and one
 * type per threat); all of them share `threatId` `tm:<name>` so import joins them again.
 */
function threatsByTarget(report: Report, notes: string[]): Map<string, TdThreat[]> {
  const byTarget = new Map<string, TdThreat[]>();
  const targets = new Set([...report.elements.map(element => element.name), ...report.flows.map(flow => flow.name)]);
  for (const threat of report.threats) {
    const placed = threat.targets.filter(target => targets.has(target.name));
    if (placed.length === 0) notes.push(`threat ${threat.name} is not exported: Threat Dragon threats sit on an element or flow, and it has none that resolves`);
    for (const target of placed) {
      const letters = threat.letters.length > 0 ? threat.letters : [undefined];
      for (const letter of letters) {
        const list = byTarget.get(target.name) ?? [];
        list.push(tdThreat(threat, target, letter === undefined ? '' : typeOfLetter(letter)));
        byTarget.set(target.name, list);
      }
    }
  }
  return byTarget;
}

/** The copy on one target has that target's status when decisions name their targets (docs/language.md §4). */
function tdThreat(threat: ReportThreat, target: ReportThreat['targets'][number], type: string): TdThreat {
  return {
    id: `tm-${threat.name}-${target.name}-${type.replace(/\s+/g, '-') || 'none'}`,
    threatId: `${THREAT_ID_PREFIX}${threat.name}`,
    title: threat.label,
    type,
    status: TD_STATUS[target.status ?? threat.status],
    severity: severityOfScore(threat.score),
    score: threat.likelihood !== undefined && threat.impact !== undefined ? scoreText(threat.likelihood, threat.impact) : '',
    description: describedText(threat, []),
    mitigation: threat.decisions.map(decision => decisionLine(toDecisionLine(decision))).join('\n'),
    modelType: 'STRIDE',
    number: threat.rank,
  };
}
