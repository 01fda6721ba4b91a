// Writes an imported model (imported-model.ts) as .tm text that parses and checks without
// errors, whatever the source held: names are made unique identifiers, every string is escaped,
// boundary nesting is cut to tm's limit and its cycles broken, and a flow tm forbids (two stores,
// an external entity and a store, two external entities) keeps its data through an implied
// process. What changes on the way is written as a comment at the declaration and listed in the
// import report. No recursion and no spread of unbounded arrays: a source may hold anything.
import { inStrideOrder } from '../domain/stride.js';
import { MAX_NESTING } from '../domain/analysis.js';
import type {
  ImportedAttack, ImportedAttackNode, ImportedBoundary, ImportedControl, ImportedData, ImportedDataAsset, ImportedElement, ImportedFlow, ImportedModel, ImportedSection, ImportedThreat,
  ImportNote, ImportStatus,
} from './imported-model.js';
import { parseReference } from '../domain/references.js';
import { approximate, leaveOut, newElement, newFlow } from './imported-model.js';
import type { DecisionDates, DecisionLine } from './threat-dragon-format.js';
import { IdentifierPool, isValidIdentifier, oneLine } from './tm-text.js';
import { tmComment, tmString } from '../escape/tm-source.js';

/** One line of the import report (`tm import --report`). */
export interface ImportReportEntry {
  status: ImportStatus;
  /** The item in the source. */
  source: string;
  /** The tm declaration it became (`flow Checkout`), when it became one. */
  declaration?: string;
  detail?: string;
}

export interface ImportResult {
  text: string;
  report: ImportReportEntry[];
}

type Named = ImportedBoundary | ImportedElement | ImportedFlow | ImportedThreat | ImportedDataAsset | ImportedAttack;

const KEYWORD = { external: 'external', process: 'process', store: 'store' } as const;
const FALLBACK = { external: 'External', process: 'Process', store: 'Store', boundary: 'Boundary', flow: 'Flow', threat: 'T', data: 'Data', attack: 'Attack' } as const;

export function writeTmModel(model: ImportedModel): ImportResult {
  const report: ImportReportEntry[] = [];
  for (const section of model.sections) {
    fixNesting(section);
    keepForbiddenFlows(section);
  }
  const names = nameEverything(model);

  const lines: string[] = [];
  lines.push(`// Imported from ${oneLine(model.format)} by tm import.`);
  noteUnrecognisedRefs(model, model.refs ?? []);
  pushComments(lines, model.comments, '');
  pushNotes(lines, model.notes, '');
  for (const note of model.notes) report.push({ status: note.status, source: 'the model', detail: note.text });
  const header: string[] = [];
  if (model.owner?.trim()) header.push(`owner ${tmString(model.owner)}`);
  if (model.reviewed !== undefined) header.push(`reviewed ${tmString(model.reviewed)}`);
  if (model.revisit !== undefined) header.push(`revisit ${tmString(model.revisit)}`);
  header.push(...describedBody({ description: model.description, refs: model.refs ?? [] }));
  lines.push(`model ${tmString(model.title.trim() || 'Untitled')}${block(header, '')}`);

  for (const section of model.sections) {
    lines.push('');
    pushComments(lines, section.heading, '');
    pushComments(lines, section.comments, '');
    pushNotes(lines, section.notes, '');
    for (const note of section.notes) report.push({ status: note.status, source: 'the model', detail: note.text });
    writeSection(section, names, lines, report);
  }
  return { text: lines.join('\n') + '\n', report };
}

