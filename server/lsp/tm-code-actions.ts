// Quick-fixes (docs/language.md §8, §10), keyed on the diagnostic's `data.code`. Each fix inserts `TODO`
// stubs, never invented decisions: a stubbed mitigation is a plan, a stubbed reason or name is
// flagged by `todo-placeholder` until someone writes the real one. Threat stubs carry no
// likelihood or impact, so `unscored-threat` asks for a real estimate instead of a made-up one.
import type { AstNode, LangiumDocument } from 'langium';
import { AstUtils, CstUtils, GrammarUtils } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Diagnostic, TextEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { Acceptance, Boundary, Decision, Exemption, Flow, Model, Store, ThreatTarget } from '../language/generated/ast.js';
import { isAcceptance, isDecision, isExemption, isFlow, isImport, isProcess, isStore, isThreat, isThreatTarget } from '../language/generated/ast.js';
import { IssueCodes } from '../language/issue-codes.js';
import { analysisOf, analyzeModel, declarationIndex } from '../domain/analysis.js';
import { displayLabel } from '../domain/elements.js';
import type { ControlName } from '../domain/fields.js';
import { CONTROL_NAMES, isFilled } from '../domain/fields.js';
import { suggestedMitigation } from '../domain/mitigation-catalogue.js';
import type { StrideLetter } from '../domain/stride.js';
import { applicableLetters, isStrideLetter, STRIDE_INFO } from '../domain/stride.js';
import { encryptingForms } from '../domain/protocols.js';
import { zoneOf } from '../domain/zones.js';
import { addToBlock, lineIndent, statementRemoval } from './source-edits.js';
import { tmString } from '../escape/tm-source.js';
import { writtenData } from '../domain/data.js';
import { modelOf } from '../language/workspace/put-away-documents.js';
import type { Catalogues } from '../catalogue/catalogues.js';
import type { CatalogueEntry, CataloguePack } from '../catalogue/pack.js';

const CONTROL_STUBS: Readonly<Record<ControlName, string>> = {
  authn: 'TODO: how the caller is authenticated',
  authz: 'TODO: what the caller is allowed to do',
  validation: 'TODO: what validates the data',
};

export class TmCodeActionProvider implements CodeActionProvider {
  private readonly catalogues: Catalogues;

  constructor(services: { shared: { workspace: { Catalogues: Catalogues } } }) {
    this.catalogues = services.shared.workspace.Catalogues;
  }

  getCodeActions(document: LangiumDocument, params: CodeActionParams): CodeAction[] {
    const model = document as LangiumDocument<Model>;
    return [
      ...params.context.diagnostics.flatMap(diagnostic => this.fixesFor(model, diagnostic)),
      ...replyActions(model, params),
    ];
  }

  private fixesFor(document: LangiumDocument<Model>, diagnostic: Diagnostic): CodeAction[] {
    const data = diagnostic.data as { code?: string; letters?: unknown; controls?: unknown } | undefined;
    const node = nodeAt(document, diagnostic);
    switch (data?.code) {
      case IssueCodes.UncoveredStride:
        return isThreatTarget(node) ? coverageFixes(document, diagnostic, node, stringsIn(data.letters).filter(isStrideLetter)) : [];
      case IssueCodes.MissingBoundaryControl:
        return isFlow(node) ? controlFixes(document, diagnostic, node, stringsIn(data.controls).filter(isControlName)) : [];
      case IssueCodes.IncompleteAcceptance:
        return isAcceptance(node) ? fix(document, diagnostic, 'Complete the acceptance (TODO stubs)', completeAcceptance(node), true) : [];
      case IssueCodes.IncompleteExemption:
        return isExemption(node) ? fix(document, diagnostic, 'Give the exemption a reason (TODO stub)', exemptionReason(node), true) : [];
      case IssueCodes.PlaintextSensitive:
        return isFlow(node) ? [...protocolFixes(document, diagnostic, node), ...encryptedFix(document, diagnostic, node)] : [];
      case IssueCodes.UnverifiedEncryption:
        return isFlow(node) ? encryptedFix(document, diagnostic, node, true) : [];
      case IssueCodes.UnencryptedSensitiveStore:
        return isStore(node) ? encryptedFix(document, diagnostic, node, true) : [];
      case IssueCodes.UnauthenticatedEntry:
        return isFlow(node) ? fix(document, diagnostic, `Record the spoofing threat that \`authn none\` on ${node.name} accepts (TODO stubs)`, spoofingThreat(document, node), true) : [];
      case IssueCodes.SuggestedThreat:
        return isThreatTarget(node) ? catalogueFixes(document, diagnostic, node, stringsIn((data as { entries?: unknown }).entries), this.catalogues.of(document.uri).pack) : [];
      case IssueCodes.AmbiguousReference:
        // One per file that declares the name: replacing the reference's text with its qualified name.
        return stringsIn((data as { candidates?: unknown }).candidates).flatMap(qualified => fix(document, diagnostic, `Qualify as ${qualified}`, { range: diagnostic.range, newText: qualified }));
      case IssueCodes.InvalidFlow:
        return isFlow(node) ? fix(document, diagnostic, `Route ${node.name} through a new process`, impliedProcess(document, node), true) : [];
      case IssueCodes.UnusedImport:
      case IssueCodes.DuplicateImport: {
        const statement = AstUtils.getContainerOfType(node, isImport);
        return statement ? fix(document, diagnostic, 'Remove this import', statementRemoval(document, statement), true) : [];
      }
      case IssueCodes.TargetNotOnThreat:
        return isDecision(node) ? decisionTargetFixes(document, diagnostic, node, Number((data as { index?: unknown }).index)) : [];
      default:
        return [];
    }
  }
}

