// One pass over a model that every consumer shares: the validator, hovers, code lenses, the
// diagram and the reports. Results are cached per AST root, which Langium replaces on every
// edit, and per list of resolved imports, which the linker replaces on every link, so a cache
// entry can never be stale.
//
// Models across files (docs/language.md §12): the analysis of a file is computed on its composed
// model (server/domain/composition.ts). Its lists (`elements`, `flows`, …) hold the file's own
// declarations, so that whatever places ranges or edits in the file (diagnostics, code lenses,
// quick-fixes) never lands in another; `imported` holds those of the files it imports (each
// once), `composed` both, and the relations (`threatsOn`, `flowsTouching`, coverage) count the
// whole composed model: a library's threat covers its element wherever it is used.
import type { AstNode } from 'langium';
import type {
  Attack, AttackNode, Boundary, DataAsset, Element, Flow, Model, ModelHeader, NamedDeclaration, Threat, ThreatSubject, ThreatTarget,
} from '../language/generated/ast.js';
import { isAttack, isBoundary, isDataAsset, isFlow, isThreat } from '../language/generated/ast.js';
import { isFilled } from './fields.js';
import { memoizedByObject } from './memo.js';
import { composedModels, importsOf, isImportedInto } from './composition.js';
import type { StrideLetter } from './stride.js';
import { applicableLetters, inStrideOrder } from './stride.js';
import { flowCrossing, outOfScopeReason } from './zones.js';

/** Boundaries and attack-tree nodes nested deeper than this are `too-deep` (docs/language.md §10). */
export const MAX_NESTING = 64;

/** A model with more elements or threats than these is `too-large`: drawn at the wrong altitude (docs/language.md §6). */
export const MAX_ELEMENTS = 50;
export const MAX_THREATS = 80;

export interface DeclarationIndex {
  /** The first declaration of each name. */
  byName: ReadonlyMap<string, NamedDeclaration>;
  /** Every later declaration of a name already taken. */
  duplicates: readonly NamedDeclaration[];
}

/** The declarations of one or more files that are analysed (not nested too deep). */
export interface Declarations {
  elements: readonly Element[];
  boundaries: readonly Boundary[];
  flows: readonly Flow[];
  threats: readonly Threat[];
  attacks: readonly Attack[];
  dataAssets: readonly DataAsset[];
}

export interface ModelAnalysis extends Declarations {
  model: Model;
  header: ModelHeader | undefined;
  /** The first boundary or attack-tree node past the nesting limit on each deep branch (this file's). */
  tooDeep: readonly (Boundary | AttackNode)[];
  /** The declarations of the files this one imports, directly or not (none without imports). */
  imported: Declarations;
  /** This file's declarations, then the imported ones: the composed model. */
  composed: Declarations;
  /** The files of the composed model: this one first. */
  models: readonly Model[];
  /** Whether a node of the composed model was declared in another file than this one. */
  isImported(node: AstNode): boolean;
  /** The threats on a target, in the whole composed model. */
  threatsOn(target: ThreatSubject): readonly Threat[];
  /** The flows touching an element, in the whole composed model. */
  flowsTouching(element: Element): readonly Flow[];
  /** A flow written without its name (`flow A -> B`), whose ends did not parse: it may be what touches an element. */
  hasNamelessFlow: boolean;
}

/** Names resolve within their file only (docs/language.md §10): this is the whole scope of a model. */
export const declarationIndex: (model: Model) => DeclarationIndex = memoizedByObject(model => {
  const byName = new Map<string, NamedDeclaration>();
  const duplicates: NamedDeclaration[] = [];
  for (const declaration of allDeclarations(model)) {
    if (!hasName(declaration)) continue;
    if (byName.has(declaration.name)) duplicates.push(declaration);
    else byName.set(declaration.name, declaration);
  }
  return { byName, duplicates };
});

/**
 * Whether a declaration's name parsed as its name. A flow whose source did not parse has none:
 * in `flow A -> B` (the name forgotten) the parser read the source as the name, and the flow has
 * its `syntax-error` (docs/language.md §11), not a `duplicate-name` or findings that name it.
 */