/** Boundaries form a forest at most MAX_NESTING deep: a cycle of parents is cut where it is found, deeper boxes join their ancestor at the limit. */
function fixNesting(section: ImportedSection): void {
  const known = new Set(section.boundaries);
  const children = new Map<ImportedBoundary, ImportedBoundary[]>();
  for (const boundary of section.boundaries) {
    if (boundary.parent && !known.has(boundary.parent)) boundary.parent = undefined;
    if (boundary.parent) pushTo(children, boundary.parent, boundary);
  }
  const depth = new Map<ImportedBoundary, number>();
  const visit = (root: ImportedBoundary) => {
    depth.set(root, 1);
    const queue = [root];
    for (let index = 0; index < queue.length; index++) {
      const boundary = queue[index];
      const level = depth.get(boundary)!;
      for (const child of children.get(boundary) ?? []) {
        if (depth.has(child)) continue;
        if (level >= MAX_NESTING) {
          // Deeper than tm analyses: the box joins the deepest allowed ancestor.
          child.parent = boundary.parent;
          approximate(child, `nested deeper than ${MAX_NESTING} boundaries; written at level ${MAX_NESTING}`);
          depth.set(child, level);
        } else {
          depth.set(child, level + 1);
        }
        queue.push(child);
      }
    }
  };
  for (const boundary of section.boundaries) if (!boundary.parent) visit(boundary);
  for (const boundary of section.boundaries) {
    if (depth.has(boundary)) continue;
    // Unreached from any root: its parents go round in a cycle. Cut it here.
    approximate(boundary, `its parents form a cycle (${oneLine(boundary.parent!.label)} is inside it); written at the top level`);
    const formerParent = boundary.parent!;
    boundary.parent = undefined;
    children.set(formerParent, (children.get(formerParent) ?? []).filter(child => child !== boundary));
    visit(boundary);
  }
  for (const element of section.elements) if (element.zone && !known.has(element.zone)) element.zone = undefined;
}

/** tm requires data to pass through a process (docs/language.md §6 `invalid-flow`). */
function forbiddenPair(flow: ImportedFlow): string | undefined {
  if (flow.from === flow.to) return 'it goes from an element to itself';
  if (flow.from.kind !== 'process' && flow.to.kind !== 'process') {
    const what = (element: ImportedElement) => element.kind === 'external' ? 'an external entity' : 'a store';
    return `it joins ${what(flow.from)} and ${what(flow.to)}`;
  }
  return undefined;
}

/**
 * A direct link between stores or external entities keeps its data: an implied process is
 * inserted in the target's zone, the flow goes to it and a second flow on to the target, and
 * the flow's threats go on both. A flow from an element to itself has no place in tm.
 */
function keepForbiddenFlows(section: ImportedSection): void {
  const flows: ImportedFlow[] = [];
  const replacements = new Map<ImportedFlow, ImportedFlow[]>();
  for (const flow of section.flows) {
    const problem = forbiddenPair(flow);
    if (!problem) {
      flows.push(flow);
      continue;
    }
    if (flow.from === flow.to) {
      const threats = section.threats.filter(threat => threat.targets.includes(flow)).map(threat => `"${oneLine(threat.title)}"`);
      leaveOut(section, `${flow.origin} not imported: ${problem}${threats.length > 0 ? `; its threats ${threats.join(', ')} lose this target` : ''}`);
      replacements.set(flow, []);
      continue;
    }
    const relay = newElement('process', `${flow.origin} (implied process)`, `Implied: ${flow.from.label} to ${flow.to.label}`);
    relay.foreignName = `Implied ${flow.from.label} to ${flow.to.label}`;
    relay.zone = flow.to.zone;
    approximate(relay, `inserted by tm import: the source draws a direct flow from ${oneLine(flow.from.label)} to ${oneLine(flow.to.label)}, and tm requires data to pass through a process`);
    section.elements.push(relay);
    const onward = newFlow(`${flow.origin} (second half)`, relay, flow.to, flow.label);
    onward.foreignName = `${flow.foreignName} onward`;
    onward.protocol = flow.protocol;
    onward.port = flow.port;
    onward.encrypted = flow.encrypted;
    onward.authn = flow.authn;
    onward.authz = flow.authz;
    onward.validation = flow.validation;
    onward.carries = [...flow.carries];
    onward.returns = [...flow.returns];
    onward.exemptions = flow.exemptions.map(exemption => ({ ...exemption }));
    approximate(flow, `${problem}: it now goes to the implied process ${oneLine(relay.label)}, and ${onward.foreignName} goes on from there`);
    flow.to = relay;
    flows.push(flow, onward);
    replacements.set(flow, [flow, onward]);
  }
  section.flows = flows;
  if (replacements.size === 0) return;
  for (const threat of section.threats) {
    const targets: ImportedThreat['targets'] = [];
    for (const target of threat.targets) {
      const replaced = replacements.get(target as ImportedFlow);
      for (const each of replaced ?? [target]) if (!targets.includes(each)) targets.push(each);
    }
    threat.targets = targets;
  }
}