/** `target-not-on-threat`: put the named target on the threat, or take it out of the decision's `for`. */
function decisionTargetFixes(document: LangiumDocument<Model>, diagnostic: Diagnostic, decision: Decision, index: number): CodeAction[] {
  const threat = decision.$container;
  const reference = decision.targets[index];
  const node = reference?.$refNode;
  if (!isThreat(threat) || !node) return [];
  const name = reference.$refText;
  const lastTarget = threat.targets.at(-1)?.$refNode;
  const onEdit = lastTarget ? { range: { start: lastTarget.range.end, end: lastTarget.range.end }, newText: `, ${name}` } : addToBlock(document, threat, [`on ${name}`]);
  return [
    ...fix(document, diagnostic, `Add ${name} to the threat's \`on\``, onEdit, true),
    ...fix(document, diagnostic, `Remove ${name} from \`for\``, forRemoval(document, node.offset, node.end)),
  ];
}

/**
 * The edit that takes one name out of a `for` list: with the comma before it, else the comma
 * after it, else (the list's only name) with its `for`.
 */
function forRemoval(document: LangiumDocument, start: number, end: number): TextEdit | undefined {
  const text = document.textDocument.getText();
  const before = text.substring(0, start).trimEnd();
  const after = text.substring(end);
  const range = (from: number, to: number) => ({ start: document.textDocument.positionAt(from), end: document.textDocument.positionAt(to) });
  if (before.endsWith(',')) return { range: range(before.length - 1, end), newText: '' };
  const comma = /^\s*,\s*/.exec(after);
  if (comma) return { range: range(start, end + comma[0].length), newText: '' };
  if (!before.endsWith('for')) return undefined;
  return { range: range(text.substring(0, before.length - 3).trimEnd().length, end), newText: '' };
}

function coverageFixes(document: LangiumDocument<Model>, diagnostic: Diagnostic, target: ThreatTarget, letters: readonly StrideLetter[]): CodeAction[] {
  const single = letters.length === 1;
  const actions = letters.flatMap(letter => fix(document, diagnostic, `Add a threat stub for ${letter} on ${target.name}`, addThreatStubs(document, target, [letter]), single));
  if (letters.length > 1) {
    actions.push(...fix(document, diagnostic, `Add threat stubs for all uncovered letters of ${target.name}`, addThreatStubs(document, target, letters), true));
  }
  for (const letter of letters) {
    actions.push(...fix(document, diagnostic, `Exempt ${letter} on ${target.name}`, addToBlock(document, target, [`exempt ${letter} ${tmString(exemptionStub([letter]))}`])));
  }
  return actions;
}

/** Per suggested entry: add it as a threat (stubs from the entry), or dismiss it with a TODO reason. */
function catalogueFixes(document: LangiumDocument<Model>, diagnostic: Diagnostic, target: ThreatTarget, ids: readonly string[], catalogue: CataloguePack): CodeAction[] {
  const entries = ids.map(id => catalogue.byId.get(id)).filter(entry => entry !== undefined);
  return [
    ...entries.flatMap(entry => fix(document, diagnostic, `Add threat: ${entry.title}`, catalogueThreat(document, target, entry), entries.length === 1)),
    ...entries.flatMap(entry => fix(document, diagnostic, `Not applicable: ${entry.title}`, addToBlock(document, target, [`dismiss ${tmString(entry.id)} ${tmString('TODO: why it does not apply here')}`]))),
  ];
}