export function hasName(declaration: NamedDeclaration): boolean {
  return isFilled(declaration.name) && (!isFlow(declaration) || declaration.source !== undefined);
}

/**
 * Every named declaration, boundaries' members included, in source order. A list, not a
 * generator: it is made once per model, before V8 optimises anything, and an unoptimised
 * generator costs a microsecond per item.
 */
export function allDeclarations(model: Model): NamedDeclaration[] {
  const declarations: NamedDeclaration[] = [];
  const stack: NamedDeclaration[] = [...model.declarations].reverse();
  while (stack.length > 0) {
    const declaration = stack.pop()!;
    declarations.push(declaration);
    if (isBoundary(declaration)) {
      for (let i = declaration.members.length - 1; i >= 0; i--) stack.push(declaration.members[i]);
    }
  }
  return declarations;
}

/** The declarations of one file alone: the part of every composed model it is in. */
const fileDeclarations: (model: Model) => FileDeclarations = memoizedByObject(collectDeclarations);

const analyses = new WeakMap<Model, { imports: unknown; analysis: ModelAnalysis }>();

/** The analysis of a file on its composed model: recomputed when the linker resolved its imports again. */
export function analyzeModel(model: Model): ModelAnalysis {
  const imports = importsOf(model);
  const cached = analyses.get(model);
  if (cached && cached.imports === imports) return cached.analysis;
  const analysis = computeAnalysis(model);
  analyses.set(model, { imports, analysis });
  return analysis;
}

/** The analysis of the model a node belongs to (the composed model of the node's own file). */
export function analysisOf(node: AstNode): ModelAnalysis {
  let root = node;
  while (root.$container) root = root.$container;
  return analyzeModel(root as Model);
}

interface FileDeclarations extends Declarations {
  tooDeep: readonly (Boundary | AttackNode)[];
  hasNamelessFlow: boolean;
}

function computeAnalysis(model: Model): ModelAnalysis {
  const local = fileDeclarations(model);
  const models = composedModels(model);
  const importedParts = models.slice(1).map(fileDeclarations);
  const imported = joinDeclarations(importedParts);
  const composed = models.length === 1 ? local : joinDeclarations([local, ...importedParts]);

  const threatsByTarget = new Map<ThreatSubject, Threat[]>();
  for (const threat of composed.threats) {
    for (const reference of threat.targets) addOnce(threatsByTarget, reference.ref, threat);
  }
  const flowsByElement = new Map<Element, Flow[]>();
  for (const flow of composed.flows) {
    addOnce(flowsByElement, flow.source?.ref, flow);
    addOnce(flowsByElement, flow.target?.ref, flow);
  }

  return {
    model,
    header: model.headers[0],
    elements: local.elements,
    boundaries: local.boundaries,
    flows: local.flows,
    threats: local.threats,
    attacks: local.attacks,
    dataAssets: local.dataAssets,
    tooDeep: local.tooDeep,
    imported,
    composed,
    models,
    isImported: node => models.length > 1 && isImportedInto(node, model),
    threatsOn: target => threatsByTarget.get(target) ?? [],
    flowsTouching: element => flowsByElement.get(element) ?? [],
    hasNamelessFlow: local.hasNamelessFlow,
  };
}

type DeclarationLists = { [K in keyof Declarations | 'tooDeep']: Array<FileDeclarations[K][number]> };

function emptyLists(): DeclarationLists {
  return { elements: [], boundaries: [], flows: [], threats: [], attacks: [], dataAssets: [], tooDeep: [] };
}

/** The lists of several files one after the other. */
function joinDeclarations(parts: readonly Declarations[]): Declarations {
  const { elements, boundaries, flows, threats, attacks, dataAssets } = emptyLists();
  for (const part of parts) {
    pushAll(elements, part.elements);
    pushAll(boundaries, part.boundaries);
    pushAll(flows, part.flows);
    pushAll(threats, part.threats);
    pushAll(attacks, part.attacks);
    pushAll(dataAssets, part.dataAssets);
  }
  return { elements, boundaries, flows, threats, attacks, dataAssets };
}

