// Quick-fixes (docs/language.md §8, §10), keyed on the diagnostic's `data.code`. Each fix inserts `TODO`
// stubs, never invented decisions: a stubbed mitigation is a plan, a stubbed reason or name is
// flagged by `todo-placeholder` until someone writes the real one. Threat stubs carry no
// likelihood or impact, so `unscored-threat` asks for a real estimate instead of a made-up one.
import type { AstNode, LangiumDocument } from 'langium';
import { AstUtils, CstUtils, GrammarUtils } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Diagnostic, TextEdit } from 'vscode-languageserver';
import { CodeActionKind } from 'vscode-languageserver';
import type { Acceptance, Exemption, Flow, Model, ThreatTarget } from '../language/generated/ast.js';
import { isAcceptance, isExemption, isFlow, isThreatTarget } from '../language/generated/ast.js';
import { IssueCodes } from '../language/issue-codes.js';
import { analyzeModel, declarationIndex } from '../domain/analysis.js';
import { displayLabel } from '../domain/elements.js';
import type { ControlName } from '../domain/fields.js';
import { CONTROL_NAMES, isFilled } from '../domain/fields.js';
import { suggestedMitigation } from '../domain/mitigation-catalogue.js';
import type { StrideLetter } from '../domain/stride.js';
import { isStrideLetter, STRIDE_INFO } from '../domain/stride.js';
import { addToBlock } from './source-edits.js';
import { tmString } from '../escape/tm-source.js';
import { writtenData } from '../domain/data.js';
import { modelOf } from '../language/workspace/put-away-documents.js';

const CONTROL_STUBS: Readonly<Record<ControlName, string>> = {
  authn: 'TODO: how the caller is authenticated',
  authz: 'TODO: what the caller is allowed to do',
  validation: 'TODO: what validates the data',
};

export class TmCodeActionProvider implements CodeActionProvider {
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
      default:
        return [];
    }
  }
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
  // The target is a node of the document's model, so the document is not put away.
  const model = AstUtils.findRootNode(target) as Model;
  const taken = new Set(declarationIndex(model).byName.keys());
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
  const lastThreat = analyzeModel(model).threats.at(-1)?.$cstNode;
  if (lastThreat) {
    return { range: { start: lastThreat.range.end, end: lastThreat.range.end }, newText: `\n\n${stubs}` };
  }
  const text = document.textDocument.getText();
  const end = document.textDocument.positionAt(text.length);
  const separator = text.trim() === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return { range: { start: end, end }, newText: `${separator}${stubs}\n` };
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
