// The outline: the model header, the imports, boundaries containing their members, then flows,
// threats (score, bucket and status in the detail) and attacks, in source order.
import type { CstNode, LangiumDocument } from 'langium';
import { GrammarUtils } from 'langium';
import type { DocumentSymbolProvider, NodeKindProvider } from 'langium/lsp';
import type { DocumentSymbol } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import type { Attack, Flow, Import, ModelHeader, NamedDeclaration, Threat } from '../language/generated/ast.js';
import { importQualifier } from '../domain/composition.js';
import { isAttack, isBoundary, isDataAsset, isFlow, isThreat } from '../language/generated/ast.js';
import type { TmLspServices } from './tm-lsp-module.js';
import type { TmSettings } from '../language/tm-settings.js';
import { MAX_NESTING } from '../domain/analysis.js';
import { cheapestPath, describeCost } from '../domain/attack.js';
import { displayLabel } from '../domain/elements.js';
import { headerField } from '../domain/fields.js';
import { statusByTarget, threatStatus } from '../domain/scoring.js';
import { scoreLabel } from './labels.js';
import { modelOf } from '../language/workspace/put-away-documents.js';

export class TmDocumentSymbolProvider implements DocumentSymbolProvider {
  private readonly kinds: NodeKindProvider;
  private readonly settings: TmSettings;

  constructor(services: TmLspServices) {
    this.kinds = services.shared.lsp.NodeKindProvider;
    this.settings = services.settings;
  }

  getSymbols(document: LangiumDocument): DocumentSymbol[] {
    const model = modelOf(document);
    if (!model) return [];
    const header = model.headers.flatMap(node => this.headerSymbol(node));
    const imports = model.imports.flatMap(node => importSymbol(node));
    return [...header, ...imports, ...model.declarations.flatMap(declaration => this.symbol(declaration, 0))];
  }

  private headerSymbol(header: ModelHeader): DocumentSymbol[] {
    const cst = header.$cstNode;
    const keyword = GrammarUtils.findNodeForKeyword(cst, 'model');
    if (!cst || !keyword) return [];
    const owner = headerField(header, 'owner');
    return [{ name: header.title || 'model', detail: owner ? `owner ${owner}` : undefined, kind: this.kinds.getSymbolKind(header), range: cst.range, selectionRange: keyword.range }];
  }

  /** Boundaries nested past the analysis limit are left out, as they are not analysed. */
  private symbol(declaration: NamedDeclaration, depth: number): DocumentSymbol[] {
    const cst = declaration.$cstNode;
    const nameNode: CstNode | undefined = GrammarUtils.findNodeForProperty(cst, 'name');
    if (!cst || !nameNode || !declaration.name || depth >= MAX_NESTING) return [];
    const children = isBoundary(declaration) ? declaration.members.flatMap(member => this.symbol(member, depth + 1)) : undefined;
    return [{ name: declaration.name, detail: detailOf(declaration, this.settings.today), kind: this.kinds.getSymbolKind(declaration), range: cst.range, selectionRange: nameNode.range, children }];
  }
}

/** `platform/idp.tm` · `as Idp` */
function importSymbol(node: Import): DocumentSymbol[] {
  const cst = node.$cstNode;
  const path = GrammarUtils.findNodeForProperty(cst, 'path');
  if (!cst || !path || node.path === undefined) return [];
  const qualifier = importQualifier(node);
  return [{ name: node.path, detail: qualifier ? `as ${qualifier}` : undefined, kind: SymbolKind.Module, range: cst.range, selectionRange: path.range }];
}

function detailOf(declaration: NamedDeclaration, today: string): string {
  if (isThreat(declaration)) return threatDetail(declaration, today);
  if (isFlow(declaration)) return flowDetail(declaration);
  if (isAttack(declaration)) return attackDetail(declaration);
  if (isDataAsset(declaration)) return [displayLabel(declaration), declaration.sensitivity[0], declaration.category.join(', ')].filter(Boolean).join(' · ');
  const label = displayLabel(declaration);
  return label === declaration.name ? '' : label;
}

/** `9 · fix now · open — Reads another invoice`; `· planned (Api: accepted; Db: planned) —` when its targets differ. */
function threatDetail(threat: Threat, today: string): string {
  const byTarget = statusByTarget(threat, today);
  return `${scoreLabel(threat) ?? 'unscored'} · ${threatStatus(threat, today)}${byTarget === undefined ? '' : ` (${byTarget})`} — ${displayLabel(threat)}`;
}

/** `Customer → Api · checkout request` */
function flowDetail(flow: Flow): string {
  const ends = `${flow.source?.$refText ?? '?'} → ${flow.target?.$refText ?? '?'}`;
  return flow.label ? `${ends} · ${flow.label}` : ends;
}

/** `Read invoices · cheapest path 2 (low)` */
function attackDetail(attack: Attack): string {
  const tree = attack.trees[0];
  const path = tree && cheapestPath(tree, MAX_NESTING);
  return path ? `${displayLabel(attack)} · cheapest path ${describeCost(path.cost)}` : displayLabel(attack);
}
