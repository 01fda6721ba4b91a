// Scoping: each file is a self-contained model (spec §10). Nothing is exported to the
// workspace index, and a reference is looked up in one hashed, per-model table of names, so
// linking stays linear in the size of the file (Langium's default scans every symbol).
import type { AstNodeDescription, AstReflection, LangiumDocument, LinkingError, ReferenceInfo, Scope, ScopeProvider, Stream } from 'langium';
import { AstUtils, DefaultLinker, DefaultScopeComputation, MultiMap, stream } from 'langium';
import type { AstNodeDescriptionProvider } from 'langium';
import type { LocalSymbols } from 'langium';
import type { Model, NamedDeclaration } from './generated/ast.js';
import { declarationIndex } from '../domain/analysis.js';
import { describeDeclaration } from '../domain/elements.js';
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
  private readonly descriptions: AstNodeDescriptionProvider;

  constructor(services: TmServices) {
    this.reflection = services.shared.AstReflection;
    this.descriptions = services.workspace.AstNodeDescriptionProvider;
  }

  getScope(context: ReferenceInfo): Scope {
    const model = AstUtils.findRootNode(context.container) as Model;
    const document = AstUtils.getDocument(model);
    return new DeclarationScope(model, this.reflection.getReferenceType(context), this.reflection, this.descriptions, document);
  }
}

/** The declarations of one model that are of the reference's type. */
class DeclarationScope implements Scope {
  constructor(
    private readonly model: Model,
    private readonly referenceType: string,
    private readonly reflection: AstReflection,
    private readonly descriptions: AstNodeDescriptionProvider,
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
    return this.descriptions.createDescription(node, node.name, this.document);
  }
}

/** Says what a failed name is when it exists but is the wrong kind of thing (spec §10). */
export class TmLinker extends DefaultLinker {
  protected override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
    const error = super.createLinkingError(refInfo, targetDescription);
    const name = refInfo.reference.$refText;
    const model = AstUtils.findRootNode(refInfo.container) as Model;
    const found = declarationIndex(model).byName.get(name);
    const expected = EXPECTED[this.reflection.getReferenceType(refInfo)] ?? 'declaration';
    if (found?.$type === 'Boundary') {
      error.message = `${name} is a boundary; flows and threats attach to elements and flows. Name an element inside it.`;
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
  ThreatTarget: 'an element or flow',
  Threat: 'a threat',
};
