// The Threat Dragon v2 JSON format (td.vue/src/assets/schema/threat-dragon-v2.schema.json), as
// far as tm reads and writes it, and the conventions both directions share so that a model
// exported by tm imports back unchanged. docs/threat-dragon.md documents every mapping.
import type { StrideLetter } from '../domain/stride.js';
import { STRIDE_INFO, STRIDE_LETTERS } from '../domain/stride.js';

export interface TdThreat {
  id?: string;
  threatId?: string;
  title: string;
  type: string;
  status: string;
  severity: string;
  description?: string;
  mitigation: string;
  modelType?: string;
  number?: number;
  score?: string;
}

export interface TdCellData {
  type: string;
  name?: string;
  description?: string;
  outOfScope?: boolean;
  reasonOutOfScope?: string;
  threats?: TdThreat[];
  hasOpenThreats: boolean;
  isTrustBoundary?: boolean;
  privilegeLevel?: string;
  isALog?: boolean;
  storesCredentials?: boolean;
  isEncrypted?: boolean;
  isSigned?: boolean;
  providesAuthentication?: boolean;
  protocol?: string;
  isBidirectional?: boolean;
  isPublicNetwork?: boolean;
  handlesCardPayment?: boolean;
  handlesGoodsOrServices?: boolean;
  isWebApplication?: boolean;
}

export interface TdPoint {
  x: number;
  y: number;
}

export interface TdCell {
  id: string;
  shape: string;
  zIndex: number;
  position?: TdPoint;
  size?: { width: number; height: number };
  attrs?: Record<string, unknown>;
  data?: TdCellData;
  source?: { cell?: string; x?: number; y?: number };
  target?: { cell?: string; x?: number; y?: number };
  vertices?: TdPoint[];
  labels?: unknown[];
  visible?: boolean;
  connector?: string;
}

export interface TdDiagram {
  id: number;
  title: string;
  diagramType: string;
  placeholder?: string;
  thumbnail: string;
  version: string;
  description?: string;
  cells: TdCell[];
}

export interface TdModel {
  version: string;
  summary: { title: string; owner?: string; description?: string; id?: number | string };
  detail: {
    contributors: Array<{ name?: string }>;
    diagrams: TdDiagram[];
    diagramTop: number;
    reviewer: string;
    threatTop: number;
  };
}

export const TD_VERSION = '2.3.0';

/** Cell shapes of the DFD elements. */
export const TD_SHAPES = { external: 'actor', process: 'process', store: 'store' } as const;

/** Threat Dragon's threat types for STRIDE diagrams are the letters' names ("Information disclosure"). */
const LETTER_BY_TYPE = new Map<string, StrideLetter>([
  ...STRIDE_LETTERS.map(letter => [STRIDE_INFO[letter].threat.toLowerCase(), letter] as [string, StrideLetter]),
  // CIA diagrams: each property is the one a STRIDE letter violates.
  ['confidentiality', 'I'],
  ['integrity', 'T'],
  ['availability', 'D'],
]);

export function letterOfType(type: string | undefined): StrideLetter | undefined {
  return LETTER_BY_TYPE.get((type ?? '').trim().toLowerCase());
}

export function typeOfLetter(letter: StrideLetter): string {
  return STRIDE_INFO[letter].threat;
}

/**
 * Severity ↔ likelihood and impact. A severity is one number; tm scores two. Each severity
 * maps to a pair whose score falls in the same bucket: Critical 3×3 = 9 and High 2×3 = 6
 * (fix now), Medium 2×2 = 4 (fix soon), Low 1×2 = 2 (watch). TBA, empty or unknown: unscored.
 */
const LEVELS_BY_SEVERITY = new Map<string, [number, number]>([['critical', [3, 3]], ['high', [2, 3]], ['medium', [2, 2]], ['low', [1, 2]]]);

export function levelsOfSeverity(severity: string | undefined): [number, number] | undefined {
  return LEVELS_BY_SEVERITY.get((severity ?? '').trim().toLowerCase());
}