/** Names exported by tm come back first, so a generated name can never take one of them. */
function nameEverything(model: ImportedModel): Map<Named, string> {
  const pool = new IdentifierPool();
  const names = new Map<Named, string>();
  const everything: Array<[Named, string]> = [];
  let threatNumber = 0;
  for (const section of model.sections) {
    for (const asset of section.dataAssets) everything.push([asset, FALLBACK.data]);
    for (const boundary of section.boundaries) everything.push([boundary, FALLBACK.boundary]);
    for (const element of section.elements) everything.push([element, FALLBACK[element.kind]]);
    for (const flow of section.flows) everything.push([flow, FALLBACK.flow]);
    for (const threat of section.threats) {
      threatNumber++;
      if (threat.foreignName === '') threat.foreignName = String(threatNumber);
      everything.push([threat, FALLBACK.threat]);
    }
    for (const attack of section.attacks) everything.push([attack, FALLBACK.attack]);
  }
  for (const [item] of everything) if (item.preferredName !== undefined && pool.claimExact(item.preferredName)) names.set(item, item.preferredName);
  for (const [item, fallback] of everything) if (!names.has(item)) names.set(item, pool.claim(item.foreignName, fallback));
  return names;
}

function writeSection(section: ImportedSection, names: Map<Named, string>, lines: string[], report: ImportReportEntry[]): void {
  const record = (item: Named, keyword: string) => {
    const declaration = `${keyword} ${names.get(item)!}`;
    report.push({ status: item.notes.length > 0 ? 'approximated' : 'mapped', source: item.origin, declaration });
    for (const note of item.notes) report.push({ status: note.status, source: item.origin, declaration, detail: note.text });
  };
  const writeElement = (element: ImportedElement, indent: string) => {
    writeAbove(lines, element, indent);
    lines.push(`${indent}${KEYWORD[element.kind]} ${names.get(element)!} ${tmString(element.label)}${block(elementBody(element, names), indent)}`);
    record(element, KEYWORD[element.kind]);
  };

  for (const asset of section.dataAssets) {
    writeAbove(lines, asset, '');
    lines.push(`data ${names.get(asset)!} ${tmString(asset.label)}${block(dataAssetBody(asset), '')}`);
    record(asset, 'data');
  }

  const elementsIn = new Map<ImportedBoundary | undefined, ImportedElement[]>();
  for (const element of section.elements) pushTo(elementsIn, element.zone, element);
  const childrenOf = new Map<ImportedBoundary | undefined, ImportedBoundary[]>();
  for (const boundary of section.boundaries) pushTo(childrenOf, boundary.parent, boundary);

  // Boundaries from the outermost, each with its elements and then its child boundaries inside,
  // walked with an explicit stack: an `open` step writes the header and schedules the rest.
  type Step = { open: ImportedBoundary; depth: number } | { close: string };
  const stack: Step[] = [];
  const schedule = (parent: ImportedBoundary | undefined, depth: number) => {
    const children = childrenOf.get(parent) ?? [];
    for (let index = children.length - 1; index >= 0; index--) stack.push({ open: children[index], depth });
  };
  schedule(undefined, 0);
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ('close' in step) {
      lines.push(`${step.close}}`);
      continue;
    }
    const indent = '  '.repeat(step.depth);
    const boundary = step.open;
    writeAbove(lines, boundary, indent);
    lines.push(`${indent}boundary ${names.get(boundary)!} ${tmString(boundary.label)} {`);
    for (const line of boundaryBody(boundary)) lines.push(`${indent}  ${line}`);
    record(boundary, 'boundary');
    for (const element of elementsIn.get(boundary) ?? []) writeElement(element, `${indent}  `);
    stack.push({ close: indent });
    schedule(boundary, step.depth + 1);
  }
  for (const element of elementsIn.get(undefined) ?? []) writeElement(element, '');

  for (const flow of section.flows) {
    writeAbove(lines, flow, '');
    const label = flow.label.trim() ? ` ${tmString(flow.label)}` : '';
    lines.push(`flow ${names.get(flow)!}: ${names.get(flow.from)!} -> ${names.get(flow.to)!}${label}${block(flowBody(flow, names), '')}`);
    record(flow, 'flow');
  }
  for (const threat of section.threats) {
    const decisions = threat.decisions.map(decision => tmDecision(decision, forNames(threat, decision, names)));
    writeAbove(lines, threat, '');
    const body: string[] = [];
    if (threat.targets.length > 0) body.push(`on ${threat.targets.map(target => names.get(target)!).join(', ')}`);
    if (threat.letters.length > 0) body.push(`stride ${inStrideOrder(threat.letters).join(', ')}`);
    if (threat.levels) body.push(`likelihood ${threat.levels[0]}  impact ${threat.levels[1]}`);
    body.push(...describedBody(threat));
    body.push(...decisions);
    lines.push(`threat ${names.get(threat)!} ${tmString(threat.title.trim() || 'Untitled threat')}${block(body, '')}`);
    record(threat, 'threat');
  }
  for (const attack of section.attacks) {
    writeAbove(lines, attack, '');
    const body: string[] = [];
    if (attack.realizes.length > 0) body.push(`realizes ${attack.realizes.map(threat => names.get(threat)!).join(', ')}`);
    body.push(...describedBody(attack));
    if (attack.tree) body.push(...treeLines(attack.tree));
    lines.push(`attack ${names.get(attack)!}${attack.goal.trim() ? ` ${tmString(attack.goal)}` : ''}${block(body, '')}`);
    record(attack, 'attack');
  }
}

