// The facts a catalogue condition reads (docs/catalogue.md). Each fact is read from the analysed
// model when a condition first asks for it, and kept: most conditions settle on one or two cheap
// facts (a kind, a type), so the others are never computed for most elements and flows.
import type { DataAsset, Element, Flow, ThreatTarget } from '../language/generated/ast.js';
import { isExternal, isProcess, isStore } from '../language/generated/ast.js';
import { TmGrammar } from '../language/generated/grammar.js';
import { grammarFacts } from '../language/grammar-facts.js';
import type { ModelAnalysis } from '../domain/analysis.js';
import type { ControlName } from '../domain/fields.js';
import {
  CONTROL_NAMES, externalKind, flowControl, flowPort, flowProtocol, isControlDeclared, isEncryptedFlow, isEncryptedStore, isStub, processPrivilege, storeKind,
} from '../domain/fields.js';
import { flowDataClasses, storeDataClasses } from '../domain/data.js';
import { flowChannel, protocolFamily, SENSITIVE_CLASSES } from '../domain/protocols.js';
import { enclosingZones, flowCrossing, outOfScopeReason, OUTSIDE, zoneName, zoneOf } from '../domain/zones.js';
import { memoizedByObject } from '../domain/memo.js';

/** A fact's value: a word, a yes/no, or a set of words. Absent facts match no predicate. */
export type FactValue = string | boolean | readonly string[];

/** One element's or flow's facts, each read on first use. */
export interface OwnFacts {
  get(fact: string): FactValue | undefined;
  /** The fact in slot `slot` (see `factReader`). */
  at(slot: number): FactValue | undefined;
}

/** An element's or flow's own facts and, for a flow, its ends' (read as `source.*` and `target.*`, never copied). */
export interface Facts {
  own: OwnFacts;
  source?: OwnFacts;
  target?: OwnFacts;
}

/**
 * How a condition on `on` reads one fact: resolved once, when the condition is compiled, to the
 * fact's slot, so that reading it while checking is an array access. Undefined for an unknown fact.
 */
export function factReader(on: FactTarget, fact: string): ((facts: Facts) => FactValue | undefined) | undefined {
  const end = /^(source|target)\.(.+)$/.exec(fact);
  if (end && on === 'flow') {
    const slot = ELEMENT_SLOTS.get(end[2]);
    if (slot === undefined) return undefined;
    return end[1] === 'source' ? facts => facts.source?.at(slot) : facts => facts.target?.at(slot);
  }
  const slot = (on === 'flow' ? FLOW_SLOTS : ELEMENT_SLOTS).get(fact);
  return slot === undefined ? undefined : facts => facts.own.at(slot);
}

export type FactTarget = 'flow' | 'process' | 'store' | 'external';

export interface FactSpec {
  /** What the fact says, for docs/catalogue.md and error messages. */
  summary: string;
  /** The words it can take; a predicate naming another is a pack error. Undefined: free words. */
  values?: readonly string[];
  /** The form a free word must have, and that form in words, for the pack's error message. */
  form?: { pattern: RegExp; text: string };
  /** A set fact: a predicate matches when the set shares one of its values. */
  set?: boolean;
}

interface FactDefinition<T> extends FactSpec {
  read(node: T, analysis: ModelAnalysis): FactValue | undefined;
}

