// Where the declarations of a composed model come from (docs/language.md §12), for what tm
// writes about a model: the diagram, the reports and the exports. A file's own declarations keep
// their names; those of the files it imports, directly or not, carry the file they come from,
// relative to the model's own directory, and an id qualified like a reference to them
// (`idp.Login`, or `Idp.Login` under `import "…" as Idp`), so no two are confused.
import type { AstNode } from 'langium';
import { UriUtils } from 'langium';
import type { Model, NamedDeclaration } from '../language/generated/ast.js';
import type { ModelAnalysis } from './analysis.js';
import { declarationIndex } from './analysis.js';
import { fileStem, importsOf, sourceModel } from './composition.js';

export interface Origins {
  /** The file `node` is declared in, relative to the model's directory with `/`; undefined for the model's own. */
  importedFrom(this: void, node: AstNode): string | undefined;
  /** The name of one of the model's own declarations; `qualifier.name` for an imported one. Unique in the composed model. */
  idOf(this: void, node: NamedDeclaration): string;
  /** Whether it is the first declaration of its name in its own file (later duplicates are left out of outputs). */
  isFirst(this: void, node: NamedDeclaration): boolean;
}

interface Origin {
  qualifier: string;
  path: string;
}

/** The origins of the declarations of an analysed file's composed model. */
export function originsOf(analysis: ModelAnalysis): Origins {
  const { model, models } = analysis;
  // A file the model imports itself is qualified as the model qualifies it (`as Idp`, or its stem).
  const qualifiers = new Map<Model, string>();
  for (const { target, qualifier } of importsOf(model)) {
    if (target && qualifier && !qualifiers.has(target)) qualifiers.set(target, qualifier);
  }
  const origins = new Map<Model, Origin>();
  const taken = new Set<string>();
  const originOf = (file: Model): Origin | undefined => {
    if (file === model) return undefined;
    let origin = origins.get(file);
    if (!origin) {
      const path = relativePath(model, file);
      const wanted = qualifiers.get(file) ?? fileStem(path);
      // Two files of one stem (`a/idp.tm`, `b/idp.tm`) imported at different depths: the second is told apart by its path.
      const qualifier = wanted !== '' && !taken.has(wanted) ? wanted : path;
      taken.add(qualifier);
      origin = { qualifier, path };
      origins.set(file, origin);
    }
    return origin;
  };
  // In the order of the composed model, so the same files always get the same qualifiers.
  for (const file of models) originOf(file);
  return {
    importedFrom: node => originOf(sourceModel(node))?.path,
    idOf: node => {
      const origin = originOf(sourceModel(node));
      return origin ? `${origin.qualifier}.${node.name}` : node.name;
    },
    isFirst: node => declarationIndex(sourceModel(node)).byName.get(node.name) === node,
  };
}

function relativePath(model: Model, file: Model): string {
  const from = model.$document?.uri;
  const to = file.$document?.uri;
  if (to === undefined) return '';
  return from === undefined ? to.path : UriUtils.relative(UriUtils.dirname(from), to);
}
