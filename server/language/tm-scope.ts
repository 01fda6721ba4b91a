// Scoping: a file sees its own declarations and those of the files it imports directly
// (docs/language.md §10, §12). Nothing is exported to the workspace index: a reference is looked
// up in the hashed per-model table of names of its file and of each import, so linking stays
// linear in the size of the file (Langium's default scans every symbol). `Idp.Login` names
// `Login` of the import qualified `Idp`; an unqualified name declared in more than one of these
// files is `ambiguous-reference`, never a guess.
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
import type { ResolvedImport } from '../domain/composition.js';
import { importsOf } from '../domain/composition.js';
import type { TmServices } from './tm-module.js';
import type { ImportResolver } from './imports/import-resolver.js';

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

  /** An imported declaration, under the name it is referred to by (`Login` or `Idp.Login`): not cached, an importer names few. */
  describeAs(node: NamedDeclaration, name: string, model: Model): AstNodeDescription {
    return this.provider.createDescription(node, name, AstUtils.getDocument(model));
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

/** A declaration a name can mean, with the qualified name that means only it when it is imported. */
export interface NameCandidate {
  node: NamedDeclaration;
  /** `Idp.Login` for an imported declaration; undefined for one of the file itself. */
  qualified?: string;
  /** The import it comes through. */
  via?: ResolvedImport;
}

/**
 * Every declaration `name` can mean in `model`: `Q.N` the declaration N of the import qualified Q
 * (the first such import), a plain name the file's own declaration and each direct import's
 * (one per file, however often it is imported).
 */
export function nameCandidates(model: Model, name: string): NameCandidate[] {
  const dot = name.indexOf('.');
  const imports = importsOf(model);
  if (dot >= 0) {
    const qualifier = name.slice(0, dot);
    const via = imports.find(entry => entry.qualifier === qualifier && entry.target);
    const node = via && declarationIndex(via.target!).byName.get(name.slice(dot + 1));
    return node ? [{ node, qualified: name, via }] : [];
  }
  const candidates: NameCandidate[] = [];
  const local = declarationIndex(model).byName.get(name);
  if (local) candidates.push({ node: local });
  for (const via of imports) {
    const node = via.target && declarationIndex(via.target).byName.get(name);
    if (!node || candidates.some(candidate => candidate.node === node)) continue;
    candidates.push({ node, qualified: via.qualifier && `${via.qualifier}.${name}`, via });
  }
  return candidates;
}

/** The declarations of one model and its direct imports that are of the reference's type. */
class DeclarationScope implements Scope {
  constructor(
    private readonly model: Model,
    private readonly referenceType: string,
    private readonly reflection: AstReflection,
    private readonly descriptions: DeclarationDescriptions,
    private readonly document: LangiumDocument,
  ) {}

  getElement(name: string): AstNodeDescription | undefined {
    const candidates = nameCandidates(this.model, name);
    // Ambiguous: the linker says which files declare it (TmLinker.createLinkingError).
    if (candidates.length !== 1) return undefined;
    const { node } = candidates[0];
    return this.accepts(node) ? this.describe(node, name) : undefined;
  }

  getElements(name: string): Stream<AstNodeDescription> {
    const element = this.getElement(name);
    return stream(element ? [element] : []);
  }

  /** What completion offers: the file's names, each imported name once unambiguous, and every imported name qualified. */
  getAllElements(): Stream<AstNodeDescription> {
    const local = [...declarationIndex(this.model).byName.values()].filter(node => this.accepts(node)).map(node => this.describe(node, node.name));
    const imported: AstNodeDescription[] = [];
    for (const via of importsOf(this.model)) {
      if (!via.target) continue;
      for (const node of declarationIndex(via.target).byName.values()) {
        if (!this.accepts(node)) continue;
        if (nameCandidates(this.model, node.name).length === 1) imported.push(this.describe(node, node.name));
        if (via.qualifier) imported.push(this.describe(node, `${via.qualifier}.${node.name}`));
      }
    }
    return stream(local, imported);
  }

  private accepts(node: NamedDeclaration): boolean {
    return this.reflection.isSubtype(node.$type, this.referenceType);
  }

  private describe(node: NamedDeclaration, name: string): AstNodeDescription {
    const model = AstUtils.findRootNode(node) as Model;
    if (model === this.model && name === node.name) return this.descriptions.describe(node, model, this.document);
    return this.descriptions.describeAs(node, name, model);
  }
}

/** Links every reference, and says what a failed name is when it exists but is the wrong kind of thing (docs/language.md §10). */
export class TmLinker extends DefaultLinker {
  private readonly imports: () => ImportResolver;
  private readonly referenceDescriptions: () => TmServices['workspace']['ReferenceDescriptionProvider'];

  constructor(services: TmServices) {
    super(services);
    this.imports = () => services.shared.workspace.ImportResolver;
    this.referenceDescriptions = () => services.workspace.ReferenceDescriptionProvider;
  }

  /**
   * The imports first (each imported file built up to linking, import-resolver.ts), then
   * Langium's loop over the references, on the shared walk, checking for cancellation every few
   * hundred (see workspace/document-builder.ts).
   */
  override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
    const model = modelOf(document);
    if (!model) return;
    await this.imports().resolveImports(document, model, cancelToken);
    const { references } = syntaxTreeOf(model);
    for (let i = 0; i < references.length; i++) {
      if (isCancellationCheckpoint(i + 1)) await interruptAndCheck(cancelToken);
      this.doLink(references[i], document);
    }
    this.imports().recordTouches(document, model);
    const descriptions = this.referenceDescriptions();
    this.imports().recordCrossReferences(document, model, references, info => descriptions.descriptionsOfReference(info));
  }

  protected override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
    const error: AmbiguousLinkingError = super.createLinkingError(refInfo, targetDescription);
    const name = refInfo.reference.$refText;
    const model = AstUtils.findRootNode(refInfo.container) as Model;
    const candidates = nameCandidates(model, name);
    const found = candidates.length === 1 ? candidates[0].node : undefined;
    const expected = EXPECTED[this.reflection.getReferenceType(refInfo)] ?? 'declaration';
    const qualifier = name.includes('.') ? name.slice(0, name.indexOf('.')) : undefined;
    if (candidates.length > 1) {
      const qualified = candidates.map(candidate => candidate.qualified).filter(option => option !== undefined);
      error.candidates = qualified;
      const where = candidates.map(candidate => candidate.via ? `in ${candidate.via.node.path}` : 'in this file').join(' and ');
      error.message = `${name} is ambiguous: it is declared ${where}. Qualify it (${qualified.join(' or ')})${candidates[0].via ? '' : ', or rename the local one'}.`;
    } else if (!found && qualifier !== undefined) {
      const via = importsOf(model).find(entry => entry.qualifier === qualifier);
      error.message = !via
        ? `${qualifier} is not the name of an import of this file: write \`import "…" as ${qualifier}\`, or fix the qualifier.`
        : via.target ? `${via.node.path} declares no ${name.slice(qualifier.length + 1)}: fix the name.` : `${via.node.path} could not be read (see the import), so ${name} is unknown.`;
    } else if (!found && expected === EXPECTED.DataAsset) {
      error.message = `${name} is neither a built-in data class (public, internal, pii, financial, health, credentials, secrets) nor a data asset of this file: declare \`data ${name} "…" { sensitivity … }\`, or fix the name.`;
    } else if (found?.$type === 'Boundary') {
      error.message = `${name} is a boundary; a flow connects elements. Name an element inside it.`;
    } else if (found) {
      error.message = `${describeDeclaration(found)} is not ${expected}; name ${expected} here.`;
    } else {
      const imports = importsOf(model).length > 0 ? ' or in a file it imports' : '';
      error.message = `${name} is not declared in this file${imports} (names are file-local): declare ${expected} named ${name}, or fix the name.`;
    }
    return error;
  }
}

/** A linking error for a name several files declare, with the qualified names that would resolve it. */
export type AmbiguousLinkingError = LinkingError & { candidates?: string[] };

const EXPECTED: Record<string, string> = {
  Element: 'an element (external, process or store)',
  ThreatSubject: 'an element, flow or boundary',
  Threat: 'a threat',
  DataAsset: 'a data asset',
};