/** Indexed: this runs for every file with imports, mostly before V8 optimises it. */
function pushAll<T>(to: T[], from: readonly T[]): void {
  for (let i = 0; i < from.length; i++) to.push(from[i]);
}

function collectDeclarations(model: Model): FileDeclarations {
  const lists = emptyLists();
  const { elements, boundaries, flows, threats, attacks, dataAssets, tooDeep } = lists;
  let hasNamelessFlow = false;

  const stack: Array<{ node: NamedDeclaration; depth: number }> = model.declarations.map(node => ({ node, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    // A declaration whose name did not parse is half-typed: it has its syntax error and is not
    // analysed (nothing could name it). A boundary still holds its members.
    if (!isBoundary(node) && !hasName(node)) {
      hasNamelessFlow ||= isFlow(node);
      continue;
    }
    if (isBoundary(node)) {
      if (depth + 1 > MAX_NESTING) {
        tooDeep.push(node);
        continue;
      }
      boundaries.push(node);
      for (let i = node.members.length - 1; i >= 0; i--) stack.push({ node: node.members[i], depth: depth + 1 });
    } else if (isFlow(node)) flows.push(node);
    else if (isThreat(node)) threats.push(node);
    else if (isAttack(node)) {
      attacks.push(node);
      for (const tooDeepNode of tooDeepAttackNodes(node)) tooDeep.push(tooDeepNode);
    } else if (isDataAsset(node)) dataAssets.push(node);
    else elements.push(node);
  }
  return { ...lists, hasNamelessFlow };
}

/** Adds `item` to the list of `key` (a resolved reference) unless it is there already: `on A, A`, `flow F: A -> A`. */
function addOnce<K, V>(lists: Map<K, V[]>, key: K | undefined, item: V): void {
  if (!key) return;
  const list = lists.get(key);
  if (!list) lists.set(key, [item]);
  else if (!list.includes(item)) list.push(item);
}

function tooDeepAttackNodes(attack: Attack): AttackNode[] {
  const found: AttackNode[] = [];
  const stack: Array<{ node: AttackNode; depth: number }> = attack.trees.flatMap(tree => tree.children.map(node => ({ node, depth: 1 })));
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_NESTING) {
      found.push(node);
      continue;
    }
    for (const child of node.children) stack.push({ node: child, depth: depth + 1 });
  }
  return found;
}

export interface Coverage {
  target: ThreatTarget;
  applicable: readonly StrideLetter[];
  covered: readonly StrideLetter[];
  uncovered: readonly StrideLetter[];
  threats: readonly Threat[];
}

/**
 * A letter is covered on an element or flow when a threat on it lists the letter, the element
 * or flow exempts it with a non-empty reason, or it is out of scope (docs/language.md §5, §10).
 */
export function coverageOf(analysis: ModelAnalysis, target: ThreatTarget): Coverage {
  const applicable = applicableLetters(target);
  const threats = analysis.threatsOn(target);
  const covered = new Set<StrideLetter>();
  for (const threat of threats) for (const letter of threat.letters) covered.add(letter);
  for (const exemption of target.exemptions) {
    if (isFilled(exemption.reason)) for (const letter of exemption.letters) covered.add(letter);
  }
  // Out of scope exempts every letter, with its reason.
  if (outOfScopeReason(target) !== undefined) for (const letter of applicable) covered.add(letter);
  return {
    target,
    applicable,
    covered: inStrideOrder(applicable.filter(letter => covered.has(letter))),
    uncovered: applicable.filter(letter => !covered.has(letter)),
    threats,
  };
}

export type FlowCoverageMode = 'crossing' | 'all' | 'none';

/** Whether a flow's STRIDE coverage is checked under the flow coverage setting (docs/language.md §10). */
export function isFlowCoverageChecked(flow: Flow, mode: FlowCoverageMode): boolean {
  return mode === 'all' || (mode === 'crossing' && flowCrossing(flow) !== undefined);
}
