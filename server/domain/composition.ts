// Models across files (docs/language.md §12): the imports of a model as the linker resolved them,
// and the composed model of a file, the file plus the closure of its imports, each file once.
//
// API for the rest of tm (stable; helper code builds on it):
// - `importsOf(model)`: the file's `import` statements with what each resolved to.
// - `composedModels(model)`: the file first, then every file it imports, directly or not.
// - `sourceModel(node)`: the root model of the file a node was declared in; `isImportedInto(node, model)`
//   says whether a node of a composed model comes from another file than `model`.
// - The analysis of a file (`analyzeModel`, server/domain/analysis.ts) is computed on the composed
//   model; its `imported` lists and `isImported(node)` say which nodes come from other files.
// The document of a node (its URI) is `AstUtils.getDocument(node)` on any node of a linked model.
// Where a model comes from: in the editor, `modelOf(document)` of a linked document (its imports
// are resolved by the linker, server/language/imports/import-resolver.ts); in the CLI,
// `checkFile(services, file).model` (server/cli/load.ts), which reads the file's imports too.
// A model that was never linked (parsed alone) has no imports: its composed model is itself.
import type { AstNode } from 'langium';
import type { Import, Model } from '../language/generated/ast.js';

/** More levels of imports of imports than this are `import-too-deep`; deeper files are not composed (docs/language.md §12). */
export const MAX_IMPORT_DEPTH = 16;

/** What one `import` statement resolved to. */
export interface ResolvedImport {
  node: Import;
  /** What a qualified reference names this import by: its alias, or the imported file's stem when that is a valid name. */
  qualifier: string | undefined;
  /** The imported file's URI, when the path is one tm may read (see server/language/imports/). */
  uri?: string;
  /** The imported file's model, when it was read and parsed. */
  target?: Model;
  /** Why the import brings nothing in: its diagnostic's code and message. */
  problem?: { code: 'missing-import' | 'invalid-import'; message: string };
}

const resolvedImports = new WeakMap<Model, readonly ResolvedImport[]>();
/** One list for every model never linked, so that an analysis cached on it stays valid. */
const NO_IMPORTS: readonly ResolvedImport[] = Object.freeze([]);

/** The imports of `model` as last resolved (by the linker); none for a model never linked. */
export function importsOf(model: Model): readonly ResolvedImport[] {
  return resolvedImports.get(model) ?? NO_IMPORTS;
}

/** Called by the linker: a new list each time, so analyses computed on the previous one are recomputed. */
export function setImports(model: Model, imports: readonly ResolvedImport[]): void {
  resolvedImports.set(model, imports);
}

/**
 * The files of the composed model of `model`: itself first, then its imports breadth-first, each
 * file once (a cycle or a diamond adds nothing twice), at most MAX_IMPORT_DEPTH levels down.
 */
export function composedModels(model: Model): Model[] {
  const models = [model];
  const seen = new Set<Model>(models);
  let level: Model[] = [model];
  for (let depth = 1; depth <= MAX_IMPORT_DEPTH && level.length > 0; depth++) {
    const next: Model[] = [];
    for (const importer of level) {
      for (const { target } of importsOf(importer)) {
        if (!target || seen.has(target)) continue;
        seen.add(target);
        models.push(target);
        next.push(target);
      }
    }
    level = next;
  }
  return models;
}

/** The root model of the file `node` was declared in. */
export function sourceModel(node: AstNode): Model {
  let root = node;
  while (root.$container) root = root.$container;
  return root as Model;
}

/** Whether `node`, a node of the composed model of `model`, was declared in another file. */
export function isImportedInto(node: AstNode, model: Model): boolean {
  return sourceModel(node) !== model;
}

/** `idp` for `platform/idp.tm`: the qualifier of an import without an alias, if the stem is a valid name. */
export function fileStem(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.endsWith('.tm') ? base.slice(0, -3) : base;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The qualifier of an import: `as Alias`, or the file's stem when it is a valid name. */
export function importQualifier(node: Import): string | undefined {
  if (node.alias) return node.alias;
  const stem = fileStem(node.path ?? '');
  return NAME.test(stem) ? stem : undefined;
}