/** An attack tree's lines, from its root's gate down (readAttacks bounds the depth), with an explicit stack. */
function treeLines(root: ImportedAttackNode): string[] {
  const lines: string[] = [`${root.gate} {`];
  type Step = { node: ImportedAttackNode; depth: number } | { close: number };
  const stack: Step[] = [{ close: 0 }];
  const schedule = (node: ImportedAttackNode, depth: number) => {
    for (let index = node.children.length - 1; index >= 0; index--) stack.push({ node: node.children[index], depth });
  };
  schedule(root, 1);
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ('close' in step) {
      lines.push(`${'  '.repeat(step.close)}}`);
      continue;
    }
    const indent = '  '.repeat(step.depth);
    const { node } = step;
    if (node.gate && node.children.length > 0) {
      lines.push(`${indent}${tmString(node.text)} ${node.gate} {`);
      stack.push({ close: step.depth });
      schedule(node, step.depth + 1);
    } else {
      lines.push(`${indent}${tmString(node.text)}${node.cost !== undefined ? ` cost ${node.cost}` : ''}`);
    }
  }
  return lines;
}

/** Comments and notes above the declaration (the references tm does not recognise among the notes). */
function writeAbove(lines: string[], item: Named, indent: string): void {
  noteUnrecognisedRefs(item, item.refs);
  pushComments(lines, item.comments, indent);
  pushNotes(lines, item.notes, indent);
}

function pushComments(lines: string[], comments: readonly string[], indent: string): void {
  for (const comment of comments) for (const line of tmComment(comment, indent)) lines.push(line);
}