const words = (rule: string): readonly string[] => grammarFacts(TmGrammar()).words(rule);
const BOOLEAN = ['true', 'false'] as const;
const ELEMENT_TYPES = ['external', 'process', 'store'];
const KINDS = [...words('ExternalKind'), ...words('StoreKind'), ...words('ProcessKind')];
const DATA_CLASSES = [...words('DataClass'), 'confidential'];
const SENSITIVITIES = words('Sensitivity');
const CONTROL_STATES = ['present', 'none', 'missing', 'stub'];
const CRITICALITIES = words('Criticality');
const SECOND_FACTOR = /\b(2fa|mfa|two[- ]factor|second[- ]factor|multi[- ]factor|t?otp|webauthn|fido2?|passkeys?|u2f)\b/i;
/** A word of a free text (`technology`, `authn`): lower case, letters, digits and `.+#-` inside (`node.js`, `c#`, `end-user`). */
const TEXT_WORD = /[a-z0-9+#]+(?:[.-][a-z0-9+#]+)*/g;
const WORD_FORM = { pattern: /^[a-z0-9+#]+(?:[.-][a-z0-9+#]+)*$/, text: 'a lower-case word such as `jenkins` or `node.js`' };

/**
 * A value computed from a text, kept by text: many elements and flows repeat one (`"mutual TLS"`,
 * `HTTPS`). A fact's value is never changed, so one value serves them all; past 10,000 texts the
 * cache starts again (the editor runs for hours).
 */
function byText<T>(compute: (text: string) => T): (text: string | undefined) => T | undefined {
  const values = new Map<string, T>();
  return text => {
    if (text === undefined) return undefined;
    let value = values.get(text);
    if (value === undefined) {
      if (values.size >= 10_000) values.clear();
      value = compute(text);
      values.set(text, value);
    }
    return value;
  };
}

const NO_WORDS: readonly string[] = Object.freeze([]);
const wordsOf = byText((text): readonly string[] => text.toLowerCase().match(TEXT_WORD) ?? NO_WORDS);

function textWords(text: string | undefined): readonly string[] {
  return wordsOf(text) ?? NO_WORDS;
}

const familyOf = byText(protocol => protocolFamily(protocol));

/** The facts of an element (and of a flow's `source.` and `target.`). */
const ELEMENT_DEFINITIONS: Readonly<Record<string, FactDefinition<Element>>> = {
  type: { summary: 'external, process or store', values: ELEMENT_TYPES, read: element => element.$type.toLowerCase() },
  kind: { summary: "the element's `kind` (an external's, a store's or a process's)", values: KINDS, read: kindOf },
  privilege: { summary: "a process's `privilege`", values: words('Privilege'), read: element => isProcess(element) ? processPrivilege(element) : undefined },
  technology: {
    summary: 'the words of its `technology`, lower case (`"Spring Boot 3"` → `spring`, `boot`, `3`)',
    form: WORD_FORM,
    set: true,
    read: element => textWords(element.technology[0]),
  },
  encrypted: { summary: 'a store says `encrypted`', values: BOOLEAN, read: element => isStore(element) ? isEncryptedStore(element) : undefined },
  holds: { summary: 'the data classes a store `holds` (data assets expanded)', values: DATA_CLASSES, set: true, read: element => isStore(element) ? storeDataClasses(element) : undefined },
  sensitivity: {
    summary: "the highest sensitivity of what a store holds: an asset's own, `confidential` for the sensitive classes",
    values: SENSITIVITIES,
    read: element => isStore(element) ? highestSensitivity(storeDataClasses(element), element.heldAssets) : undefined,
  },
  integrity: { summary: 'the highest `integrity` of the data assets a store holds', values: CRITICALITIES, read: element => isStore(element) ? highestCriticality(element.heldAssets, 'integrity') : undefined },
  availability: { summary: 'the highest `availability` of the data assets a store holds', values: CRITICALITIES, read: element => isStore(element) ? highestCriticality(element.heldAssets, 'availability') : undefined },
  zone: { summary: 'the innermost boundary around it, or `outside`', read: element => zoneName(zoneOf(element)) },
  within: { summary: 'the kinds of every boundary around it (`container`, `cloud-account`, …)', values: words('BoundaryKind'), set: true, read: element => enclosingZones(element).flatMap(zone => zone.kind.slice(0, 1)) },
  trust: { summary: 'the `trust` of the innermost boundary around it that declares one; `none` outside every boundary', values: words('TrustLevel'), read: (element, analysis) => trustIn(analysis, element) },
  'in-boundary': { summary: 'it is inside a trust boundary', values: BOOLEAN, read: element => zoneOf(element) !== undefined },
  'internet-facing': {
    summary: 'a flow from a zone of trust `none` (outside every boundary, or `trust none`) reaches it in a zone that is not',
    values: BOOLEAN,
    read: (element, analysis) => internetFacing(analysis).has(element),
  },
  'out-of-scope': { summary: 'it is `out-of-scope`, by itself or by a boundary around it', values: BOOLEAN, read: element => outOfScopeReason(element) !== undefined },
  'receives-from': {
    summary: 'the types and kinds of the elements whose flows reach it',
    values: [...ELEMENT_TYPES, ...KINDS],
    set: true,
    read: (element, analysis) => neighbours(analysis, element, 'target'),
  },
  'sends-to': {
    summary: 'the types and kinds of the elements its flows reach',
    values: [...ELEMENT_TYPES, ...KINDS],
    set: true,
    read: (element, analysis) => neighbours(analysis, element, 'source'),
  },
};

/** The facts of a flow itself. */
const FLOW_DEFINITIONS: Readonly<Record<string, FactDefinition<Flow>>> = {
  type: { summary: 'always `flow`', values: ['flow'], read: () => 'flow' },
  protocol: { summary: 'the protocol family, lower case without its version (`HTTP/2` → `http`)', read: flow => familyOf(flowProtocol(flow)) },
  'protocol-stated': { summary: 'the flow names a `protocol`', values: BOOLEAN, read: flow => flowProtocol(flow) !== undefined },
  port: { summary: 'its `port`', form: { pattern: /^[1-9][0-9]{0,4}$/, text: 'a port number' }, read: flow => flowPort(flow)?.toString() },
  channel: { summary: 'encrypted, plaintext or unverified (docs/language.md §11)', values: ['encrypted', 'plaintext', 'unverified'], read: flowChannel },
  encrypted: { summary: 'the flow says `encrypted`', values: BOOLEAN, read: isEncryptedFlow },
  carries: { summary: 'the data classes it carries (data assets expanded)', values: DATA_CLASSES, set: true, read: flow => flowDataClasses(flow, 'carries') },
  returns: { summary: 'the data classes its target sends back on it (data assets expanded)', values: DATA_CLASSES, set: true, read: flow => flowDataClasses(flow, 'returns') },
  sensitivity: {
    summary: 'the highest sensitivity of what it carries or returns',
    values: SENSITIVITIES,
    read: flow => highestSensitivity([...flowDataClasses(flow, 'carries'), ...flowDataClasses(flow, 'returns')], [...flow.carriedAssets, ...flow.returnedAssets]),
  },
  integrity: { summary: 'the highest `integrity` of the data assets it carries or returns', values: CRITICALITIES, read: flow => highestCriticality([...flow.carriedAssets, ...flow.returnedAssets], 'integrity') },
  availability: { summary: 'the highest `availability` of the data assets it carries or returns', values: CRITICALITIES, read: flow => highestCriticality([...flow.carriedAssets, ...flow.returnedAssets], 'availability') },
  crossing: { summary: 'its ends are in different zones', values: BOOLEAN, read: flow => flowCrossing(flow) !== undefined },
  'from-outside': { summary: 'it enters a boundary from outside every boundary', values: BOOLEAN, read: isFromOutside },
  'from-internet': { summary: 'it comes from a zone of trust `none` into a zone that is not', values: BOOLEAN, read: (flow, analysis) => isFromInternet(flow, analysis) },
  'authn-words': { summary: 'the words of its `authn` text, lower case (set)', form: WORD_FORM, set: true, read: flow => textWords(flowControl(flow, 'authn')?.text) },
  'authz-words': { summary: 'the words of its `authz` text, lower case (set)', form: WORD_FORM, set: true, read: flow => textWords(flowControl(flow, 'authz')?.text) },
  'second-factor': {
    summary: 'its `authn` text names a second factor (2FA, MFA, two-factor, second factor, OTP, TOTP, WebAuthn, FIDO, passkey)',
    values: BOOLEAN,
    read: flow => SECOND_FACTOR.test(flowControl(flow, 'authn')?.text ?? ''),
  },
  ...Object.fromEntries(CONTROL_NAMES.map(control => [control, {
    summary: `its \`${control}\`: present, none, missing or stub (a TODO)`, values: CONTROL_STATES, read: (flow: Flow) => controlState(flow, control),
  }])),
};

export const ELEMENT_FACTS: Readonly<Record<string, FactSpec>> = ELEMENT_DEFINITIONS;
export const FLOW_FACTS: Readonly<Record<string, FactSpec>> = FLOW_DEFINITIONS;

/** Each fact's slot in a `LazyFacts`: its place among the definitions. */
const slotsOf = (definitions: object): ReadonlyMap<string, number> => new Map(Object.keys(definitions).map((name, slot) => [name, slot]));
const ELEMENT_SLOTS = slotsOf(ELEMENT_DEFINITIONS);
const FLOW_SLOTS = slotsOf(FLOW_DEFINITIONS);
const ELEMENT_READERS = Object.values(ELEMENT_DEFINITIONS);
const FLOW_READERS = Object.values(FLOW_DEFINITIONS);

/** The spec of a fact a condition on `target` may name, or undefined when it may not. */
export function factSpec(target: FactTarget, fact: string): FactSpec | undefined {
  if (target !== 'flow') return ELEMENT_FACTS[fact];
  const end = /^(source|target)\.(.+)$/.exec(fact);
  return end ? ELEMENT_FACTS[end[2]] : FLOW_FACTS[fact];
}

const UNREAD = Symbol('unread');

/** Facts read on first use and kept, by slot; one object per element or flow, for as long as its analysis lives. */
class LazyFacts<T> implements OwnFacts {
  private values: Array<FactValue | undefined | typeof UNREAD> | undefined;

  constructor(
    private readonly node: T,
    private readonly analysis: ModelAnalysis,
    private readonly readers: ReadonlyArray<FactDefinition<T>>,
    private readonly slots: ReadonlyMap<string, number>,
  ) {}

  at(slot: number): FactValue | undefined {
    const values = this.values ??= new Array<FactValue | undefined | typeof UNREAD>(this.readers.length).fill(UNREAD);
    const known = values[slot];
    if (known !== UNREAD) return known;
    return values[slot] = this.readers[slot].read(this.node, this.analysis);
  }

  get(fact: string): FactValue | undefined {
    const slot = this.slots.get(fact);
    return slot === undefined ? undefined : this.at(slot);
  }
}

/** The facts of every analysed element and flow of a model, each read when first asked for. */
export const modelFacts: (analysis: ModelAnalysis) => ReadonlyMap<ThreatTarget, Facts> = memoizedByObject(computeModelFacts);

function computeModelFacts(analysis: ModelAnalysis): ReadonlyMap<ThreatTarget, Facts> {
  const facts = new Map<ThreatTarget, Facts>();
  const elementFacts = new Map<Element, OwnFacts>();
  for (const element of analysis.elements) {
    const own = new LazyFacts(element, analysis, ELEMENT_READERS, ELEMENT_SLOTS);
    elementFacts.set(element, own);
    facts.set(element, { own });
  }
  for (const flow of analysis.flows) {
    const source = flow.source?.ref;
    const target = flow.target?.ref;
    facts.set(flow, { own: new LazyFacts(flow, analysis, FLOW_READERS, FLOW_SLOTS), source: source && elementFacts.get(source), target: target && elementFacts.get(target) });
  }
  return facts;
}

/** Every fact of one element or flow that has a value, by name (hovers, tests, docs). */
export function allFacts(analysis: ModelAnalysis, target: ThreatTarget): Map<string, FactValue> {
  const facts = modelFacts(analysis).get(target);
  const names = Object.keys(target.$type === 'Flow' ? FLOW_DEFINITIONS : ELEMENT_DEFINITIONS);
  const all = new Map<string, FactValue>();
  for (const name of names) {
    const value = facts?.own.get(name);
    if (value !== undefined) all.set(name, value);
  }
  return all;
}

function kindOf(element: Element): string | undefined {
  if (isStore(element)) return storeKind(element);
  if (isExternal(element)) return externalKind(element);
  return isProcess(element) ? element.kind[0] : undefined;
}

/**
 * The types and kinds of the elements that reach each element (`target`) or that it reaches
 * (`source`), in the order first met: one pass over the flows, on first use.
 */
const neighbourhood = memoizedByObject((analysis: ModelAnalysis) => {
  const reachedBy = new Map<Element, string[]>();
  const reaches = new Map<Element, string[]>();
  const typeAndKind = new Map<Element, string[]>();
  const described = (element: Element): string[] => {
    let words = typeAndKind.get(element);
    if (!words) {
      const kind = kindOf(element);
      words = kind ? [element.$type.toLowerCase(), kind] : [element.$type.toLowerCase()];
      typeAndKind.set(element, words);
    }
    return words;
  };
  // A handful of words per element: a list is cheaper than a set, and is the fact's value as it is.
  const add = (lists: Map<Element, string[]>, element: Element, words: readonly string[]) => {
    const list = lists.get(element);
    if (!list) lists.set(element, [...words]);
    else for (const word of words) if (!list.includes(word)) list.push(word);
  };
  for (const flow of analysis.flows) {
    const source = flow.source?.ref;
    const target = flow.target?.ref;
    if (!source || !target) continue;
    add(reachedBy, target, described(source));
    add(reaches, source, described(target));
  }
  return { target: reachedBy, source: reaches };
});

const NO_NEIGHBOURS: readonly string[] = Object.freeze([]);

function neighbours(analysis: ModelAnalysis, element: Element, side: 'source' | 'target'): readonly string[] {
  return neighbourhood(analysis)[side].get(element) ?? NO_NEIGHBOURS;
}

/**
 * The elements a flow from a zone of trust `none` reaches in a zone that is not (of the whole
 * composed model): one pass over the flows, on first use.
 */
const internetFacing = memoizedByObject((analysis: ModelAnalysis) => {
  const reached = new Set<Element>();
  for (const flow of analysis.composed.flows) {
    const target = flow.target?.ref;
    if (target && isFromInternet(flow, analysis)) reached.add(target);
  }
  return reached;
});

/** Each element's trust, worked out once per analysis: the internet facts ask for it at every flow. */
const trusts = memoizedByObject((_: ModelAnalysis) => new Map<Element, string | undefined>());

function trustIn(analysis: ModelAnalysis, element: Element): string | undefined {
  const known = trusts(analysis);
  if (known.has(element)) return known.get(element);
  const trust = trustOf(element);
  known.set(element, trust);
  return trust;
}

/** The trust of the innermost boundary that declares one; the zone outside is `none`. */
function trustOf(element: Element): string | undefined {
  const zones = enclosingZones(element);
  if (zones.length === 0) return 'none';
  return zones.find(zone => zone.trust.length > 0)?.trust[0];
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

/** A flow from a zone of trust `none` (outside, or a boundary that says so) into a zone that is not. */
function isFromInternet(flow: Flow, analysis: ModelAnalysis): boolean {
  const source = flow.source?.ref;
  const target = flow.target?.ref;
  return source !== undefined && target !== undefined && trustIn(analysis, source) === 'none' && trustIn(analysis, target) !== 'none';
}

const SENSITIVITY_RANK = ['public', 'internal', 'confidential', 'restricted'];

/** The highest of an asset's declared sensitivity and what its classes say (a sensitive class is `confidential`). */
function highestSensitivity(classes: readonly string[], assets: ReadonlyArray<{ ref?: { sensitivity: readonly string[] } }>): string | undefined {
  let rank = -1;
  for (const dataClass of classes) {
    rank = Math.max(rank, SENSITIVE_CLASSES.has(dataClass) || dataClass === 'confidential' ? 2 : SENSITIVITY_RANK.indexOf(dataClass));
  }
  for (const asset of assets) rank = Math.max(rank, SENSITIVITY_RANK.indexOf(asset.ref?.sensitivity[0] ?? ''));
  return rank < 0 ? undefined : SENSITIVITY_RANK[rank];
}

/** The highest criticality the data assets declare for `aspect`, or undefined when none does. */
function highestCriticality(assets: ReadonlyArray<{ ref?: DataAsset }>, aspect: 'integrity' | 'availability'): string | undefined {
  let rank = -1;
  for (const asset of assets) rank = Math.max(rank, CRITICALITIES.indexOf(asset.ref?.[aspect][0] ?? ''));
  return rank < 0 ? undefined : CRITICALITIES[rank];
}
