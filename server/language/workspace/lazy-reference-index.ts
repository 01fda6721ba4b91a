// The reference index, filled when find-references, rename or highlights first ask for a
// document's references instead of by every build.
import type { AstNode, LangiumDocument, ReferenceDescription, Stream } from 'langium';
import { AstUtils, DefaultIndexManager, DefaultReferenceDescriptionProvider } from 'langium';
import { syntaxTreeOf } from '../parsing/syntax-tree.js';
import type { TmServices } from '../tm-module.js';
import { modelOf } from './put-away-documents.js';

/**
 * The references of a document for find-references, rename and highlights, recorded when one of
 * them asks instead of by every build: a tm model references nothing outside its file, so a
 * declaration's references are all in its own document, and recording them was about a sixth of
 * a keystroke's work at 5,000 elements. A build drops what was recorded for the documents it
 * links; a closed file's are never asked for, the CLI's neither.
 */
export class TmIndexManager extends DefaultIndexManager {
  override async updateReferences(document: LangiumDocument): Promise<void> {
    this.referenceIndex.delete(document.uri.toString());
  }

  override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
    const document = AstUtils.getDocument(targetNode);
    const uri = document.uri.toString();
    if (!this.referenceIndex.has(uri)) {
      const services = this.serviceRegistry.getServices(document.uri) as TmServices;
      this.referenceIndex.set(uri, services.workspace.ReferenceDescriptionProvider.descriptionsOf(document));
    }
    return super.findAllReferences(targetNode, astNodePath);
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
}
