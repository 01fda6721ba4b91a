// Scoping: each file is a self-contained model (docs/language.md §10). Nothing is exported to the
// workspace index, and a reference is looked up in one hashed, per-model table of names, so
// linking stays linear in the size of the file (Langium's default scans every symbol).
import type { AstNode, AstNodeDescription, AstNodeLocator, AstReflection, DocumentSegment, LangiumDocument, LinkingError, NameProvider, ReferenceInfo, Scope, ScopeProvider, Stream, URI } from 'langium';
import { AstUtils, Cancellation, CstUtils, DefaultAstNodeDescriptionProvider, DefaultLinker, DefaultScopeComputation, interruptAndCheck, MultiMap, stream } from 'langium';
import type { AstNodeDescriptionProvider } from 'langium';
import type { LocalSymbols } from 'langium';
import type { Model, NamedDeclaration } from './generated/ast.js';
import { declarationIndex } from '../domain/analysis.js';
import { describeDeclaration } from '../domain/elements.js';
import { isCancellationCheckpoint } from './workspace/document-builder.js';
import { modelOf } from './workspace/put-away-documents.js';
import { syntaxTreeOf } from './parsing/syntax-tree.js';
import { memoizedByObject } from '../domain/memo.js';
import type { TmServices } from './tm-module.js';

export class TmScopeComputation extends DefaultScopeComputation {
  override async collectExportedSymbols(): Promise<AstNodeDescription[]> {
    return [];
  }

  /** The scope provider reads the model's declaration index directly. */
  override async collectLocalSymbols(): Promise<LocalSymbols> {
    return new MultiMap();
  }
}

export class TmScopeProvider implements ScopeProvider {
  private readonly reflection: AstReflection;
  private readonly descriptions: DeclarationDescriptions;

  constructor(services: TmServices) {
    this.reflection = services.shared.AstReflection;
    this.descriptions = new DeclarationDescriptions(services.workspace.AstNodeDescriptionProvider);
  }

  getScope(context: ReferenceInfo): Scope {
    const model = AstUtils.findRootNode(context.container) as Model;
    const document = AstUtils.getDocument(model);
    return new DeclarationScope(model, this.reflection.getReferenceType(context), this.reflection, this.descriptions, document);
  }
}

/**
 * One description per declaration, shared by every reference to it: a description computes
 * the node's path and source range, and an element is named by several flows and threats.
 * Keyed by the model and the node: a re-parse keeps the nodes of unchanged declarations under
 * a new model, at a new path and position (see incremental-parsing.ts), so an entry can never
 * be stale.
 */
class DeclarationDescriptions {
  private readonly byModel = memoizedByObject((_: Model) => new WeakMap<NamedDeclaration, AstNodeDescription>());

  constructor(private readonly provider: AstNodeDescriptionProvider) {}

  describe(node: NamedDeclaration, model: Model, document: LangiumDocument): AstNodeDescription {
    const byNode = this.byModel(model);
    let description = byNode.get(node);
    if (!description) {
      description = this.provider.createDescription(node, node.name, document);
      byNode.set(node, description);
    }
    return description;
  }
}

/**
 * Langium's description of a node, with its path and source ranges computed when first read:
 * the linker reads none of them, and a tree read without its CST (source-ranges.ts) would
 * otherwise build the CST to describe each declaration a reference names.
 */
export class TmAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
  override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
    name ??= this.nameProvider.getName(node);
    if (!name) throw new Error(`Node at path ${this.astNodeLocator.getAstNodePath(node)} has no name.`);
    return new LazyNodeDescription(node, name, (document ?? AstUtils.getDocument(node)).uri, this.astNodeLocator, this.nameProvider);
  }
}

/** A class, not an object literal with getters: a literal makes three closures and accessor pairs per description. */
class LazyNodeDescription implements AstNodeDescription {
  readonly type: string;
  private pathValue?: string;
  private nameSegmentValue?: DocumentSegment;
  private selectionSegmentValue?: DocumentSegment;

  constructor(
    readonly node: AstNode,
    readonly name: string,
    readonly documentUri: URI,
    private readonly locator: AstNodeLocator,
    private readonly nameProvider: NameProvider,
  ) {
    this.type = node.$type;
  }

  get path(): string {
    return (this.pathValue ??= this.locator.getAstNodePath(this.node));
  }

  get nameSegment(): DocumentSegment | undefined {
    return (this.nameSegmentValue ??= CstUtils.toDocumentSegment(this.nameProvider.getNameNode(this.node) ?? this.node.$cstNode));
  }

  get selectionSegment(): DocumentSegment | undefined {
    return (this.selectionSegmentValue ??= CstUtils.toDocumentSegment(this.node.$cstNode));
  }
}

/** The declarations of one model that are of the reference's type. */
class DeclarationScope implements Scope {
  constructor(
    private readonly model: Model,
    private readonly referenceType: string,
    private readonly reflection: AstReflection,
    private readonly descriptions: DeclarationDescriptions,
    private readonly document: LangiumDocument,
  ) {}

  getElement(name: string): AstNodeDescription | undefined {
    const node = declarationIndex(this.model).byName.get(name);
    return node && this.accepts(node) ? this.describe(node) : undefined;
  }

  getElements(name: string): Stream<AstNodeDescription> {
    const element = this.getElement(name);
    return stream(element ? [element] : []);
  }

  getAllElements(): Stream<AstNodeDescription> {
    return stream(declarationIndex(this.model).byName.values()).filter(node => this.accepts(node)).map(node => this.describe(node));
  }

  private accepts(node: NamedDeclaration): boolean {
    return this.reflection.isSubtype(node.$type, this.referenceType);
  }

  private describe(node: NamedDeclaration): AstNodeDescription {
    return this.descriptions.describe(node, this.model, this.document);
  }
}

/** Links every reference, and says what a failed name is when it exists but is the wrong kind of thing (docs/language.md §10). */
export class TmLinker extends DefaultLinker {
  /** Langium's loop over the references, on the shared walk, checking for cancellation every few hundred (see workspace/document-builder.ts). */
  override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
    const model = modelOf(document);
    if (!model) return;
    const { references } = syntaxTreeOf(model);
    for (let i = 0; i < references.length; i++) {
      if (isCancellationCheckpoint(i + 1)) await interruptAndCheck(cancelToken);
      this.doLink(references[i], document);
    }
  }

  protected override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
    const error = super.createLinkingError(refInfo, targetDescription);
    const name = refInfo.reference.$refText;
    const model = AstUtils.findRootNode(refInfo.container) as Model;
    const found = declarationIndex(model).byName.get(name);
    const expected = EXPECTED[this.reflection.getReferenceType(refInfo)] ?? 'declaration';
    if (!found && expected === EXPECTED.DataAsset) {
      error.message = `${name} is neither a built-in data class (public, internal, pii, financial, health, credentials, secrets) nor a data asset of this file: declare \`data ${name} "…" { sensitivity … }\`, or fix the name.`;
    } else if (found?.$type === 'Boundary') {
      error.message = `${name} is a boundary; a flow connects elements. Name an element inside it.`;
    } else if (found) {
      error.message = `${describeDeclaration(found)} is not ${expected}; name ${expected} here.`;
    } else {
      error.message = `${name} is not declared in this file (names are file-local): declare ${expected} named ${name}, or fix the name.`;
    }
    return error;
  }
}

const EXPECTED: Record<string, string> = {
  Element: 'an element (external, process or store)',
  ThreatSubject: 'an element, flow or boundary',
  Threat: 'a threat',
  DataAsset: 'a data asset',
};