/**
 * A threat from a catalogue entry: its title, the letters that apply to the target, its id, its
 * references and each mitigation as a planned TODO.
 */
function catalogueThreat(document: LangiumDocument<Model>, target: ThreatTarget, entry: CatalogueEntry): TextEdit {
  const applicable = applicableLetters(target);
  const letters = entry.stride.filter(letter => applicable.includes(letter));
  const name = uniqueName(`${target.name}_${entry.id.slice(entry.id.indexOf(':') + 1).replace(/-/g, '_')}`, takenNames(target));
  return appendThreats(document, target, [
    `threat ${name} ${tmString(`${entry.title} on ${displayLabel(target)}`)} {`,
    `  on ${target.name}`,
    ...(letters.length > 0 ? [`  stride ${letters.join(', ')}`] : []),
    `  catalogue ${tmString(entry.id)}`,
    ...(entry.refs.length > 0 ? [`  refs ${entry.refs.map(tmString).join(', ')}`] : []),
    ...entry.mitigations.map(mitigation => `  mitigation ${tmString(`TODO: ${mitigation.text}`)} planned`),
    '}',
  ].join('\n'));
}

function controlFixes(document: LangiumDocument, diagnostic: Diagnostic, flow: Flow, controls: readonly ControlName[]): CodeAction[] {
  const fields = controls.map(control => `${control} ${tmString(CONTROL_STUBS[control])}`);
  return fix(document, diagnostic, `Declare ${controls.join(', ')} of ${flow.name} (TODO stubs)`, addToBlock(document, flow, fields), true);
}

/** `TODO: why S, T do not apply` */
function exemptionStub(letters: readonly string[]): string {
  return `TODO: why ${letters.join(', ')} ${letters.length === 1 ? 'does' : 'do'} not apply`;
}

/** Writes a stub reason into an exemption that has none, or replaces its empty one. */
function exemptionReason(exemption: Exemption): TextEdit | undefined {
  const cst = exemption.$cstNode;
  if (!cst) return undefined;
  const reason = tmString(exemptionStub(exemption.letters));
  const existing = GrammarUtils.findNodeForProperty(cst, 'reason');
  return existing ? { range: existing.range, newText: reason } : { range: { start: cst.range.end, end: cst.range.end }, newText: ` ${reason}` };
}

/** One threat per letter, after the last threat (or at the end of the file). */
function addThreatStubs(document: LangiumDocument<Model>, target: ThreatTarget, letters: readonly StrideLetter[]): TextEdit {
  const taken = takenNames(target);
  const stubs = letters.map(letter => {
    const name = uniqueName(`${target.name}_${letter}`, taken);
    taken.add(name);
    return [
      `threat ${name} ${tmString(`${STRIDE_INFO[letter].threat} on ${displayLabel(target)}`)} {`,
      `  on ${target.name}`,
      `  stride ${letter}`,
      `  mitigation ${tmString(`TODO: ${suggestedMitigation(target, letter)}`)} planned`,
      '}',
    ].join('\n');
  }).join('\n\n');
  return appendThreats(document, target, stubs);
}

/**
 * The names declared in the file of `node`, for choosing new ones. A quick-fix's node belongs to
 * the model of an open document (never put away), which is why its root is the model.
 */
function takenNames(node: AstNode): Set<string> {
  return new Set(declarationIndex(AstUtils.findRootNode(node) as Model).byName.keys());
}

/** Threat declarations after the last threat of the model of `node`, or at the end of the file. */
function appendThreats(document: LangiumDocument<Model>, node: AstNode, stubs: string): TextEdit {
  const lastThreat = analyzeModel(AstUtils.findRootNode(node) as Model).threats.at(-1)?.$cstNode;
  if (lastThreat) {
    return { range: { start: lastThreat.range.end, end: lastThreat.range.end }, newText: `\n\n${stubs}` };
  }
  const text = document.textDocument.getText();
  const end = document.textDocument.positionAt(text.length);
  const separator = text.trim() === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return { range: { start: end, end }, newText: `${separator}${stubs}\n` };
}

/** `encrypted` added to a flow's or store's block. */
function encryptedFix(document: LangiumDocument, diagnostic: Diagnostic, node: Flow | Store, isPreferred = false): CodeAction[] {
  const what = isFlow(node) ? 'the channel is encrypted' : 'it is encrypted at rest';
  return fix(document, diagnostic, `Add \`encrypted\` to ${node.name} (${what})`, addToBlock(document, node, ['encrypted']), isPreferred);
}

