// Where the declarations of a composed model come from (docs/language.md §12), for what tm
// writes about a model: the diagram, the reports and the exports. A file's own declarations keep
// their names; those of the files it imports, directly or not, carry the file they come from,
// relative to the model's own directory, and an id qualified like a reference to them
// (`idp.Login`, or `Idp.Login` under `import "…" as Idp`), so no two are confused.
import type { AstNode } from 'langium';
import { UriUtils } from 'langium';
import type { Model, NamedDeclaration } from '../language/generated/ast.js';
import { declarationIndex } from './analysis.js';

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

/**
 * The origins of the declarations of `model`'s composed model, whose files are `files` (the
 * model first, as the analysis lists them); `aliases` are the qualifiers the model's own imports
 * give the files they name (`as Idp`).
 */
export function originsOf(model: Model, files: readonly Model[], aliases: ReadonlyMap<Model, string> = new Map()): Origins {
  const origins = new Map<Model, Origin>();
  const taken = new Set<string>();
  const originOf = (file: Model): Origin | undefined => {
    if (file === model) return undefined;
    let origin = origins.get(file);
    if (!origin) {
      const path = relativePath(model, file);
      const wanted = aliases.get(file) ?? path.slice(path.lastIndexOf('/') + 1).replace(/\.tm$/i, '');
      // Two files of one stem (`a/idp.tm`, `b/idp.tm`) imported at different depths: the second is told apart by its path.
      const qualifier = wanted !== '' && !taken.has(wanted) ? wanted : path;
      taken.add(qualifier);
      origin = { qualifier, path };
      origins.set(file, origin);
    }
    return origin;
  };
  // In the order of the composed model, so the same files always get the same qualifiers.
  for (const file of files) originOf(file);
  return {
    importedFrom: node => originOf(fileOf(node))?.path,
    idOf: node => {
      const origin = originOf(fileOf(node));
      return origin ? `${origin.qualifier}.${node.name}` : node.name;
    },
    isFirst: node => declarationIndex(fileOf(node)).byName.get(node.name) === node,
  };
}

function relativePath(model: Model, file: Model): string {
  const from = model.$document?.uri;
  const to = file.$document?.uri;
  if (to === undefined) return '';
  return from === undefined ? to.path : UriUtils.relative(UriUtils.dirname(from), to);
}

/** The root of the file a node was declared in. */
function fileOf(node: AstNode): Model {
  let root = node;
  while (root.$container) root = root.$container;
  return root as Model;
}