function pushNotes(lines: string[], notes: readonly ImportNote[], indent: string): void {
  for (const note of notes) for (const line of tmComment(`tm import (${note.status === 'left-out' ? 'left out' : 'approximated'}): ${note.text}`, indent)) lines.push(line);
}

/**
 * `description` and `refs` (docs/language.md §3): a reference in one of the forms tm knows is
 * written in `refs`; any other stays in a note (noteUnrecognisedRefs), so an import adds no
 * `invalid-reference` warnings.
 */
function describedBody(item: { description?: string; refs: readonly string[] }): string[] {
  const body: string[] = [];
  if (item.description?.trim()) body.push(`description ${tmString(item.description)}`);
  const refs = unique(item.refs.map(oneLine).filter(ref => parseReference(ref) !== undefined));
  if (refs.length > 0) body.push(`refs ${refs.map(tmString).join(', ')}`);
  return body;
}

/** A reference in no form tm knows would be an `invalid-reference` warning: it stays in a note. */
function noteUnrecognisedRefs(item: { notes: ImportNote[] }, refs: readonly string[]): void {
  const others = unique(refs.map(oneLine).filter(ref => ref !== '' && parseReference(ref) === undefined));
  if (others.length > 0) approximate(item, `references in no form tm knows, kept here: ${others.join(', ')}`);
}

function outOfScopeLine(reason: string | undefined): string[] {
  if (reason === undefined) return [];
  return [`out-of-scope ${tmString(oneLine(reason) || 'TODO: out of scope in the source, no reason given')}`];
}

function dataAssetBody(asset: ImportedDataAsset): string[] {
  const body: string[] = [];
  if (asset.sensitivity) body.push(`sensitivity ${asset.sensitivity}`);
  if (asset.categories.length > 0) body.push(`category ${unique(asset.categories).join(', ')}`);
  if (asset.integrity) body.push(`integrity ${asset.integrity}`);
  if (asset.availability) body.push(`availability ${asset.availability}`);
  body.push(...describedBody(asset));
  return body;
}

function boundaryBody(boundary: ImportedBoundary): string[] {
  const body: string[] = [];
  if (boundary.subkind) body.push(`kind ${boundary.subkind}`);
  if (boundary.trust) body.push(`trust ${boundary.trust}`);
  body.push(...describedBody(boundary), ...outOfScopeLine(boundary.outOfScope));
  return body;
}

/** Built-in classes as written, data assets by their names. */
function dataList(data: readonly ImportedData[], names: Map<Named, string>): string {
  return unique(data.map(item => typeof item === 'string' ? item : names.get(item)!)).join(', ');
}

function elementBody(element: ImportedElement, names: Map<Named, string>): string[] {
  const body: string[] = [];
  if (element.subkind) body.push(`kind ${element.subkind}`);
  if (element.kind === 'process' && element.privilege) body.push(`privilege ${element.privilege}`);
  if (element.technology?.trim()) body.push(`technology ${tmString(element.technology)}`);
  if (element.kind === 'store') {
    if (element.holds.length > 0) body.push(`holds ${dataList(element.holds, names)}`);
    if (element.encrypted) body.push('encrypted');
  }
  body.push(...describedBody(element), ...outOfScopeLine(element.outOfScope));
  pushExemptions(body, element.exemptions);
  return body;
}

function flowBody(flow: ImportedFlow, names: Map<Named, string>): string[] {
  const body: string[] = [];
  // A protocol is a name when it can be one (`HTTPS`), else a string (`"HTTP/2"`): written as the source wrote it.
  const protocol = oneLine(flow.protocol ?? '');
  if (protocol !== '') body.push(`protocol ${isValidIdentifier(protocol) ? protocol : tmString(protocol)}`);
  if (flow.port !== undefined && Number.isInteger(flow.port) && flow.port >= 1 && flow.port <= 65535) body.push(`port ${flow.port}`);
  if (flow.encrypted) body.push('encrypted');
  if (flow.carries.length > 0) body.push(`carries ${dataList(flow.carries, names)}`);
  if (flow.returns.length > 0) body.push(`returns ${dataList(flow.returns, names)}`);
  for (const key of ['authn', 'authz', 'validation'] as const) {
    const control: ImportedControl | undefined = flow[key];
    if (control !== undefined) body.push(`${key} ${control === 'none' ? 'none' : tmString(control.text)}`);
  }
  body.push(...describedBody(flow), ...outOfScopeLine(flow.outOfScope));
  pushExemptions(body, flow.exemptions);
  return body;
}

