// Completion (docs/language.md §8): Langium proposes the keywords the grammar allows at the cursor and the
// names a reference may take; this class narrows and explains them. STRIDE letters are offered
// only after `stride` or `exempt` and only those that apply there (docs/language.md §10), protocols after
// `protocol`, and whole declarations as snippets (snippets.ts).
import type { AstNodeDescription, GrammarAST, MaybePromise, ReferenceInfo, Stream, URI } from 'langium';
import * as path from 'node:path';
import { AstUtils, GrammarAST as Grammar } from 'langium';
import type { CompletionAcceptor, CompletionContext, CompletionValueItem, NextFeature } from 'langium/lsp';
import type { LangiumServices } from 'langium/lsp';
import { DefaultCompletionProvider } from 'langium/lsp';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import type { NamedDeclaration, ThreatTarget } from '../language/generated/ast.js';
import { isExternal, isFlow, isProcess, isStore, isThreat } from '../language/generated/ast.js';
import { describeDeclaration, displayLabel, kindName } from '../domain/elements.js';
import { NAMED_COSTS } from '../domain/attack.js';
import { KNOWN_PROTOCOLS, protocolVerdict } from '../domain/protocols.js';
import type { StrideLetter } from '../domain/stride.js';
import { applicableLetters, inStrideOrder, isStrideLetter, STRIDE_INFO, STRIDE_LETTERS } from '../domain/stride.js';
import { strideLetterMarkdown } from './markdown.js';
import { SNIPPETS, snippetText } from './snippets.js';
import type { Catalogues } from '../catalogue/catalogues.js';

/** Keywords worth a word of explanation in the completion list. */
const KEYWORD_DETAILS: Readonly<Record<string, string>> = {
  mitigation: 'decision: how the threat is mitigated',
  accepted: 'decision: the risk is accepted, with a reason and by whom',
  transferred: 'decision: the risk is transferred to someone else',
  eliminated: 'decision: the feature causing the threat was cut',
  exempt: 'a STRIDE letter does not apply here, with the reason',
  none: 'a deliberate decision: no such control',
  encrypted: 'encrypted at rest (store) or in transit, whatever the protocol (flow)',
  port: 'the port the flow connects to, 1..65535',
  description: 'free text: what this is and why',
  refs: 'references: CWE-n, CAPEC-n, ASVS Vn.n.n, ATT&CK Tnnnn, OWASP Ann:yyyy, https://…',
  returns: 'the data the target sends back on the same channel',
  technology: 'free text: what it is built with',
  trust: 'how far this zone is trusted: none, low, medium, high',
  data: 'a data asset: sensitivity and the classes it counts as',
  for: 'the threat\'s targets this decision is about (all of them without it)',
};

/** Value keywords are explained by the grammar rule they belong to. */
const RULE_DETAILS: Readonly<Record<string, string>> = {
  DataClass: 'data class',
  ProcessKind: 'process kind',
  BoundaryKind: 'boundary kind',
  TrustLevel: 'trust level',
  Sensitivity: 'data sensitivity',
  DataCategory: 'data category',
  Criticality: 'integrity or availability need',
  ExternalKind: 'external entity kind',
  StoreKind: 'store kind',
  Privilege: 'process privilege',
  MitigationStatus: 'mitigation status',
  Level: 'level: low = 1, medium = 2, high = 3',
  Cost: `attack step cost: ${Object.entries(NAMED_COSTS).map(([name, value]) => `${name} = ${value}`).join(', ')}`,
  Gate: 'attack-tree gate: or takes the cheapest child, and sums them',
};

function keywordDetail(keyword: GrammarAST.Keyword): string {
  const rule = AstUtils.getContainerOfType(keyword, Grammar.isParserRule)?.name ?? '';
  return KEYWORD_DETAILS[keyword.value] ?? RULE_DETAILS[rule] ?? 'keyword';
}

export class TmCompletionProvider extends DefaultCompletionProvider {
  private readonly lists = new WeakMap<CompletionContext, ListBeforeCursor>();
  private readonly catalogues: Catalogues;

  constructor(services: LangiumServices & { shared: { workspace: { Catalogues: Catalogues } } }) {
    super(services);
    this.catalogues = services.shared.workspace.Catalogues;
  }

  protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
    const { introducer, listed } = this.listBeforeCursor(context);
    if (Grammar.isKeyword(next.feature) && isStrideLetter(next.feature.value)) {
      // A letter keyword also ends the `Name` rule; only after `stride`/`exempt` is it a letter.
      const letter = next.feature.value;
      if ((introducer === 'stride' || introducer === 'exempt') && !listed.includes(letter)) this.completeLetter(context, letter, introducer, acceptor);
      return;
    }
    // A soft keyword also ends the `Name` rule (a model may use the word as a name); where a name
    // is expected it is not proposed as a keyword.
    if (Grammar.isKeyword(next.feature) && AstUtils.getContainerOfType(next.feature, Grammar.isParserRule)?.name === 'SoftKeyword') return;
    if (introducer === 'protocol' && Grammar.isRuleCall(next.feature) && Grammar.isTerminalRule(next.feature.rule.ref)) {
      for (const protocol of KNOWN_PROTOCOLS) {
        acceptor(context, { label: protocol, kind: CompletionItemKind.Value, detail: PROTOCOL_DETAILS[protocolVerdict(protocol)] });
      }
      return;
    }
    if ((introducer === 'catalogue' || introducer === 'dismiss') && Grammar.isRuleCall(next.feature) && Grammar.isTerminalRule(next.feature.rule.ref)) {
      this.completeCatalogueIds(context, acceptor);
      return;
    }
    return super.completionFor(context, next, acceptor);
  }

  /** After `catalogue` or `dismiss`: the ids of the model's catalogue, its repository's team packs included. */
  private completeCatalogueIds(context: CompletionContext, acceptor: CompletionAcceptor): void {
    const catalogue = this.catalogues.of(context.document.uri).pack;
    for (const entry of catalogue.entries) {
      acceptor(context, { label: JSON.stringify(entry.id), filterText: JSON.stringify(entry.id), kind: CompletionItemKind.Reference, detail: `${entry.title} · on ${entry.on}, ${entry.stride.join(', ')}` });
    }
  }

  protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor): MaybePromise<void> {
    if (!this.filterKeyword(context, keyword)) return;
    acceptor(context, { label: keyword.value, kind: CompletionItemKind.Keyword, detail: keywordDetail(keyword), sortText: '1' });
    const snippet = SNIPPETS.get(keyword.value);
    if (snippet) {
      acceptor(context, {
        label: `${keyword.value} …`,
        filterText: keyword.value,
        insertText: snippetText(snippet),
        insertTextFormat: InsertTextFormat.Snippet,
        kind: CompletionItemKind.Snippet,
        detail: snippet.description,
        sortText: '2',
      });
    }
  }

  /** A threat's targets are not offered twice; after a decision's `for`, only the threat's targets are. */
  protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
    const candidates = super.getReferenceCandidates(refInfo, context);
    const { introducer, listed } = this.listBeforeCursor(context);
    if (introducer === 'on') return candidates.filter(candidate => !listed.includes(candidate.name));
    if (introducer !== 'for') return candidates;
    const targets = new Set(AstUtils.getContainerOfType(context.node, isThreat)?.targets.map(reference => reference.$refText));
    return candidates.filter(candidate => targets.has(candidate.name) && !listed.includes(candidate.name));
  }

  protected override createReferenceCompletionItem(description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
    const item = super.createReferenceCompletionItem(description, refInfo, context);
    const node = description.node as NamedDeclaration | undefined;
    if (!node) return item;
    // An imported name says which file it comes from.
    const from = description.documentUri.toString() === context.document.uri.toString() ? '' : ` · from ${relativePath(context.document.uri, description.documentUri)}`;
    return { ...item, detail: `${kindName(node)} · ${displayLabel(node)}${from}`, documentation: describeDeclaration(node) };
  }

  private completeLetter(context: CompletionContext, letter: StrideLetter, introducer: 'stride' | 'exempt', acceptor: CompletionAcceptor): void {
    if (!this.lettersThatApply(context, introducer).includes(letter)) return;
    const info = STRIDE_INFO[letter];
    acceptor(context, {
      label: letter,
      kind: CompletionItemKind.EnumMember,
      detail: `${info.threat} — violates ${info.property}`,
      documentation: { kind: 'markdown', value: strideLetterMarkdown(letter) },
      sortText: `0${STRIDE_LETTERS.indexOf(letter)}`,
    });
  }

  /**
   * After `stride`, the union of the letters of the threat's targets listed so far (all six
   * when there is none yet); after `exempt`, the letters of the enclosing element or flow.
   */
  private lettersThatApply(context: CompletionContext, introducer: 'stride' | 'exempt'): readonly StrideLetter[] {
    if (introducer === 'exempt') {
      const owner = AstUtils.getContainerOfType(context.node, (node): node is ThreatTarget => isExternal(node) || isProcess(node) || isStore(node) || isFlow(node));
      return owner ? applicableLetters(owner) : STRIDE_LETTERS;
    }
    const threat = AstUtils.getContainerOfType(context.node, isThreat);
    const targets = threat?.targets.map(reference => reference.ref).filter(target => target !== undefined) ?? [];
    return targets.length === 0 ? STRIDE_LETTERS : inStrideOrder(targets.flatMap(target => applicableLetters(target)));
  }

  /**
   * The word that opens the list the cursor is in and the names or letters already in it:
   * `stride` and [T, S] in `stride S, T, |`, `on` and [Db, Api] in `on Api, Db, |`. Lexing the text before the cursor is robust to
   * half-typed input; it is done once per context, not once per grammar feature.
   */
  private listBeforeCursor(context: CompletionContext): ListBeforeCursor {
    let list = this.lists.get(context);
    if (!list) {
      list = { introducer: undefined, listed: [] };
      const tokens = this.lexer.tokenize(context.textDocument.getText().substring(0, context.tokenOffset)).tokens;
      for (let i = tokens.length - 1; i >= 0 && list.introducer === undefined; i--) {
        const { image, tokenType } = tokens[i];
        if (tokenType.name === 'ID' || isStrideLetter(image)) list.listed.push(image);
        else if (image !== ',') list.introducer = image;
      }
      this.lists.set(context, list);
    }
    return list;
  }
}

interface ListBeforeCursor {
  introducer: string | undefined;
  listed: string[];
}

const PROTOCOL_DETAILS = {
  encrypting: 'protocol · encrypts in transit',
  plaintext: 'protocol · plaintext',
  unknown: 'protocol · encrypts only when configured to (say `encrypted` if it does)',
} as const;

/** `platform/idp.tm`: where `to` is from the folder of `from`, as an import writes it. */
function relativePath(from: URI, to: URI): string {
  return path.relative(path.dirname(from.fsPath), to.fsPath).split(path.sep).join('/');
}
