// Threat Dragon v2 → tm: a Threat Dragon model as an imported model (imported-model.ts), which
// the one writer turns into .tm text. Descriptions, references, out-of-scope, encryption, ports
// and two-way flows become tm's own fields; anything tm cannot express becomes a comment and an entry
// in the import report rather than a guess; nothing is invented (no decision, no flow). The
// mappings are documented in docs/threat-dragon.md.
import { isExternalKind, isPrivilege, isStoreKind } from '../language/generated/ast.js';
import { isStrideLetter } from '../domain/stride.js';
import type { DecisionLine } from './threat-dragon-format.js';
import { letterOfType, levelsOfSeverity, parseDecisionLines, parseFieldLines, parseScoreText, THREAT_ID_PREFIX } from './threat-dragon-format.js';
import type {
  ElementKind, ImportedBoundary, ImportedDataAsset, ImportedElement, ImportedFlow, ImportedModel, ImportedSection, ImportedThreat,
} from './imported-model.js';
import { assetsByName, boundaryKindOf, processKindOf, readDataAssets, readDataList, readRefs, trustLevelOf } from './tm-fields.js';
import { approximate, leaveOut, newBoundary, newElement, newFlow, newSection, newThreat, readTwoWay } from './imported-model.js';
import { field, flagField, isObject, listField, lookup, text, textField } from './input-values.js';
import { ImportError } from './import-error.js';
import { ATTACKS_FIELD, readAttacks } from './attack-trees.js';
import { oneLine } from './tm-text.js';
import { curveBoundaries } from './threat-dragon-curves.js';
import type { Point, Rect } from './threat-dragon-curves.js';

/** How many box-to-box and element-to-box comparisons one diagram may need (a few seconds). */
const MAX_GEOMETRY_COMPARISONS = 200_000_000;

const ELEMENT_KIND = lookup<ElementKind>([['actor', 'external'], ['process', 'process'], ['store', 'store']]);

/** A cell with the fields tm reads, each checked for its type. */
interface Cell {
  index: number;
  id: string;
  shape: string;
  raw: unknown;
  data: unknown;
  label: string;
  rect?: Rect;
  fields: Map<string, string>;
  /** The description without its `tm.<key>` lines. */
  rest: string;
}

export function threatDragonModel(input: unknown): ImportedModel {
  const diagrams = field(field(input, 'detail'), 'diagrams');
  if (!Array.isArray(diagrams)) throw new ImportError('not a Threat Dragon v2 model: detail.diagrams is missing');
  const summary = field(input, 'summary');
  if (!isObject(summary)) throw new ImportError('not a Threat Dragon v2 model: summary is missing');
  const detail = field(input, 'detail');
  const summaryFields = parseFieldLines(textField(summary, 'description'));
  const fields = new Map(summaryFields.fields);

  const model: ImportedModel = {
    format: `Threat Dragon ${oneLine(textField(input, 'version')) || '2'}`,
    title: oneLine(textField(summary, 'title')),
    owner: textField(summary, 'owner'),
    reviewed: fields.get('reviewed'),
    revisit: fields.get('revisit'),
    description: summaryFields.rest,
    refs: readRefs(fields.get('refs')),
    comments: [],
    notes: [],
    sections: [],
  };
  const reviewer = oneLine(textField(detail, 'reviewer'));
  if (reviewer) model.comments.push(`Threat Dragon reviewer: ${reviewer}`);
  const contributors = listField(detail, 'contributors').map(contributor => oneLine(textField(contributor, 'name'))).filter(name => name !== '');
  if (contributors.length > 0) model.comments.push(`Threat Dragon contributors: ${contributors.join(', ')}`);

  // tm's export lists the model's data assets once, in the summary: declared in the first diagram's section.
  const dataAssets = readDataAssets(fields.get('data'));
  const assets = assetsByName(dataAssets);
  diagrams.forEach((diagram, index) => {
    if (isObject(diagram)) model.sections.push(readDiagram(diagram, index, assets));
  });
  if (model.sections.length > 0) model.sections[0].dataAssets = dataAssets;
  // Attack trees follow the last diagram's threats (a model without diagrams still keeps them).
  const attacks = readAttacks(fields.get(ATTACKS_FIELD), model);
  if (attacks.length > 0 && model.sections.length === 0) model.sections.push(newSection());
  if (attacks.length > 0) model.sections[model.sections.length - 1].attacks = attacks;
  return model;
}

