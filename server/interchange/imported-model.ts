// What every importer produces: a model in tm's terms, before it is written as .tm text
// (tm-writer.ts). Importers fill it from their format; the one writer turns it into a file that
// parses and checks, so naming, escaping, nesting limits and the flows tm forbids are handled
// once for every format. Items reference each other directly (never by a key looked up later).
import type { StrideLetter } from '../domain/stride.js';
import type { DecisionLine } from './threat-dragon-format.js';

export type ElementKind = 'external' | 'process' | 'store';

/** How an item of the source fared: written as it was, changed to fit tm, or not written at all. */
export type ImportStatus = 'mapped' | 'approximated' | 'left-out';

export interface ImportNote {
  status: 'approximated' | 'left-out';
  text: string;
}

export interface ImportedExemption {
  letters: StrideLetter[];
  reason: string;
}

/** A control on a flow: a description, or `none` (declared absent). */
export type ImportedControl = { text: string } | 'none';

interface Declared {
  /** The item in the source, for the import report: `component "Web" (id web)`. */
  origin: string;
  /** The name tm wrote on export (Threat Dragon's `tm.name`), tried first. */
  preferredName?: string;
  /** The source's name the identifier is made from. */
  foreignName: string;
  /** Written above the declaration, one `//` line per line. */
  comments: string[];
  /** What did not fit: a comment above the declaration and an entry in the import report. */
  notes: ImportNote[];
  description?: string;
  refs: string[];
}

export interface ImportedBoundary extends Declared {
  label: string;
  parent?: ImportedBoundary;
  /** Boundary `kind` (network, cloud-account, …). */
  subkind?: string;
  /** Boundary `trust` (none, low, medium, high). */
  trust?: string;
  outOfScope?: string;
}

/** A data asset (`data Name "label" { … }`, docs/language.md §3). */
export interface ImportedDataAsset extends Declared {
  label: string;
  sensitivity?: 'public' | 'internal' | 'confidential' | 'restricted';
  categories: string[];
  integrity?: string;
  availability?: string;
}

/** What a flow carries or returns, or a store holds: a built-in class or one of the model's data assets. */
export type ImportedData = string | ImportedDataAsset;

export interface ImportedElement extends Declared {
  kind: ElementKind;
  label: string;
  zone?: ImportedBoundary;
  /** `kind` of an external (user, service, device), a process (web-app, api, …) or a store (database, log, …). */
  subkind?: string;
  technology?: string;
  privilege?: string;
  holds: ImportedData[];
  encrypted: boolean;
  exemptions: ImportedExemption[];
  /** Out of scope, with the source's reason (maybe empty): every letter that applies is exempt. */
  outOfScope?: string;
}

export interface ImportedFlow extends Declared {
  from: ImportedElement;
  to: ImportedElement;
  label: string;
  protocol?: string;
  port?: number;
  /** Declared encrypted (tm's `encrypted` on a flow), whatever the protocol says. */
  encrypted: boolean;
  carries: ImportedData[];
  /** Data the target sends back on the same channel. */
  returns: ImportedData[];
  authn?: ImportedControl;
  authz?: ImportedControl;
  validation?: ImportedControl;
  exemptions: ImportedExemption[];
  outOfScope?: string;
}

export interface ImportedThreat extends Declared {
  title: string;
  /** Elements and flows; boundaries too (a threat on a boundary has no STRIDE coverage). */
  targets: Array<ImportedElement | ImportedFlow | ImportedBoundary>;
  letters: StrideLetter[];
  levels?: [number, number];
  decisions: DecisionLine[];
}

/** A step of an attack tree: a gate over its children, or a leaf with a cost (none: unexpanded). */
export interface ImportedAttackNode {
  text: string;
  gate?: 'or' | 'and';
  /** `trivial` … `extreme`, or a non-negative number as written. */
  cost?: string;
  children: ImportedAttackNode[];
}

/** An attack tree (docs/language.md §7); its tree is a root node whose text is unused. */
export interface ImportedAttack extends Declared {
  goal: string;
  realizes: ImportedThreat[];
  tree?: ImportedAttackNode;
}

/** One part of the source (a Threat Dragon diagram); formats without parts have one. */
export interface ImportedSection {
  /** A heading comment, such as `Diagram: Main (STRIDE)`. */
  heading: string[];
  /** Comments for the section as a whole. */
  comments: string[];
  /** What has no declaration to sit on (a flow with a missing end): comments here and report entries. */
  notes: ImportNote[];
  dataAssets: ImportedDataAsset[];
  boundaries: ImportedBoundary[];
  elements: ImportedElement[];
  flows: ImportedFlow[];
  threats: ImportedThreat[];
  attacks: ImportedAttack[];
}

export interface ImportedModel {
  /** The format's name as users know it: `Threat Dragon 2.3.0`, `OTM 0.2.0`. */
  format: string;
  title: string;
  owner?: string;
  reviewed?: string;
  revisit?: string;
  description?: string;
  refs?: string[];
  /** Comments above the model header. */
  comments: string[];
  notes: ImportNote[];
  sections: ImportedSection[];
}

