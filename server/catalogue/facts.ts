// The facts a catalogue condition reads (docs/catalogue.md): one pure pass over an analysed model,
// computed once per analysis and shared by every entry of every pack.
import type { Element, Flow, ThreatTarget } from '../language/generated/ast.js';
import { isExternal, isProcess, isStore } from '../language/generated/ast.js';
import type { ModelAnalysis } from '../domain/analysis.js';
import type { ControlName } from '../domain/fields.js';
import {
  CONTROL_NAMES, externalKind, flowControl, flowProtocol, isControlDeclared, isEncryptedFlow, isEncryptedStore, isStub, processPrivilege, storeKind,
} from '../domain/fields.js';
import { flowDataClasses, storeDataClasses } from '../domain/data.js';
import { flowChannel, protocolFamily } from '../domain/protocols.js';
import { flowCrossing, OUTSIDE, zoneName, zoneOf } from '../domain/zones.js';
import { memoizedByObject } from '../domain/memo.js';

/** A fact's value: a word, a yes/no, or a set of words. Absent facts match no predicate. */
export type FactValue = string | boolean | readonly string[];
export type OwnFacts = ReadonlyMap<string, FactValue>;

/** An element's or flow's own facts and, for a flow, its ends' (read as `source.*` and `target.*`, never copied). */
export interface Facts {
  own: OwnFacts;
  source?: OwnFacts;
  target?: OwnFacts;
}

/** How a condition reads one fact: resolved once, when the condition is compiled. */
export function factReader(fact: string): (facts: Facts) => FactValue | undefined {
  const end = /^(source|target)\.(.+)$/.exec(fact);
  if (!end) return facts => facts.own.get(fact);
  const [, side, name] = end;
  return side === 'source' ? facts => facts.source?.get(name) : facts => facts.target?.get(name);
}

export type FactTarget = 'flow' | 'process' | 'store' | 'external';

export interface FactSpec {
  /** What the fact says, for docs/catalogue.md and error messages. */
  summary: string;
  /** The words it can take; a predicate naming another is a pack error. Undefined: free text (names). */
  values?: readonly string[];
  /** A set fact: a predicate matches when the set shares one of its values. */
  set?: boolean;
}

const BOOLEAN = ['true', 'false'] as const;
const ELEMENT_TYPES = ['external', 'process', 'store'];
const KINDS = ['user', 'service', 'device', 'database', 'queue', 'cache', 'log', 'bucket', 'file'];
const DATA_CLASSES = ['public', 'internal', 'pii', 'financial', 'health', 'credentials', 'secrets', 'confidential'];
const CONTROL_STATES = ['present', 'none', 'missing', 'stub'];

/** The facts of an element (and of a flow's `source.` and `target.`). */
export const ELEMENT_FACTS: Readonly<Record<string, FactSpec>> = {
  type: { summary: 'external, process or store', values: ELEMENT_TYPES },
  kind: { summary: "the external's or store's `kind`", values: KINDS },
  privilege: { summary: "a process's `privilege`", values: ['root', 'admin', 'service', 'user'] },
  encrypted: { summary: 'a store says `encrypted`', values: BOOLEAN },
  holds: { summary: "the data classes a store `holds`", values: DATA_CLASSES, set: true },
  zone: { summary: 'the innermost boundary around it, or `outside`' },
  'in-boundary': { summary: 'it is inside a trust boundary', values: BOOLEAN },
  'internet-facing': { summary: 'a flow from outside every boundary enters it across a boundary', values: BOOLEAN },
  'receives-from': { summary: 'the types and kinds of the elements whose flows reach it', values: [...ELEMENT_TYPES, ...KINDS], set: true },
  'sends-to': { summary: 'the types and kinds of the elements its flows reach', values: [...ELEMENT_TYPES, ...KINDS], set: true },
};

/** The facts of a flow itself. */
export const FLOW_FACTS: Readonly<Record<string, FactSpec>> = {
  type: { summary: 'always `flow`', values: ['flow'] },
  protocol: { summary: 'the protocol family, lower case without its version (`HTTP/2` → `http`)' },
  channel: { summary: 'encrypted, plaintext or unverified (docs/language.md §11)', values: ['encrypted', 'plaintext', 'unverified'] },
  encrypted: { summary: 'the flow says `encrypted`', values: BOOLEAN },
  carries: { summary: 'the data classes it carries (data assets expanded)', values: DATA_CLASSES, set: true },
  returns: { summary: 'the data classes its target sends back on it (data assets expanded)', values: DATA_CLASSES, set: true },
  crossing: { summary: 'its ends are in different zones', values: BOOLEAN },
  'from-outside': { summary: 'it enters a boundary from outside every boundary', values: BOOLEAN },
  authn: { summary: 'its `authn`: present, none, missing or stub (a TODO)', values: CONTROL_STATES },
  authz: { summary: 'its `authz`: present, none, missing or stub', values: CONTROL_STATES },
  validation: { summary: 'its `validation`: present, none, missing or stub', values: CONTROL_STATES },
};