function readCells(diagram: unknown): Cell[] {
  return listField(diagram, 'cells').flatMap((raw, index): Cell[] => {
    if (!isObject(raw)) return [];
    const data = field(raw, 'data');
    const { fields, rest } = parseFieldLines(textField(data, 'description'));
    return [{ index, id: textField(raw, 'id'), shape: textField(raw, 'shape'), raw, data, label: cellText(raw, data), rect: rectOf(raw), fields: new Map(fields), rest }];
  });
}

/** Threat Dragon stores an element's text in `attrs.text.text` and a box's in `attrs.label.text`. */
function cellText(raw: unknown, data: unknown): string {
  const attrs = field(raw, 'attrs');
  return text(field(field(attrs, 'label'), 'text')) || text(field(field(attrs, 'text'), 'text')) || textField(data, 'name');
}

function rectOf(raw: unknown): Rect | undefined {
  const position = field(raw, 'position');
  const size = field(raw, 'size');
  const values = [field(position, 'x'), field(position, 'y'), field(size, 'width'), field(size, 'height')];
  if (!values.every(value => typeof value === 'number' && Number.isFinite(value))) return undefined;
  const [x, y, width, height] = values as number[];
  return { x, y, width, height };
}

function centreOf(rect: Rect): Point {
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

function contains(rect: Rect, point: Point): boolean {
  return point.x >= rect.x && point.x <= rect.x + rect.width && point.y >= rect.y && point.y <= rect.y + rect.height;
}

interface Box {
  cell: Cell;
  rect: Rect;
  boundary: ImportedBoundary;
}

/** Strict order of boxes by size, later boxes inside equal earlier ones, so nesting has no cycle. */
function isInside(box: Box, other: Box): boolean {
  const area = box.rect.width * box.rect.height;
  const otherArea = other.rect.width * other.rect.height;
  return contains(other.rect, centreOf(box.rect)) && (otherArea > area || (otherArea === area && other.cell.index < box.cell.index));
}

/** The innermost box whose area holds the point: the smallest one (among equals, the last drawn). */
function innermostBox(boxes: readonly Box[], point: Point): Box | undefined {
  let best: Box | undefined;
  for (const box of boxes) {
    if (!contains(box.rect, point)) continue;
    const area = box.rect.width * box.rect.height;
    const bestArea = best ? best.rect.width * best.rect.height : Infinity;
    if (!best || area < bestArea || (area === bestArea && box.cell.index > best.cell.index)) best = box;
  }
  return best;
}

function readDiagram(diagram: unknown, diagramIndex: number, assets: ReadonlyMap<string, ImportedDataAsset>): ImportedSection {
  const title = oneLine(textField(diagram, 'title'));
  const type = oneLine(textField(diagram, 'diagramType'));
  const section = newSection([`Diagram: ${title}${type ? ` (${type})` : ''}`]);
  const description = textField(diagram, 'description').trim();
  if (description) section.comments.push(description);
  const where = `diagram "${title || diagramIndex + 1}"`;
  const cells = readCells(diagram);

  const boxes: Box[] = [];
  for (const cell of cells) {
    if (cell.shape !== 'trust-boundary-box' || !cell.rect) continue;
    const label = oneLine(cell.label) || 'Trust boundary';
    const boundary = newBoundary(`trust boundary box "${label}" in ${where}`, label);
    boundary.preferredName = cell.fields.get('name');
    boundary.subkind = boundaryKindOf(cell.fields.get('kind'));
    boundary.trust = trustLevelOf(cell.fields.get('trust'));
    describe(boundary, cell);
    boxes.push({ cell, rect: cell.rect, boundary });
  }
  // Every box is compared with every other (and every element with every box): bounded, so a
  // file of a million boxes is refused instead of taking hours.
  if (boxes.length * (boxes.length + cells.length) > MAX_GEOMETRY_COMPARISONS) {
    throw new ImportError(`${where} has ${boxes.length} trust boundary boxes among ${cells.length} cells: more than tm import compares (${MAX_GEOMETRY_COMPARISONS.toLocaleString('en')} comparisons)`);
  }
  for (const box of boxes) {
    // The box's parent: the smallest box it lies inside.
    let parent: Box | undefined;
    for (const other of boxes) {
      if (other === box || !isInside(box, other)) continue;
      if (!parent || isInside(other, parent)) parent = other;
    }
    box.boundary.parent = parent?.boundary;
    section.boundaries.push(box.boundary);
  }

  // Cells are joined by id: the first cell with an id owns it, a later one is imported under a
  // note, and nothing is joined to it (Threat Dragon itself would mix them up).
  const byId = new Map<string, ImportedElement>();
  const elementOf = new Map<Cell, ImportedElement>();
  const seenIds = new Set<string>();
  const claimId = (cell: Cell, item: { notes: ImportedElement['notes'] }) => {
    if (cell.id === '') return false;
    if (seenIds.has(cell.id)) {
      approximate(item, `its id "${oneLine(cell.id)}" is also another cell's; flows and threats naming that id go to the first`);
      return false;
    }
    seenIds.add(cell.id);
    return true;
  };
  for (const cell of cells) {
    const kind = ELEMENT_KIND(cell.shape);
    if (!kind) continue;
    const label = oneLine(textField(cell.data, 'name') || cell.label) || { external: 'External', process: 'Process', store: 'Store' }[kind];
    const element = newElement(kind, `${cell.shape} "${label}" in ${where}`, label);
    element.preferredName = cell.fields.get('name');
    if (cell.rect) element.zone = innermostBox(boxes, centreOf(cell.rect))?.boundary;
    describe(element, cell);
    elementFields(element, cell, assets);
    readScope(element, cell);
    if (claimId(cell, element)) byId.set(cell.id, element);
    elementOf.set(cell, element);
    section.elements.push(element);
  }

  const flowOf = new Map<Cell, ImportedFlow>();
  const flowCells: Cell[] = [];
  for (const cell of cells) {
    if (cell.shape !== 'flow') continue;
    const label = oneLine(textField(cell.data, 'name'));
    const from = byId.get(textField(field(cell.raw, 'source'), 'cell'));
    const to = byId.get(textField(field(cell.raw, 'target'), 'cell'));
    if (!from || !to) {
      leaveOut(section, `Flow "${label || 'without a name'}" in ${where} not imported: it is not connected to an element at both ends.`);
      for (const threat of threatsOf(cell)) {
        section.comments.push(`  its threat "${oneLine(textField(threat, 'title'))}" (${oneLine(textField(threat, 'type'))}, ${oneLine(textField(threat, 'status'))}): ${oneLine(textField(threat, 'description'))}`);
      }
      continue;
    }
    const flow = newFlow(`flow "${label || `${from.label} to ${to.label}`}" in ${where}`, from, to, label);
    flow.preferredName = cell.fields.get('name');
    describe(flow, cell);
    flowFields(flow, cell, assets);
    readScope(flow, cell);
    if (seenIds.has(cell.id)) approximate(flow, `its id "${oneLine(cell.id)}" is also another cell's`);
    else if (cell.id !== '') seenIds.add(cell.id);
    flowOf.set(cell, flow);
    flowCells.push(cell);
    section.flows.push(flow);
  }

  for (const cell of cells) {
    if (cell.shape === 'td-text-block') section.comments.push(`Text: ${cell.label}`);
  }
  readCurves(section, cells, elementOf, flowOf, where);
  section.threats = readThreats(cells, elementOf, flowOf);
  return section;
}

/**
 * Curved trust boundaries are lines, not areas: tm makes each one a boundary around the elements
 * on one side of it, so that exactly the flows drawn across the curve cross a boundary
 * (threat-dragon-curves.ts; docs/threat-dragon.md says how).
 */
function readCurves(section: ImportedSection, cells: readonly Cell[], elementOf: Map<Cell, ImportedElement>, flowOf: Map<Cell, ImportedFlow>, where: string): void {
  const curves = cells.filter(cell => cell.shape === 'trust-boundary-curve');
  if (curves.length === 0) return;
  const elementCells = [...elementOf.keys()];
  const pointOf = (end: unknown): Point | undefined => {
    const cellId = textField(end, 'cell');
    const attached = cellId !== '' ? elementCells.find(cell => cell.id === cellId) : undefined;
    if (attached?.rect) return centreOf(attached.rect);
    const x = field(end, 'x');
    const y = field(end, 'y');
    return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : undefined;
  };
  const vertices = (raw: unknown): Point[] => listField(raw, 'vertices').flatMap(vertex => {
    const x = field(vertex, 'x');
    const y = field(vertex, 'y');
    return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? [{ x, y }] : [];
  });
  const lineOf = (raw: unknown): Point[] | undefined => {
    const start = pointOf(field(raw, 'source'));
    const end = pointOf(field(raw, 'target'));
    return start && end ? [start, ...vertices(raw), end] : undefined;
  };
  const crossings: Array<{ flow: ImportedFlow; label: string }> = [];
  const flows = [...flowOf].flatMap(([cell, flow]) => {
    const line = lineOf(cell.raw);
    return line ? [{ flow, line }] : [];
  });
  curves.forEach((cell, index) => {
    const label = oneLine(cell.label) || `Trust boundary ${index + 1}`;
    const line = lineOf(cell.raw);
    if (!line) {
      leaveOut(section, `Trust boundary curve "${label}" in ${where} not imported: it has no end points.`);
      return;
    }
    const boundary = newBoundary(`trust boundary curve "${label}" in ${where}`, label);
    const result = curveBoundaries<ImportedElement, ImportedFlow>(line, flows);
    if (result.crossing.length === 0) {
      leaveOut(section, `Trust boundary curve "${label}" in ${where} not imported: no flow is drawn across it.`);
      return;
    }
    for (const conflict of result.conflicts) approximate(conflict, `drawn across the curve "${label}" an even number of times or on both sides of it; tm cannot put its ends on different sides`);
    placeInside(boundary, result.inside, section, label);
    approximate(boundary, `made from a curved trust boundary: it holds the elements on the side of the curve without external entities (or the smaller side), so the ${result.crossing.length} flow(s) drawn across it cross a boundary`);
    section.boundaries.push(boundary);
    crossings.push(...result.crossing.map(flow => ({ flow, label })));
  });
  // What tm's zones make of it: a flow drawn across a curve whose ends still share a zone is said so.
  for (const { flow, label } of crossings) {
    if (flow.from.zone === flow.to.zone) approximate(flow, `drawn across the curve "${label}", but both its ends are in the same tm boundary`);
  }
}

/**
 * The curve's boundary goes in the innermost boundary that holds all the elements on its side;
 * those elements directly in that boundary move into it, and so does each boundary below it
 * whose elements are all on the curve's side. An element in a boundary that also holds elements
 * on the other side stays where it is, with a note.
 */
function placeInside(boundary: ImportedBoundary, inside: readonly ImportedElement[], section: ImportedSection, label: string): void {
  const chain = (zone: ImportedBoundary | undefined) => {
    const ancestors: Array<ImportedBoundary | undefined> = [];
    for (let at = zone; at !== undefined && ancestors.length <= section.boundaries.length; at = at.parent) ancestors.unshift(at);
    return [undefined, ...ancestors];
  };
  let common = chain(inside[0]?.zone);
  for (const element of inside) {
    const other = chain(element.zone);
    let length = 0;
    while (length < common.length && length < other.length && common[length] === other[length]) length++;
    common = common.slice(0, length);
  }
  const parent = common[common.length - 1];
  boundary.parent = parent;
  const insideSet = new Set(inside);
  for (const element of insideSet) {
    if (element.zone === parent) {
      element.zone = boundary;
      continue;
    }
    // The boundary just below the common one that holds this element.
    const top = chain(element.zone)[common.length];
    if (top === undefined || top === boundary || top.parent === boundary) continue;
    const members = section.elements.filter(other => chain(other.zone).includes(top));
    if (members.every(member => insideSet.has(member))) top.parent = boundary;
    else approximate(element, `on the inner side of the curve "${label}", but it stays in ${oneLine(element.zone?.label ?? 'no boundary')}, which also holds elements on the other side`);
  }
}

/** Threat Dragon's description is the declaration's; tm's export adds its references as `tm.refs`. */
function describe(item: ImportedBoundary | ImportedElement | ImportedFlow, cell: Cell): void {
  if (cell.rest !== '') item.description = cell.rest;
  item.refs = readRefs(cell.fields.get('refs'));
}

function readScope(item: ImportedElement | ImportedFlow, cell: Cell): void {
  if (flagField(cell.data, 'outOfScope')) item.outOfScope = textField(cell.data, 'reasonOutOfScope');
  // `tm.exempt` may repeat (cell.fields keeps only the last): every line is read.
  for (const line of parseFieldLines(textField(cell.data, 'description')).fields) {
    if (line[0] !== 'exempt') continue;
    const match = /^([STRIDE](?:, [STRIDE])*): (.*)$/.exec(line[1]);
    if (match) item.exemptions.push({ letters: match[1].split(', ').filter(isStrideLetter), reason: match[2] });
  }
  // A NotApplicable threat (without tm decision lines) is an exemption of its letter.
  for (const threat of threatsOf(cell)) {
    const letter = letterOfType(textField(threat, 'type'));
    const mitigation = textField(threat, 'mitigation');
    if (!isNotApplicable(threat) || !letter || parseDecisionLines(mitigation)) continue;
    const why = oneLine(mitigation || textField(threat, 'description'));
    item.exemptions.push({ letters: [letter], reason: `Not applicable: ${oneLine(textField(threat, 'title'))}${why ? `. ${why}` : ''}` });
  }
}

function isNotApplicable(threat: unknown): boolean {
  const status = textField(threat, 'status').trim();
  return status === 'NotApplicable' || status === 'NA';
}

function elementFields(element: ImportedElement, cell: Cell, assets: ReadonlyMap<string, ImportedDataAsset>): void {
  const data = cell.data;
  const flags: string[] = [];
  const technology = cell.fields.get('technology');
  if (technology !== undefined) element.technology = parseJsonString(technology);
  switch (element.kind) {
    case 'external': {
      const kind = cell.fields.get('kind');
      if (isExternalKind(kind)) element.subkind = kind;
      if (flagField(data, 'providesAuthentication')) flags.push('provides authentication');
      break;
    }
    case 'process': {
      // tm's kind when its export wrote one; else Threat Dragon's web-application flag.
      element.subkind = processKindOf(cell.fields.get('kind')) ?? (flagField(data, 'isWebApplication') ? 'web-app' : undefined);
      const privilege = (cell.fields.get('privilege') ?? textField(data, 'privilegeLevel')).trim();
      if (isPrivilege(privilege)) element.privilege = privilege;
      else if (privilege !== '') flags.push(`privilege level "${oneLine(privilege)}"`);
      for (const flag of ['handlesCardPayment', 'handlesGoodsOrServices']) {
        if (flagField(data, flag)) flags.push(flag);
      }
      break;
    }
    case 'store': {
      const kind = cell.fields.get('kind') ?? (flagField(data, 'isALog') ? 'log' : undefined);
      if (isStoreKind(kind)) element.subkind = kind;
      element.holds = readDataList(cell.fields.get('holds'), assets);
      // Threat Dragon's flag says what tm's export read from the held data assets' categories too.
      const heldClasses = element.holds.flatMap(held => typeof held === 'string' ? [held] : held.categories);
      if (flagField(data, 'storesCredentials') && !heldClasses.includes('credentials')) element.holds.push('credentials');
      element.encrypted = flagField(data, 'isEncrypted');
      if (flagField(data, 'isSigned')) flags.push('isSigned');
      break;
    }
  }
  if (flags.length > 0) element.comments.push(`Threat Dragon: ${flags.join(', ')}`);
}

function flowFields(flow: ImportedFlow, cell: Cell, assets: ReadonlyMap<string, ImportedDataAsset>): void {
  const data = cell.data;
  const given = oneLine(textField(data, 'protocol'));
  if (given !== '') flow.protocol = given;
  flow.encrypted = flagField(data, 'isEncrypted');
  const port = Number(cell.fields.get('port'));
  if (Number.isInteger(port)) flow.port = port;
  flow.carries = readDataList(cell.fields.get('carries'), assets);
  flow.returns = readDataList(cell.fields.get('returns'), assets);
  for (const control of ['authn', 'authz', 'validation'] as const) {
    const value = cell.fields.get(control);
    if (value === undefined) continue;
    flow[control] = value === 'none' ? 'none' : { text: parseJsonString(value) };
  }
  if (flagField(data, 'isBidirectional')) readTwoWay(flow, 'Threat Dragon');
  const flags = flagField(data, 'isPublicNetwork') ? ['over a public network'] : [];
  if (flags.length > 0) flow.comments.push(`Threat Dragon: ${flags.join('; ')}`);
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

function threatsOf(cell: Cell): unknown[] {
  return listField(cell.data, 'threats').filter(isObject);
}

function readThreats(cells: readonly Cell[], elementOf: Map<Cell, ImportedElement>, flowOf: Map<Cell, ImportedFlow>): ImportedThreat[] {
  const threats: ImportedThreat[] = [];
  const byThreatId = new Map<string, ImportedThreat>();
  for (const cell of cells) {
    const target = elementOf.get(cell) ?? flowOf.get(cell);
    if (!target) continue;
    for (const td of threatsOf(cell)) {
      const type = textField(td, 'type');
      const letter = letterOfType(type);
      const mitigation = textField(td, 'mitigation');
      const decisions = parseDecisionLines(mitigation);
      // A NotApplicable threat without tm decisions became an exemption of its letter.
      if (isNotApplicable(td) && letter && !decisions) continue;
      const threatId = textField(td, 'threatId');
      const groupId = threatId.startsWith(THREAT_ID_PREFIX) ? threatId.slice(THREAT_ID_PREFIX.length) : undefined;
      const existing = groupId !== undefined ? byThreatId.get(groupId) : undefined;
      if (existing) {
        if (!existing.targets.includes(target)) existing.targets.push(target);
        if (letter && !existing.letters.includes(letter)) existing.letters.push(letter);
        continue;
      }
      const title = oneLine(textField(td, 'title')) || 'Untitled threat';
      const threat = newThreat(`threat "${title}" on ${target.origin}`, title);
      threat.preferredName = groupId;
      threat.targets.push(target);
      if (letter) threat.letters.push(letter);
      const score = textField(td, 'score');
      const severity = textField(td, 'severity');
      threat.levels = parseScoreText(score) ?? levelsOfSeverity(severity);
      threat.decisions = decisions ?? decisionsFromStatus(threat, td);
      const described = parseFieldLines(textField(td, 'description'));
      if (described.rest !== '') threat.description = described.rest;
      threat.refs = readRefs(new Map(described.fields).get('refs'));
      if (!letter && type.trim()) threat.comments.push(`Threat Dragon type "${oneLine(type)}" has no STRIDE letter.`);
      if (!levelsOfSeverity(severity) && !parseScoreText(score) && severity.trim()) threat.comments.push(`Threat Dragon severity "${oneLine(severity)}" is not scored.`);
      if (score.trim() && !parseScoreText(score)) threat.comments.push(`Threat Dragon score: ${oneLine(score)}`);
      if (groupId !== undefined) byThreatId.set(groupId, threat);
      threats.push(threat);
    }
  }
  return threats;
}

const TODO_MITIGATED = 'TODO: Threat Dragon marks this Mitigated but names no mitigation';

/**
 * Threat Dragon's status and mitigation text, when they are not tm decision lines. Open with a
 * text is a plan; Mitigated is done; Accepted, Transferred and Avoided/Eliminated are the tm
 * decisions of those names, with `TODO` stubs for what Threat Dragon does not record (who
 * accepted, to whom it was transferred): a stub never passes for a real decision.
 */
function decisionsFromStatus(threat: ImportedThreat, td: unknown): DecisionLine[] {
  const text = oneLine(textField(td, 'mitigation'));
  const status = textField(td, 'status').trim();
  switch (status.toLowerCase()) {
    case 'mitigated': return [{ kind: 'mitigation', text: text || TODO_MITIGATED, status: 'done' }];
    case 'accepted': return [{ kind: 'accepted', reason: text, by: '' }];
    case 'transferred': return [{ kind: 'transferred', reason: text, to: '' }];
    case 'avoided': case 'eliminated': return [{ kind: 'eliminated', what: text || `TODO: Threat Dragon marks this ${status} but says not how` }];
    case 'open': case '': break;
    default: approximate(threat, `Threat Dragon status "${oneLine(status)}" is read as Open`);
  }
  return text ? [{ kind: 'mitigation', text, status: 'planned' }] : [];
}
