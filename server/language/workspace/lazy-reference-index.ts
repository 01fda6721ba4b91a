// The reference index, filled when find-references, rename or highlights first ask for a
// document's references instead of by every build; references from other files are those the
// linker recorded for each importer (server/language/imports/import-graph.ts).
import type { AstNode, LangiumDocument, ReferenceDescription, ReferenceInfo, Stream } from 'langium';
import { AstUtils, DefaultIndexManager, DefaultReferenceDescriptionProvider, stream } from 'langium';
import { syntaxTreeOf } from '../parsing/syntax-tree.js';
import type { TmServices } from '../tm-module.js';
import { modelOf } from './put-away-documents.js';

/**
 * The references of a document for find-references, rename and highlights, recorded when one of
 * them asks instead of by every build: a declaration's references are in its own document, or
 * in a file that imports it (recorded by the linker), and recording them was about a sixth of
 * a keystroke's work at 5,000 elements. A build drops what was recorded for the documents it
 * links; a closed file's are never asked for, the CLI's neither.
 */
export class TmIndexManager extends DefaultIndexManager {
  override async updateReferences(document: LangiumDocument): Promise<void> {
    this.referenceIndex.delete(document.uri.toString());
  }

  /**
   * The references in the target's own document, recorded now if they were not, and those of the
   * files that import it (docs/language.md §12), recorded when each was linked: an importer's
   * tree may be put away.
   */
  override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
    const document = AstUtils.getDocument(targetNode);
    const uri = document.uri.toString();
    const services = this.serviceRegistry.getServices(document.uri) as TmServices;
    if (!this.referenceIndex.has(uri)) {
      this.referenceIndex.set(uri, services.workspace.ReferenceDescriptionProvider.descriptionsOf(document));
    }
    const own = super.findAllReferences(targetNode, astNodePath).toArray();
    const seen = new Set(own.map(reference => `${reference.sourceUri.toString()}#${reference.segment.offset}`));
    const fromImporters = services.shared.workspace.ImportResolver.graph.referencesInto(uri, astNodePath)
      .filter(reference => !seen.has(`${reference.sourceUri.toString()}#${reference.segment.offset}`));
    return stream(own, fromImporters);
  }
}

/** Every resolved reference of a document, from the shared walk over its tree, without a promise per node (TmIndexManager asks, no build does). */
export class TmReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
  descriptionsOf(document: LangiumDocument): ReferenceDescription[] {
    const descriptions: ReferenceDescription[] = [];
    const model = modelOf(document);
    if (!model) return descriptions;
    for (const info of syntaxTreeOf(model).references) {
      if (!info.reference.error) descriptions.push(...this.createInfoDescriptions(info));
    }
    return descriptions;
  }

  /** The descriptions of one resolved reference (the linker records those into other files). */
  descriptionsOfReference(info: ReferenceInfo): ReferenceDescription[] {
    return this.createInfoDescriptions(info);
  }
}
