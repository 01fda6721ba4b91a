// `tm import`: a Threat Dragon v2 model as a .tm file. Every provided Threat Dragon model must
// import to a file that parses and checks without errors, so anything tm cannot express
// becomes a comment rather than a guess; nothing is invented (no decision, no flow). The
// mappings are documented in docs/threat-dragon.md.
import type { ThreatTarget } from '../language/generated/ast.js';
import { isDataClass, isExternalKind, isPrivilege, isStoreKind } from '../language/generated/ast.js';
import type { StrideLetter } from '../domain/stride.js';
import { applicableLetters, inStrideOrder, isStrideLetter } from '../domain/stride.js';
import type { DecisionLine, TdCell, TdDiagram, TdModel, TdThreat } from './threat-dragon-format.js';
import {
  letterOfType, levelsOfSeverity, parseDecisionLines, parseFieldLines, parseScoreText, THREAT_ID_PREFIX,
} from './threat-dragon-format.js';
import { IdentifierPool, oneLine, protocolIdentifier } from './tm-text.js';
import { tmComment, tmString } from '../escape/tm-source.js';

/** The input is not a Threat Dragon v2 model. */
export class ImportError extends Error {}

type ElementKind = 'external' | 'process' | 'store';
const KEYWORD: Record<ElementKind, string> = { external: 'external', process: 'process', store: 'store' };
const ELEMENT_SHAPES: Record<string, ElementKind> = { actor: 'external', process: 'process', store: 'store' };
const FALLBACK_NAMES: Record<ElementKind | 'boundary' | 'flow' | 'threat', string> = {
  external: 'External', process: 'Process', store: 'Store', boundary: 'Boundary', flow: 'Flow', threat: 'T',
};