export function newSection(heading: string[] = []): ImportedSection {
  return { heading, comments: [], notes: [], dataAssets: [], boundaries: [], elements: [], flows: [], threats: [], attacks: [] };
}

export function declared(origin: string, foreignName: string): Declared {
  return { origin, foreignName, comments: [], notes: [], refs: [] };
}

export function newElement(kind: ElementKind, origin: string, label: string): ImportedElement {
  return { ...declared(origin, label), kind, label, holds: [], encrypted: false, exemptions: [] };
}

export function newFlow(origin: string, from: ImportedElement, to: ImportedElement, label: string): ImportedFlow {
  return { ...declared(origin, label || `${from.label} to ${to.label}`), from, to, label, encrypted: false, carries: [], returns: [], exemptions: [] };
}

export function newBoundary(origin: string, label: string): ImportedBoundary {
  return { ...declared(origin, label), label };
}

export function newDataAsset(origin: string, label: string): ImportedDataAsset {
  return { ...declared(origin, label), label, categories: [] };
}

export function newThreat(origin: string, title: string): ImportedThreat {
  return { ...declared(origin, ''), title, targets: [], letters: [], decisions: [] };
}

export function approximate(item: { notes: ImportNote[] }, text: string): void {
  item.notes.push({ status: 'approximated', text });
}

export function leaveOut(item: { notes: ImportNote[] }, text: string): void {
  item.notes.push({ status: 'left-out', text });
}

/**
 * A two-way flow (Threat Dragon's `isBidirectional`, OTM's `bidirectional`) is a request and its
 * reply on one channel: one flow whose reply returns the data it carries, unless tm's own export
 * already named the reply's data. A two-way flow that names no data can have no `returns`: noted,
 * so the report lists it.
 */
export function readTwoWay(flow: ImportedFlow, format: string): void {
  if (flow.returns.length > 0) return;
  if (flow.carries.length === 0) {
    approximate(flow, `${format} draws it bidirectional, but it names no data, so no \`returns\` could be written: add what the target sends back`);
    return;
  }
  flow.returns = [...flow.carries];
  approximate(flow, `${format} draws it bidirectional: the reply is read as returning the data it carries`);
}

/**
 * A STRIDE letter from a category name as other tools write it ("Spoofing", "Information
 * Disclosure", "Elevation of Privileges", "denial-of-service"); undefined for anything else.
 */
export function letterOfCategory(category: string): StrideLetter | undefined {
  const words = category.toLowerCase().replace(/[^a-z]+/g, ' ').trim();
  if (/^spoof/.test(words)) return 'S';
  if (/^tamper/.test(words)) return 'T';
  if (/^repudiat/.test(words)) return 'R';
  if (/^information disclosure/.test(words) || words === 'disclosure') return 'I';
  if (/^denial of service/.test(words) || words === 'dos') return 'D';
  if (/^elevation of privilege/.test(words) || /^privilege escalation/.test(words)) return 'E';
  return undefined;
}

/** A 0–100 rating (OTM's likelihood and impact) on tm's 1–3 scale: up to 33 is 1, up to 66 is 2, above is 3. */
export function levelOfPercent(value: number): number {
  return value <= 33 ? 1 : value <= 66 ? 2 : 3;
}

/** What a technology or type name says about a process's kind (docs/language.md §3); the first pattern that matches wins. */
const PROCESS_KINDS: ReadonlyArray<[RegExp, string]> = [
  [/identity|\bidp\b|oauth|oidc|keycloak|cognito|okta|auth0|\bsso\b|ldap|active-?directory/, 'identity-provider'],
  [/\bllm\b|openai|bedrock|language-?model|\bgpt/, 'llm'],
  [/build|pipeline|jenkins|ci-?cd|devops/, 'build-pipeline'],
  [/lambda|function|faas|serverless/, 'function'],
  [/browser/, 'browser'],
  [/mobile|android|\bios\b/, 'mobile-app'],
  [/iot|device|sensor|embedded/, 'iot-device'],
  [/broker|kafka|rabbit|\bmq\b|message-?queue/, 'message-broker'],
  [/database|\bsql|postgres|mysql|mongo|oracle/, 'database-engine'],
  [/gateway|\bapi\b|api-|rest|graphql|grpc/, 'api'],
  [/web-?app|web-?server|website|frontend|web-?application|\bcms\b|web-?site/, 'web-app'],
  [/worker|\bjob\b|batch|scheduler|cron/, 'worker'],
];

export function processKindOfTechnology(technology: string): string | undefined {
  const lower = technology.toLowerCase();
  for (const [pattern, kind] of PROCESS_KINDS) if (pattern.test(lower)) return kind;
  return undefined;
}

/** A 0–100 rating on tm's four steps, by quarters: below 25 the first, below 50 the second, below 75 the third, else the fourth. */
export function quarterOf<T>(value: number, steps: readonly [T, T, T, T]): T {
  return steps[value < 25 ? 0 : value < 50 ? 1 : value < 75 ? 2 : 3];
}