/** A plaintext protocol replaced by each of its encrypting forms (`HTTP` → `HTTPS`; `FTP` → `FTPS` or `SFTP`). */
function protocolFixes(document: LangiumDocument, diagnostic: Diagnostic, flow: Flow): CodeAction[] {
  const written = flow.$cstNode && GrammarUtils.findNodesForProperty(flow.$cstNode, 'protocol')[0];
  if (!written) return [];
  const protocol = flow.protocol[0];
  return encryptingForms(protocol).flatMap((form, index) =>
    fix(document, diagnostic, `Use ${form} instead of ${protocol}`, { range: written.range, newText: form }, index === 0));
}

/**
 * The spoofing threat a flow's `authn none` accepts, on the flow and on the end S applies to
 * (its target, normally: docs/language.md §11), with a TODO acceptance: not a decision until
 * someone writes why and who.
 */
function spoofingThreat(document: LangiumDocument<Model>, flow: Flow): TextEdit | undefined {
  const source = flow.source?.ref;
  const target = flow.target?.ref;
  if (!source || !target) return undefined;
  const end = [target, source].find(element => applicableLetters(element).includes('S')) ?? target;
  const name = uniqueName(`${flow.name}_S`, takenNames(flow));
  return appendThreats(document, flow, [
    `threat ${name} ${tmString(`Anyone from outside reaches ${displayLabel(end)} through ${displayLabel(flow)}`)} {`,
    `  on ${flow.name}, ${end.name}`,
    '  stride S',
    `  accepted ${tmString('TODO: why admitting unauthenticated callers is acceptable')} by ${tmString('TODO: who accepts the risk')}`,
    '}',
  ].join('\n'));
}

/**
 * `invalid-flow` between two elements that are not processes: the flow becomes two flows
 * through a new process named after the two ends, both with the flow's label, protocol, data,
 * controls and exemptions. The first keeps the flow's name, and every threat on the flow is put
 * on the second too, so no threat loses its target. The process sits beside the store end (what
 * reads or writes a store runs next to it), else in the source's zone.
 */
function impliedProcess(document: LangiumDocument<Model>, flow: Flow): TextEdit[] | undefined {
  const source = flow.source?.ref;
  const target = flow.target?.ref;
  const cst = flow.$cstNode;
  const targetNode = cst && GrammarUtils.findNodeForProperty(cst, 'target');
  if (!source || !target || !targetNode || isProcess(source) || isProcess(target) || source === target) return undefined;
  const taken = takenNames(flow);
  const process = uniqueName(`${source.name}_to_${target.name}`, taken);
  taken.add(process);
  const onward = uniqueName(`${flow.name}_to_${target.name}`, taken);
  // A zone whose block is half-typed has nowhere to put the process: no fix rather than half a fix.
  const declaration = processDeclaration(document, flow, zoneOf([source, target].find(isStore) ?? source), process);
  if (!declaration) return undefined;
  const rest = document.textDocument.getText().substring(targetNode.end, cst.end);
  const edits: TextEdit[] = [
    declaration,
    { range: targetNode.range, newText: process },
    { range: { start: cst.range.end, end: cst.range.end }, newText: `\n${lineIndent(document, cst.range.start.line)}flow ${onward}: ${process} -> ${target.name}${rest}` },
  ];
  for (const threat of analysisOf(flow).threatsOn(flow)) {
    const reference = threat.targets.find(candidate => candidate.ref === flow)?.$refNode;
    if (reference) edits.push({ range: { start: reference.range.end, end: reference.range.end }, newText: `, ${onward}` });
  }
  return edits;
}

/** `process Name` as a member of the zone, or on its own line before the flow when the zone is outside. */
function processDeclaration(document: LangiumDocument, flow: Flow, zone: Boundary | undefined, name: string): TextEdit | undefined {
  if (zone) return addToBlock(document, zone, [`process ${name}`]);
  const line = flow.$cstNode!.range.start.line;
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `${lineIndent(document, line)}process ${name}\n` };
}

function uniqueName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let suffix = 2; taken.has(name); suffix++) name = `${base}${suffix}`;
  return name;
}