interface Box {
  cell: TdCell;
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Something that becomes one named tm declaration. */
interface Named {
  /** The name tm wrote into the Threat Dragon model on export (`tm.name`, `threatId`), if any. */
  preferred?: string;
  foreign: string;
  fallback: string;
  name: string;
}

interface ImportedElement extends Named {
  cell: TdCell;
  kind: ElementKind;
  label: string;
  zone?: ImportedBoundary;
  body: string[];
  comments: string[];
}

interface ImportedBoundary extends Named {
  box: Box;
  label: string;
  parent?: ImportedBoundary;
}

interface ImportedFlow extends Named {
  cell: TdCell;
  source: ImportedElement;
  target: ImportedElement;
  label: string;
  body: string[];
  comments: string[];
}

interface ImportedThreat extends Named {
  title: string;
  targets: Array<ImportedElement | ImportedFlow>;
  letters: StrideLetter[];
  levels?: [number, number];
  decisions: DecisionLine[];
  comments: string[];
  /** `description` and `refs` lines. */
  about: string[];
}

export interface ImportResult {
  text: string;
  /** What was left out or changed on the way, one line each (also written as comments). */
  notes: string[];
}

export function importThreatDragon(input: unknown): ImportResult {
  const model = asThreatDragonModel(input);
  const notes: string[] = [];
  const lines: string[] = [];
  const summary = parseFieldLines(model.summary.description);
  const fields = new Map(summary.fields);
  lines.push(`// Imported from Threat Dragon ${oneLine(model.version)} by tm import.`);
  if (model.detail.reviewer?.trim()) lines.push(...tmComment(`Threat Dragon reviewer: ${oneLine(model.detail.reviewer)}`));
  const contributors = (model.detail.contributors ?? []).map(contributor => oneLine(contributor?.name ?? '')).filter(name => name !== '');
  if (contributors.length > 0) lines.push(...tmComment(`Threat Dragon contributors: ${contributors.join(', ')}`));
  const header = [
    ...(model.summary.owner?.trim() ? [`  owner ${tmString(model.summary.owner)}`] : []),
    ...(fields.has('reviewed') ? [`  reviewed ${tmString(fields.get('reviewed')!)}`] : []),
    ...(fields.has('revisit') ? [`  revisit ${tmString(fields.get('revisit')!)}`] : []),
    ...describedLines(summary.rest, fields).map(line => `  ${line}`),
  ];
  lines.push(`model ${tmString(model.summary.title || 'Untitled')}${header.length > 0 ? ` {\n${header.join('\n')}\n}` : ''}`);

  const pool = new IdentifierPool();
  const diagrams = model.detail.diagrams.map((diagram, index) => readDiagram(diagram, index, notes));
  const everything: Named[] = diagrams.flatMap(diagram => [...diagram.boundaries, ...diagram.elements, ...diagram.flows, ...diagram.threats]);
  // Names tm exported come back first, so a generated name can never take one of them.
  for (const item of everything) if (item.preferred !== undefined && pool.claimExact(item.preferred)) item.name = item.preferred;
  for (const item of everything) if (item.name === '') item.name = pool.claim(item.foreign, item.fallback);

  for (const diagram of diagrams) lines.push('', ...writeDiagram(diagram));
  return { text: lines.join('\n') + '\n', notes };
}

/**
 * The input with every field Threat Dragon defines checked for its type: a string field that
 * holds anything else reads as empty, a flag as false, a malformed cell or threat is left
 * out. Hand-edited or hostile files then import without surprises.
 */
function asThreatDragonModel(input: unknown): TdModel {
  if (!isObject(input) || !isObject(input.detail) || !Array.isArray(input.detail.diagrams)) {
    throw new ImportError('not a Threat Dragon v2 model: detail.diagrams is missing');
  }
  if (!isObject(input.summary)) throw new ImportError('not a Threat Dragon v2 model: summary is missing');
  const { summary, detail } = input;
  const diagrams = detail.diagrams as unknown[];
  return {
    version: text(input.version) || '2',
    summary: { title: text(summary.title), owner: text(summary.owner), description: text(summary.description) },
    detail: {
      contributors: (Array.isArray(detail.contributors) ? detail.contributors : []).map(contributor => ({ name: isObject(contributor) ? text(contributor.name) : '' })),
      reviewer: text(detail.reviewer),
      diagramTop: 0,
      threatTop: 0,
      diagrams: diagrams.filter(isObject).map((diagram, index) => ({
        id: index,
        title: text(diagram.title),
        diagramType: text(diagram.diagramType),
        description: text(diagram.description),
        thumbnail: '',
        version: '',
        cells: (Array.isArray(diagram.cells) ? diagram.cells : []).filter(isObject).map(readCell),
      })),
    },
  };
}

function readCell(cell: Record<string, unknown>): TdCell {
  const data = isObject(cell.data) ? cell.data : {};
  const flags = Object.fromEntries(FLAGS.map(name => [name, data[name] === true]));
  return {
    id: text(cell.id),
    shape: text(cell.shape),
    zIndex: 0,
    position: isObject(cell.position) ? { x: number(cell.position.x), y: number(cell.position.y) } : undefined,
    size: isObject(cell.size) ? { width: number(cell.size.width), height: number(cell.size.height) } : undefined,
    attrs: isObject(cell.attrs) ? cell.attrs : undefined,
    source: isObject(cell.source) && typeof cell.source.cell === 'string' ? { cell: cell.source.cell } : undefined,
    target: isObject(cell.target) && typeof cell.target.cell === 'string' ? { cell: cell.target.cell } : undefined,
    data: {
      ...flags,
      type: text(data.type),
      name: text(data.name),
      description: text(data.description),
      reasonOutOfScope: text(data.reasonOutOfScope),
      privilegeLevel: text(data.privilegeLevel),
      protocol: text(data.protocol),
      hasOpenThreats: data.hasOpenThreats === true,
      threats: (Array.isArray(data.threats) ? data.threats : []).filter(isObject).map(threat => ({
        title: text(threat.title), type: text(threat.type), status: text(threat.status), severity: text(threat.severity),
        description: text(threat.description), mitigation: text(threat.mitigation), score: text(threat.score), threatId: text(threat.threatId),
      })),
    },
  };
}

/** The boolean fields of a cell's data. */
const FLAGS = [
  'outOfScope', 'isTrustBoundary', 'isALog', 'storesCredentials', 'isEncrypted', 'isSigned', 'providesAuthentication',
  'isBidirectional', 'isPublicNetwork', 'handlesCardPayment', 'handlesGoodsOrServices', 'isWebApplication',
] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function number(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

interface ReadDiagram {
  diagram: TdDiagram;
  boundaries: ImportedBoundary[];
  elements: ImportedElement[];
  flows: ImportedFlow[];
  threats: ImportedThreat[];
  /** Comments for what tm has no declaration for: text blocks, boundary curves, dropped flows. */
  comments: string[];
}

function readDiagram(diagram: TdDiagram, diagramIndex: number, notes: string[]): ReadDiagram {
  const cells = diagram.cells;
  const comments: string[] = [];
  const where = `diagram "${oneLine(diagram.title) || diagramIndex + 1}"`;

  const boxes: Box[] = cells.flatMap((cell, index) => cell.shape === 'trust-boundary-box' && hasGeometry(cell)
    ? [{ cell, index, x: cell.position!.x, y: cell.position!.y, width: cell.size!.width, height: cell.size!.height }]
    : []);
  const boundaries = new Map<Box, ImportedBoundary>();
  for (const box of boxes) {
    const fields = new Map(parseFieldLines(box.cell.data?.description).fields);
    const label = oneLine(cellText(box.cell)) || 'Trust boundary';
    boundaries.set(box, { box, label, preferred: fields.get('name'), foreign: label, fallback: FALLBACK_NAMES.boundary, name: '' });
  }
  for (const [box, boundary] of boundaries) {
    const parent = innermostBox(boxes.filter(other => other !== box && isInside(box, other)), centreOf(box));
    if (parent) boundary.parent = boundaries.get(parent);
  }

  const elements = new Map<string, ImportedElement>();
  for (const cell of cells) {
    const kind = ELEMENT_SHAPES[cell.shape];
    if (!kind) continue;
    const { fields, rest } = parseFieldLines(cell.data?.description);
    const fieldMap = new Map(fields);
    const label = oneLine(cell.data?.name ?? cellText(cell)) || FALLBACK_NAMES[kind];
    const zoneBox = hasGeometry(cell) ? innermostBox(boxes, centreOf({ x: cell.position!.x, y: cell.position!.y, width: cell.size!.width, height: cell.size!.height })) : undefined;
    const element: ImportedElement = {
      cell, kind, label, preferred: fieldMap.get('name'), foreign: label, fallback: FALLBACK_NAMES[kind], name: '',
      zone: zoneBox && boundaries.get(zoneBox), body: [], comments: [],
    };
    element.body.push(...elementFields(element, fieldMap), ...describedLines(rest, fieldMap));
    element.body.push(...exemptions(element, applicableLetters(syntheticTarget(element.kind, element.body))));
    if (typeof cell.id === 'string') elements.set(cell.id, element);
  }

  const flows = new Map<string, ImportedFlow>();
  for (const cell of cells) {
    if (cell.shape !== 'flow') continue;
    const label = oneLine(cell.data?.name ?? '');
    const source = cell.source?.cell !== undefined ? elements.get(cell.source.cell) : undefined;
    const target = cell.target?.cell !== undefined ? elements.get(cell.target.cell) : undefined;
    const problem = !source || !target ? 'it is not connected to an element at both ends' : invalidPair(source, target);
    if (problem) {
      const note = `Flow "${label || 'without a name'}" in ${where} not imported: ${problem}.`;
      notes.push(note);
      comments.push(note, ...threatList(cell).map(threat => `  its threat "${oneLine(threat.title ?? '')}" (${threat.type}, ${threat.status}): ${oneLine(threat.description ?? '')}`));
      continue;
    }
    const { fields, rest } = parseFieldLines(cell.data?.description);
    const fieldMap = new Map(fields);
    const flow: ImportedFlow = {
      // An unnamed flow is named after its ends (`WebUIToWebService`) and gets no label.
      cell, source: source!, target: target!, label, preferred: fieldMap.get('name'),
      foreign: label || `${source!.label} to ${target!.label}`, fallback: FALLBACK_NAMES.flow, name: '',
      body: [], comments: [],
    };
    flow.body.push(...flowFields(flow, fieldMap), ...describedLines(rest, fieldMap));
    flow.body.push(...exemptions(flow, applicableLetters(syntheticTarget('flow', flow.body))));
    if (typeof cell.id === 'string') flows.set(cell.id, flow);
  }

  for (const cell of cells) {
    if (cell.shape === 'td-text-block') comments.push(`Text: ${cellText(cell)}`);
    if (cell.shape === 'trust-boundary-curve') {
      const label = oneLine(cellText(cell));
      comments.push(`Trust boundary curve${label ? ` "${label}"` : ''} not imported: tm boundaries are zones around elements; put the elements on one side of it in a boundary.`);
    }
  }

  return {
    diagram,
    boundaries: [...boundaries.values()],
    elements: [...elements.values()],
    flows: [...flows.values()],
    threats: readThreats(cells, elements, flows),
    comments,
  };
}

/** Threat Dragon stores an element's text in `attrs.text.text` and a box's in `attrs.label.text`. */
function cellText(cell: TdCell): string {
  const attrs = cell.attrs as { text?: { text?: unknown }; label?: { text?: unknown } } | undefined;
  const text = attrs?.label?.text ?? attrs?.text?.text ?? cell.data?.name ?? '';
  return typeof text === 'string' ? text : '';
}

function hasGeometry(cell: TdCell): boolean {
  return [cell.position?.x, cell.position?.y, cell.size?.width, cell.size?.height].every(value => typeof value === 'number' && Number.isFinite(value));
}

function centreOf(box: { x: number; y: number; width: number; height: number }): { x: number; y: number } {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

function contains(box: Box, point: { x: number; y: number }): boolean {
  return point.x >= box.x && point.x <= box.x + box.width && point.y >= box.y && point.y <= box.y + box.height;
}

/** Strict order of boxes by size, later boxes inside equal earlier ones, so nesting has no cycle. */
function isInside(box: Box, other: Box): boolean {
  const area = box.width * box.height;
  const otherArea = other.width * other.height;
  return contains(other, centreOf(box)) && (otherArea > area || (otherArea === area && other.index < box.index));
}

/** The innermost box whose area holds the point: the smallest one (among equals, the last drawn). */
function innermostBox(boxes: readonly Box[], point: { x: number; y: number }): Box | undefined {
  let best: Box | undefined;
  for (const box of boxes) {
    if (!contains(box, point)) continue;
    if (!best || box.width * box.height < best.width * best.height || (box.width * box.height === best.width * best.height && box.index > best.index)) best = box;
  }
  return best;
}

/** tm requires data to pass through a process (docs/language.md §6 `invalid-flow`). */
function invalidPair(source: ImportedElement, target: ImportedElement): string | undefined {
  if (source === target) return 'it goes from an element to itself';
  if (source.kind !== 'process' && target.kind !== 'process') {
    return `it joins ${source.kind === 'external' ? 'an external entity' : 'a store'} and ${target.kind === 'external' ? 'an external entity' : 'a store'}, and tm requires data to pass through a process`;
  }
  return undefined;
}

/**
 * An AST-shaped stand-in for an element not parsed yet, so the letters that apply come from
 * the one STRIDE-per-element table (server/domain/stride.ts), not from a copy of it.
 */
function syntheticTarget(kind: ElementKind | 'flow', body: readonly string[]): ThreatTarget {
  const types = { external: 'External', process: 'Process', store: 'Store', flow: 'Flow' } as const;
  const declaredKind = body.map(line => /^kind (\w+)$/.exec(line)?.[1]).find(word => word !== undefined);
  return { $type: types[kind], kind: declaredKind ? [declaredKind] : [], exemptions: [] } as unknown as ThreatTarget;
}

function elementFields(element: ImportedElement, fields: Map<string, string>): string[] {
  const data = element.cell.data ?? { type: '', hasOpenThreats: false };
  const body: string[] = [];
  const flags: string[] = [];
  switch (element.kind) {
    case 'external': {
      const kind = fields.get('kind');
      if (isExternalKind(kind)) body.push(`kind ${kind}`);
      if (data.providesAuthentication) flags.push('provides authentication');
      break;
    }
    case 'process': {
      const privilege = (fields.get('privilege') ?? data.privilegeLevel ?? '').trim();
      if (isPrivilege(privilege)) body.push(`privilege ${privilege}`);
      else if (privilege !== '') flags.push(`privilege level "${oneLine(privilege)}"`);
      for (const flag of ['handlesCardPayment', 'handlesGoodsOrServices', 'isWebApplication'] as const) {
        if (data[flag]) flags.push(flag);
      }
      break;
    }
    case 'store': {
      const kind = fields.get('kind') ?? (data.isALog ? 'log' : undefined);
      if (isStoreKind(kind)) body.push(`kind ${kind}`);
      const holds = (fields.get('holds') ?? '').split(',').map(word => word.trim()).filter(isDataClass);
      if (data.storesCredentials && !holds.includes('credentials')) holds.push('credentials');
      if (holds.length > 0) body.push(`holds ${holds.join(', ')}`);
      if (data.isEncrypted) body.push('encrypted');
      if (data.isSigned) flags.push('isSigned');
      break;
    }
  }
  if (flags.length > 0) element.comments.push(`Threat Dragon: ${flags.join(', ')}`);
  return body;
}

function flowFields(flow: ImportedFlow, fields: Map<string, string>): string[] {
  const data = flow.cell.data ?? { type: '', hasOpenThreats: false };
  const body: string[] = [];
  const given = oneLine(data.protocol ?? '');
  const protocol = protocolIdentifier(given);
  if (protocol) body.push(`protocol ${protocol}`);
  if (protocol && protocol !== given) flow.comments.push(`Threat Dragon protocol: ${given}`);
  const carries = (fields.get('carries') ?? '').split(',').map(word => word.trim()).filter(isDataClass);
  if (carries.length > 0) body.push(`carries ${carries.join(', ')}`);
  for (const control of ['authn', 'authz', 'validation']) {
    const value = fields.get(control);
    if (value === undefined) continue;
    const text = value === 'none' ? undefined : parseJsonString(value);
    body.push(`${control} ${text === undefined ? 'none' : tmString(text)}`);
  }
  const flags = [
    ...(data.isEncrypted && !protocol ? ['encrypted (no protocol named)'] : []),
    ...(data.isPublicNetwork ? ['over a public network'] : []),
    ...(data.isBidirectional ? ['bidirectional (tm flows have one direction: add the reverse flow if it carries data too)'] : []),
  ];
  if (flags.length > 0) flow.comments.push(`Threat Dragon: ${flags.join('; ')}`);
  return body;
}

/** A control's description travels as a JSON string, so a description that reads `none` stays a description. */
function parseJsonString(value: string): string {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'string') return parsed;
  } catch {
    // Written by hand rather than by tm: the text is the description.
  }
  return value;
}

/** `tm.exempt` lines, out of scope (all letters that apply) and NotApplicable threats become `exempt`. */
function exemptions(item: ImportedElement | ImportedFlow, applicable: readonly StrideLetter[]): string[] {
  const lines: string[] = [];
  const data = item.cell.data;
  const exempt = (letters: readonly StrideLetter[], reason: string) => {
    if (letters.length > 0) lines.push(`exempt ${inStrideOrder(letters).join(', ')} ${tmString(reason)}`);
  };
  for (const line of fieldValues(item.cell, 'exempt')) {
    const match = /^([STRIDE](?:, [STRIDE])*): (.*)$/.exec(line);
    if (match) exempt(match[1].split(', ').filter(isStrideLetter), match[2]);
  }
  if (data?.outOfScope) {
    const reason = oneLine(data.reasonOutOfScope ?? '');
    exempt(applicable, reason !== '' ? `Out of scope: ${reason}` : 'TODO: out of scope in Threat Dragon, no reason given');
  }
  for (const threat of threatList(item.cell)) {
    const letter = letterOfType(threat.type);
    if (threat.status !== 'NotApplicable' || !letter || parseDecisionLines(threat.mitigation ?? '')) continue;
    const why = oneLine(threat.mitigation || threat.description || '');
    exempt([letter], `Not applicable: ${oneLine(threat.title ?? '')}${why ? `. ${why}` : ''}`);
  }
  return lines;
}

/** Every value of a repeatable `tm.<key>` line (a Map keeps only the last). */
function fieldValues(cell: TdCell, key: string): string[] {
  return parseFieldLines(cell.data?.description).fields.filter(([name]) => name === key).map(([, value]) => value);
}

function threatList(cell: TdCell): TdThreat[] {
  return cell.data?.threats ?? [];
}

function readThreats(cells: readonly TdCell[], elements: Map<string, ImportedElement>, flows: Map<string, ImportedFlow>): ImportedThreat[] {
  const threats: ImportedThreat[] = [];
  const byThreatId = new Map<string, ImportedThreat>();
  for (const cell of cells) {
    const target = elements.get(cell.id) ?? flows.get(cell.id);
    if (!target) continue;
    for (const td of threatList(cell)) {
      const letter = letterOfType(td.type);
      const decisions = parseDecisionLines(td.mitigation ?? '');
      // A NotApplicable threat without tm decisions became an exemption of its letter.
      if (td.status === 'NotApplicable' && letter && !decisions) continue;
      const groupId = typeof td.threatId === 'string' && td.threatId.startsWith(THREAT_ID_PREFIX) ? td.threatId.slice(THREAT_ID_PREFIX.length) : undefined;
      const existing = groupId !== undefined ? byThreatId.get(groupId) : undefined;
      if (existing) {
        if (!existing.targets.includes(target)) existing.targets.push(target);
        if (letter && !existing.letters.includes(letter)) existing.letters.push(letter);
        continue;
      }
      const title = oneLine(td.title ?? '') || 'Untitled threat';
      const threat: ImportedThreat = {
        title, preferred: groupId, foreign: '', fallback: FALLBACK_NAMES.threat, name: '',
        targets: [target], letters: letter ? [letter] : [],
        levels: parseScoreText(td.score) ?? levelsOfSeverity(td.severity),
        decisions: decisions ?? decisionsFromStatus(td),
        comments: threatComments(td, letter, decisions !== undefined),
        about: describedLines(parseFieldLines(td.description).rest, new Map(parseFieldLines(td.description).fields)),
      };
      if (groupId !== undefined) byThreatId.set(groupId, threat);
      threats.push(threat);
    }
  }
  // Generated threat names are T1, T2, … in the order the threats appear.
  threats.forEach((threat, index) => { threat.foreign = String(index + 1); });
  return threats;
}

/**
 * Threat Dragon's status and mitigation text, when they are not tm decision lines: an Open
 * threat's mitigation text is a plan, a Mitigated threat's is done. Mitigated without a text
 * keeps the status with a TODO stub instead of inventing what was done.
 */
function decisionsFromStatus(td: TdThreat): DecisionLine[] {
  const text = oneLine(td.mitigation ?? '');
  if (td.status === 'Mitigated') return [{ kind: 'mitigation', text: text || 'TODO: Threat Dragon marks this Mitigated but names no mitigation', status: 'done' }];
  return text ? [{ kind: 'mitigation', text, status: 'planned' }] : [];
}

function threatComments(td: TdThreat, letter: StrideLetter | undefined, tmDecisions: boolean): string[] {
  const comments: string[] = [];
  if (!letter && td.type?.trim()) comments.push(`Threat Dragon type "${oneLine(td.type)}" has no STRIDE letter.`);
  if (!tmDecisions && td.status !== 'Open' && td.status !== 'Mitigated' && td.status !== 'NotApplicable') {
    comments.push(`Threat Dragon status "${oneLine(td.status ?? '')}" is read as Open.`);
  }
  if (!levelsOfSeverity(td.severity) && !parseScoreText(td.score) && td.severity?.trim()) comments.push(`Threat Dragon severity "${oneLine(td.severity)}" is not scored.`);
  if (td.score?.trim() && !parseScoreText(td.score)) comments.push(`Threat Dragon score: ${oneLine(td.score)}`);
  return comments;
}

function writeDiagram(read: ReadDiagram): string[] {
  const lines: string[] = [...tmComment(`Diagram: ${oneLine(read.diagram.title)}${read.diagram.diagramType ? ` (${oneLine(read.diagram.diagramType)})` : ''}`)];
  if (read.diagram.description?.trim()) lines.push(...tmComment(read.diagram.description.trim()));
  for (const comment of read.comments) lines.push(...tmComment(comment));

  const writeElement = (element: ImportedElement, indent: string) => {
    for (const comment of element.comments) lines.push(...tmComment(comment, indent));
    lines.push(`${indent}${KEYWORD[element.kind]} ${element.name} ${tmString(element.label)}${block(element.body, indent)}`);
  };
  // Boundaries nest by geometry; written from the outermost, each with its elements inside.
  const writeBoundary = (boundary: ImportedBoundary, indent: string) => {
    lines.push(`${indent}boundary ${boundary.name} ${tmString(boundary.label)} {`);
    for (const element of read.elements.filter(element => element.zone === boundary)) writeElement(element, `${indent}  `);
    for (const child of read.boundaries.filter(child => child.parent === boundary)) writeBoundary(child, `${indent}  `);
    lines.push(`${indent}}`);
  };
  for (const boundary of read.boundaries.filter(boundary => !boundary.parent)) writeBoundary(boundary, '');
  for (const element of read.elements.filter(element => !element.zone)) writeElement(element, '');

  for (const flow of read.flows) {
    for (const comment of flow.comments) lines.push(...tmComment(comment));
    lines.push(`flow ${flow.name}: ${flow.source.name} -> ${flow.target.name}${flow.label ? ` ${tmString(flow.label)}` : ''}${block(flow.body, '')}`);
  }
  for (const threat of read.threats) {
    for (const comment of threat.comments) lines.push(...tmComment(comment));
    const body = [
      `on ${threat.targets.map(target => target.name).join(', ')}`,
      ...(threat.letters.length > 0 ? [`stride ${inStrideOrder(threat.letters).join(', ')}`] : []),
      ...(threat.levels ? [`likelihood ${threat.levels[0]}  impact ${threat.levels[1]}`] : []),
      ...threat.about,
      ...threat.decisions.map(tmDecision),
    ];
    lines.push(`threat ${threat.name} ${tmString(threat.title)}${block(body, '')}`);
  }
  return lines;
}

/**
 * A cell's or threat's own text becomes its `description` (on one line), and tm's
 * `tm.refs: [...]` line its `refs` (threat-dragon-export.ts).
 */
function describedLines(rest: string, fields: Map<string, string>): string[] {
  const lines = rest !== '' ? [`description ${tmString(rest)}`] : [];
  const refs = parseStringList(fields.get('refs'));
  if (refs.length > 0) lines.push(`refs ${refs.map(tmString).join(', ')}`);
  return lines;
}

function parseStringList(json: string | undefined): string[] {
  if (json === undefined) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
  } catch {
    return [];
  }
}

function tmDecision(decision: DecisionLine): string {
  switch (decision.kind) {
    case 'mitigation':
      return `mitigation ${tmString(decision.text)} ${decision.status}${decision.owner !== undefined ? ` owner ${tmString(decision.owner)}` : ''}${decision.ticket !== undefined ? ` ticket ${tmString(decision.ticket)}` : ''}`;
    // An acceptance without a reason or a name is not a decision (docs/language.md §4); as a TODO stub it
    // counts the same (ignored by status) without being an error in the imported file.
    case 'accepted': return `accepted ${tmString(decision.reason.trim() || 'TODO: why is this accepted')} by ${tmString(decision.by.trim() || 'TODO: who accepted')}`;
    case 'transferred': return `transferred ${tmString(decision.reason)} to ${tmString(decision.to)}`;
    case 'eliminated': return `eliminated ${tmString(decision.what)}`;
  }
}

function block(body: readonly string[], indent: string): string {
  return body.length === 0 ? '' : ` {\n${body.map(line => `${indent}  ${line}`).join('\n')}\n${indent}}`;
}