export function severityOfScore(score: number | undefined): string {
  if (score === undefined) return 'TBA';
  if (score >= 9) return 'Critical';
  if (score >= 6) return 'High';
  if (score >= 3) return 'Medium';
  return 'Low';
}

/** The exact likelihood and impact travel in the free-text `score` field: `likelihood 3, impact 2`. */
export function scoreText(likelihood: number, impact: number): string {
  return `likelihood ${likelihood}, impact ${impact}`;
}

export function parseScoreText(score: string | undefined): [number, number] | undefined {
  const match = /^\s*likelihood ([123]), impact ([123])\s*$/.exec(score ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * tm fields Threat Dragon has no place for travel as `tm.<key>: <value>` lines in a cell's or
 * the summary's description, after the description proper.
 */
export function fieldLines(fields: ReadonlyArray<[string, string]>): string[] {
  return fields.map(([key, value]) => `tm.${key}: ${value}`);
}

export function parseFieldLines(description: string | undefined): { fields: Array<[string, string]>; rest: string } {
  const fields: Array<[string, string]> = [];
  const rest: string[] = [];
  for (const line of (description ?? '').split(/\r\n|\n|\r/)) {
    const match = /^tm\.([a-z-]+): (.*)$/.exec(line);
    if (match) fields.push([match[1], match[2]]);
    else rest.push(line);
  }
  return { fields, rest: rest.join('\n').trim() };
}

/** An acceptance's or transfer's optional ticket and dates (docs/language.md §4). */
export interface DecisionDates {
  ticket?: string;
  date?: string;
  until?: string;
}

const DATED_PARTS = ['ticket', 'date', 'until'] as const;

/** The names of the threat's targets a decision is about, as written after `for` (docs/language.md §4). */
export interface DecisionTargets {
  for?: string[];
}

export type DecisionLine = DecisionTargets & (
  | { kind: 'mitigation'; text: string; status: 'planned' | 'in-progress' | 'done'; owner?: string; ticket?: string; refs?: string[] }
  | { kind: 'accepted'; reason: string; by: string } & DecisionDates
  | { kind: 'transferred'; reason: string; to: string } & DecisionDates
  | { kind: 'eliminated'; what: string });

/** `, for ["Api","Db"]`: the targets, last among the extras. */
function forExtra(decision: DecisionTargets): string {
  return decision.for !== undefined && decision.for.length > 0 ? `, for ${JSON.stringify(decision.for)}` : '';
}

/** `, ticket "SEC-12", until "2027-05-01"`: the parts a dated decision has, in a fixed order. */
function datedExtras(decision: DecisionDates): string {
  return DATED_PARTS.flatMap(part => decision[part] !== undefined ? [`, ${part} ${JSON.stringify(decision[part])}`] : []).join('');
}

/**
 * tm decisions in a Threat Dragon `mitigation` text, one per line:
 * `Mitigation (done, owner "x", ticket "PAY-1", refs ["CWE-20"]): text`, `Accepted (by "x", ticket
 * "SEC-12", date "2026-11-01", until "2027-05-01"): reason`, `Transferred (to "x"): reason`,
 * `Eliminated: what`; a decision about some of the threat's targets ends its parenthesis with
 * `for ["Api","Db"]` (`Eliminated (for ["Api"]): what`). Names are JSON strings, so any name fits.
 */
export function decisionLine(decision: DecisionLine): string {
  switch (decision.kind) {
    case 'mitigation': {
      const extras = [decision.status, ...(decision.owner !== undefined ? [`owner ${JSON.stringify(decision.owner)}`] : []),
        ...(decision.ticket !== undefined ? [`ticket ${JSON.stringify(decision.ticket)}`] : []),
        ...(decision.refs !== undefined && decision.refs.length > 0 ? [`refs ${JSON.stringify(decision.refs)}`] : [])];
      return `Mitigation (${extras.join(', ')}${forExtra(decision)}): ${decision.text}`;
    }
    case 'accepted': return `Accepted (by ${JSON.stringify(decision.by)}${datedExtras(decision)}${forExtra(decision)}): ${decision.reason}`;
    case 'transferred': return `Transferred (to ${JSON.stringify(decision.to)}${datedExtras(decision)}${forExtra(decision)}): ${decision.reason}`;
    case 'eliminated': return decision.for !== undefined && decision.for.length > 0 ? `Eliminated (${forExtra(decision).slice(2)}): ${decision.what}` : `Eliminated: ${decision.what}`;
  }
}

const JSON_STRING = '"(?:[^"\\\\]|\\\\.)*"';
const JSON_LIST = `\\[(?:${JSON_STRING}(?:,${JSON_STRING})*)?\\]`;
const FOR_EXTRA = `(?:, for (${JSON_LIST}))?`;
const MITIGATION_LINE = new RegExp(`^Mitigation \\((planned|in-progress|done)(?:, owner (${JSON_STRING}))?(?:, ticket (${JSON_STRING}))?(?:, refs (${JSON_LIST}))?${FOR_EXTRA}\\): (.*)$`);
const DATED_EXTRAS = DATED_PARTS.map(part => `(?:, ${part} (${JSON_STRING}))?`).join('');
const ACCEPTED_LINE = new RegExp(`^Accepted \\(by (${JSON_STRING})${DATED_EXTRAS}${FOR_EXTRA}\\): (.*)$`);
const TRANSFERRED_LINE = new RegExp(`^Transferred \\(to (${JSON_STRING})${DATED_EXTRAS}${FOR_EXTRA}\\): (.*)$`);

/** The ticket and dates matched by DATED_EXTRAS, from capture group 2 on. */
function datedParts(match: RegExpExecArray): DecisionDates {
  return Object.fromEntries(DATED_PARTS.flatMap((part, index) => match[index + 2] !== undefined ? [[part, JSON.parse(match[index + 2]) as string]] : []));
}
const ELIMINATED_LINE = new RegExp(`^Eliminated(?: \\(for (${JSON_LIST})\\))?: (.*)$`);

/** The targets after `for`, from the capture group that holds their JSON list. */
function forPart(match: RegExpExecArray, group: number): DecisionTargets {
  return match[group] !== undefined ? { for: JSON.parse(match[group]) as string[] } : {};
}

/** The decisions of a mitigation text when every non-empty line is a decision line; otherwise undefined. */
export function parseDecisionLines(text: string): DecisionLine[] | undefined {
  const lines = text.split(/\r\n|\n|\r/).filter(line => line.trim() !== '');
  if (lines.length === 0) return undefined;
  const decisions: DecisionLine[] = [];
  for (const line of lines) {
    const decision = parseDecisionLine(line);
    if (!decision) return undefined;
    decisions.push(decision);
  }
  return decisions;
}

function parseDecisionLine(line: string): DecisionLine | undefined {
  try {
    let match = MITIGATION_LINE.exec(line);
    if (match) {
      return {
        kind: 'mitigation', status: match[1] as 'planned' | 'in-progress' | 'done', text: match[6],
        ...(match[2] !== undefined ? { owner: JSON.parse(match[2]) as string } : {}),
        ...(match[3] !== undefined ? { ticket: JSON.parse(match[3]) as string } : {}),
        ...(match[4] !== undefined ? { refs: JSON.parse(match[4]) as string[] } : {}),
        ...forPart(match, 5),
      };
    }
    match = ACCEPTED_LINE.exec(line);
    if (match) return { kind: 'accepted', by: JSON.parse(match[1]) as string, ...datedParts(match), ...forPart(match, 5), reason: match[6] };
    match = TRANSFERRED_LINE.exec(line);
    if (match) return { kind: 'transferred', to: JSON.parse(match[1]) as string, ...datedParts(match), ...forPart(match, 5), reason: match[6] };
    match = ELIMINATED_LINE.exec(line);
    if (match) return { kind: 'eliminated', ...forPart(match, 1), what: match[2] };
  } catch {
    // A malformed JSON name: the line is not one of ours, so the text is read as prose.
  }
  return undefined;
}

/** Threats tm exports carry `threatId` `tm:<name>`: the cells and letters of one tm threat share it. */
export const THREAT_ID_PREFIX = 'tm:';