function pushExemptions(body: string[], exemptions: ImportedElement['exemptions']): void {
  for (const exemption of exemptions) {
    if (exemption.letters.length > 0) body.push(`exempt ${inStrideOrder(exemption.letters).join(', ')} ${tmString(exemption.reason)}`);
  }
}

/** A decision in tm, with ` for …` naming the written names of the targets it is about. */
export function tmDecision(decision: DecisionLine, targets: readonly string[] = []): string {
  const forTargets = targets.length > 0 ? ` for ${targets.join(', ')}` : '';
  switch (decision.kind) {
    case 'mitigation':
    {
      const refs = unique((decision.refs ?? []).map(oneLine).filter(ref => parseReference(ref) !== undefined));
      return `mitigation ${tmString(decision.text || 'TODO: the source names no mitigation')} ${decision.status}${decision.owner !== undefined ? ` owner ${tmString(decision.owner)}` : ''}${decision.ticket !== undefined ? ` ticket ${tmString(decision.ticket)}` : ''}${refs.length > 0 ? ` refs ${refs.map(tmString).join(', ')}` : ''}${forTargets}`;
    }
    // An acceptance without a reason or a name is not a decision (docs/language.md §4); as a TODO stub it
    // counts the same (ignored by status) without being an error in the imported file.
    case 'accepted': return `accepted ${tmString(oneLine(decision.reason) || 'TODO: why is this accepted')} by ${tmString(oneLine(decision.by) || 'TODO: who accepted')}${tmDatedParts(decision)}${forTargets}`;
    case 'transferred': return `transferred ${tmString(oneLine(decision.reason) || 'TODO: what is transferred')} to ${tmString(oneLine(decision.to) || 'TODO: to whom')}${tmDatedParts(decision)}${forTargets}`;
    case 'eliminated': return `eliminated ${tmString(oneLine(decision.what) || 'TODO: how it was eliminated')}${forTargets}`;
  }
}

/**
 * The written names of the targets a decision names after `for` (tm's own names, as its export
 * wrote them). A name that is none of the threat's targets is noted and left out.
 */
function forNames(threat: ImportedThreat, decision: DecisionLine, names: Map<Named, string>): string[] {
  const written = new Map(threat.targets.map(target => [target.preferredName ?? target.foreignName, names.get(target)!]));
  const found = (decision.for ?? []).flatMap(name => written.has(name) ? [written.get(name)!] : []);
  const lost = (decision.for ?? []).filter(name => !written.has(name));
  if (lost.length > 0) {
    approximate(threat, `a decision named ${lost.map(oneLine).join(', ')} after \`for\`, which is none of its targets; ${found.length > 0 ? 'left out' : 'it is written for every target'}`);
  }
  return found;
}

/** ` ticket "SEC-12" date "…" until "…"`, each part the decision has (docs/language.md §4). */
function tmDatedParts(decision: DecisionDates): string {
  return (['ticket', 'date', 'until'] as const).flatMap(part => decision[part] !== undefined ? [` ${part} ${tmString(oneLine(decision[part]))}`] : []).join('');
}

function block(body: readonly string[], indent: string): string {
  return body.length === 0 ? '' : ` {\n${body.map(line => `${indent}  ${line}`).join('\n')}\n${indent}}`;
}

function unique<T>(words: readonly T[]): T[] {
  return [...new Set(words)];
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