/** The spec of a fact a condition on `target` may name, or undefined when it may not. */
export function factSpec(target: FactTarget, fact: string): FactSpec | undefined {
  if (target !== 'flow') return ELEMENT_FACTS[fact];
  const end = /^(source|target)\.(.+)$/.exec(fact);
  return end ? ELEMENT_FACTS[end[2]] : FLOW_FACTS[fact];
}

/** The facts of every analysed element and flow of a model: computed on first use, once per analysis. */
export const modelFacts: (analysis: ModelAnalysis) => ReadonlyMap<ThreatTarget, Facts> = memoizedByObject(computeModelFacts);

function computeModelFacts(analysis: ModelAnalysis): ReadonlyMap<ThreatTarget, Facts> {
  const facts = new Map<ThreatTarget, Facts>();
  const receivesFrom = new Map<Element, Set<string>>();
  const sendsTo = new Map<Element, Set<string>>();
  const entered = new Set<Element>();
  for (const flow of analysis.flows) {
    const source = flow.source?.ref;
    const target = flow.target?.ref;
    if (!source || !target) continue;
    addAll(receivesFrom, target, typeAndKind(source));
    addAll(sendsTo, source, typeAndKind(target));
    if (isFromOutside(flow)) entered.add(target);
  }
  const elementFacts = new Map<Element, OwnFacts>();
  for (const element of analysis.elements) {
    const own = elementFactsOf(element, receivesFrom.get(element), sendsTo.get(element), entered.has(element));
    elementFacts.set(element, own);
    facts.set(element, { own });
  }
  for (const flow of analysis.flows) {
    const source = flow.source?.ref;
    const target = flow.target?.ref;
    facts.set(flow, { own: flowFactsOf(flow), source: source && elementFacts.get(source), target: target && elementFacts.get(target) });
  }
  return facts;
}

function elementFactsOf(element: Element, receivesFrom: Set<string> | undefined, sendsTo: Set<string> | undefined, internetFacing: boolean): Map<string, FactValue> {
  const facts = new Map<string, FactValue>();
  const zone = zoneOf(element);
  facts.set('zone', zoneName(zone));
  facts.set('in-boundary', zone !== undefined);
  facts.set('internet-facing', internetFacing);
  facts.set('receives-from', [...receivesFrom ?? []]);
  facts.set('sends-to', [...sendsTo ?? []]);
  if (isProcess(element)) {
    facts.set('type', 'process');
    setIfDefined(facts, 'privilege', processPrivilege(element));
  } else if (isStore(element)) {
    facts.set('type', 'store');
    setIfDefined(facts, 'kind', storeKind(element));
    facts.set('encrypted', isEncryptedStore(element));
    facts.set('holds', storeDataClasses(element));
  } else if (isExternal(element)) {
    facts.set('type', 'external');
    setIfDefined(facts, 'kind', externalKind(element));
  }
  return facts;
}

function flowFactsOf(flow: Flow): Map<string, FactValue> {
  const facts = new Map<string, FactValue>();
  facts.set('type', 'flow');
  setIfDefined(facts, 'protocol', protocolFamily(flowProtocol(flow)));
  facts.set('channel', flowChannel(flow));
  facts.set('encrypted', isEncryptedFlow(flow));
  facts.set('carries', flowDataClasses(flow, 'carries'));
  facts.set('returns', flowDataClasses(flow, 'returns'));
  facts.set('crossing', flowCrossing(flow) !== undefined);
  facts.set('from-outside', isFromOutside(flow));
  for (const control of CONTROL_NAMES) facts.set(control, controlState(flow, control));
  return facts;
}

function controlState(flow: Flow, control: ControlName): string {
  const declared = flowControl(flow, control);
  if (!isControlDeclared(declared)) return 'missing';
  if (declared!.none) return 'none';
  return isStub(declared!.text) ? 'stub' : 'present';
}

/** A flow from the implicit zone outside every boundary into a boundary. */
function isFromOutside(flow: Flow): boolean {
  const crossing = flowCrossing(flow);
  return crossing !== undefined && crossing.from === undefined && zoneName(crossing.to) !== OUTSIDE;
}

function typeAndKind(element: Element): string[] {
  const kind = isStore(element) ? storeKind(element) : isExternal(element) ? externalKind(element) : undefined;
  return kind ? [element.$type.toLowerCase(), kind] : [element.$type.toLowerCase()];
}

function addAll(sets: Map<Element, Set<string>>, key: Element, values: readonly string[]): void {
  let set = sets.get(key);
  if (!set) sets.set(key, set = new Set());
  for (const value of values) set.add(value);
}

function setIfDefined(facts: Map<string, FactValue>, fact: string, value: string | undefined): void {
  if (value !== undefined) facts.set(fact, value);
}