/** Fills what is missing or empty in `accepted "why" by "who"` with stubs. */
function completeAcceptance(acceptance: Acceptance): TextEdit[] {
  const cst = acceptance.$cstNode;
  if (!cst) return [];
  const edits: TextEdit[] = [];
  const reason = GrammarUtils.findNodeForProperty(cst, 'reason');
  if (reason && !isFilled(acceptance.reason)) edits.push({ range: reason.range, newText: tmString('TODO: why the risk is acceptable') });
  const by = GrammarUtils.findNodeForProperty(cst, 'by');
  const who = tmString('TODO: who accepts the risk');
  if (!by) edits.push({ range: { start: cst.range.end, end: cst.range.end }, newText: ` by ${who}` });
  else if (!isFilled(acceptance.by)) edits.push({ range: by.range, newText: who });
  return edits;
}

/**
 * "Make this the reply of <request>" on a flow B -> A that mirrors a flow A -> B
 * (docs/language.md §8): the reverse flow goes, and what it carried becomes the request's
 * `returns`. Not offered when a threat names the reverse flow (removing it would leave that
 * threat's target unresolved) or when it has anything a reply cannot hold: a control other
 * than `none`, an exemption, a description or references. Attached to the reverse flow's own diagnostics (the
 * controls it was asked for) as their quick-fix.
 */
function replyActions(document: LangiumDocument<Model>, params: CodeActionParams): CodeAction[] {
  const model = modelOf(document);
  const root = model?.$cstNode;
  if (!model || !root) return [];
  const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.range.start));
  const reply = leaf && AstUtils.getContainerOfType(leaf.astNode, isFlow);
  if (!reply?.name || !reply.$cstNode) return [];
  const analysis = analyzeModel(model);
  const request = mirroredRequest(analysis.flows, reply);
  if (!request || analysis.threatsOn(reply).length > 0 || !canBecomeReply(reply)) return [];
  const returned = writtenData(reply.carries, reply.carriedAssets);
  const addition = returned.length > 0 ? addToBlock(document, request, [`returns ${returned.join(', ')}`]) : undefined;
  if (returned.length > 0 && !addition) return [];
  const edits = [removal(document, reply), ...(addition ? [addition] : [])];
  const diagnostics = params.context.diagnostics.filter(diagnostic => nodeAt(document, diagnostic) === reply);
  return [{
    title: `Make this the reply of ${request.name} (${request.source?.$refText} -> ${request.target?.$refText})`,
    kind: diagnostics.length > 0 ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
    ...(diagnostics.length > 0 ? { diagnostics } : {}),
    edit: { changes: { [document.textDocument.uri]: edits } },
  }];
}

/** The first flow A -> B of the file, for a flow B -> A. */
function mirroredRequest(flows: readonly Flow[], reply: Flow): Flow | undefined {
  const source = reply.source?.ref;
  const target = reply.target?.ref;
  if (!source || !target) return undefined;
  return flows.find(flow => flow !== reply && flow.name && flow.source?.ref === target && flow.target?.ref === source);
}

/** Nothing of the reverse flow is lost: `none` controls are the boilerplate a reply makes unneeded. */
function canBecomeReply(flow: Flow): boolean {
  return flow.exemptions.length === 0 && flow.refs.length === 0 && flow.description.length === 0 && flow.outOfScope.length === 0
    && flow.returns.length + flow.returnedAssets.length === 0
    && CONTROL_NAMES.every(control => flow[control].every(value => value.none));
}

/** The flow's whole lines when it has them to itself, else just its text. */
function removal(document: LangiumDocument, flow: Flow): TextEdit {
  const range = flow.$cstNode!.range;
  const text = document.textDocument;
  const before = text.getText({ start: { line: range.start.line, character: 0 }, end: range.start });
  const after = text.getText({ start: range.end, end: { line: range.end.line + 1, character: 0 } });
  if (before.trim() === '' && after.trim() === '') {
    return { range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } }, newText: '' };
  }
  return { range, newText: '' };
}

/** A quick-fix for one diagnostic, or none when there is nothing to edit. */
function fix(document: LangiumDocument, diagnostic: Diagnostic, title: string, edits: TextEdit | TextEdit[] | undefined, isPreferred = false): CodeAction[] {
  const list = edits === undefined ? [] : Array.isArray(edits) ? edits : [edits];
  if (list.length === 0) return [];
  return [{ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit: { changes: { [document.textDocument.uri]: list } } }];
}

/** The AST node a diagnostic starts on: the declaration whose name it marks, or the decision. */
function nodeAt(document: LangiumDocument, diagnostic: Diagnostic): AstNode | undefined {
  const root = modelOf(document)?.$cstNode;
  return root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(diagnostic.range.start))?.astNode;
}

function isControlName(name: string): name is ControlName {
  return (CONTROL_NAMES as readonly string[]).includes(name);
}

function stringsIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
