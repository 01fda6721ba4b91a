// The diagnostics of `import` statements (docs/language.md §12), each on the import of the file
// that holds the cause: a path tm may not read or that leads to no readable file, a cycle, imports
// of imports deeper than MAX_IMPORT_DEPTH, the same file or the same qualifier twice, and an
// import of which nothing in the file is named.
import type { AstNode, ValidationAcceptor } from 'langium';
import { AstUtils, isMultiReference, URI } from 'langium';
import { DiagnosticTag } from 'vscode-languageserver-types';
import * as path from 'node:path';
import type { Model } from '../generated/ast.js';
import { importsOf, MAX_IMPORT_DEPTH, sourceModel } from '../../domain/composition.js';
import { IssueCodes } from '../issue-codes.js';
import type { TmServices } from '../tm-module.js';
import { report } from '../tm-validator.js';
import { nodeRange } from '../parsing/source-ranges.js';
import type { ImportResolver } from './import-resolver.js';

export class ImportValidator {
  private readonly imports: () => ImportResolver;

  constructor(services: TmServices) {
    this.imports = () => services.shared.workspace.ImportResolver;
  }

  checkImports(model: Model, accept: ValidationAcceptor): void {
    const entries = importsOf(model);
    if (entries.length === 0) return;
    const resolver = this.imports();
    const uri = AstUtils.getDocument(model).uri;
    const root = resolver.rootOf(uri);
    const shown = (file: string) => path.relative(root, URI.parse(file).fsPath).split(path.sep).join('/');
    const firstOfFile = new Map<string, number>();
    const firstOfQualifier = new Map<string, number>();
    const named = modelsNamedIn(model);
    for (const entry of entries) {
      const { node } = entry;
      const line = lineOf(node);
      let sameFileAgain = false;
      let problem = false;
      if (entry.problem) {
        report(accept, entry.problem.code, entry.problem.message, { node, property: 'path' });
        problem = true;
      } else if (entry.uri) {
        const first = firstOfFile.get(entry.uri);
        if (first !== undefined) {
          sameFileAgain = true;
          problem = true;
          report(accept, IssueCodes.DuplicateImport, `${shown(entry.uri)} is already imported on line ${first}: remove this import.`, { node, property: 'path' });
        } else {
          firstOfFile.set(entry.uri, line);
          const cycle = resolver.graph.pathBetween(entry.uri, uri.toString());
          if (cycle) {
            report(accept, IssueCodes.ImportCycle,
              `This import closes a cycle: ${[uri.toString(), ...cycle].map(shown).join(' → ')}. A library cannot import what imports it: move the shared declarations into a file both import.`,
              { node, property: 'path' });
            problem = true;
          } else if (1 + resolver.graph.depthBelow(entry.uri) > MAX_IMPORT_DEPTH) {
            report(accept, IssueCodes.ImportTooDeep,
              `Imports of imports go more than ${MAX_IMPORT_DEPTH} levels deep from here, and the files past that depth are not part of this model: import the library you need directly, or flatten the chain.`,
              { node, property: 'path' });
            problem = true;
          }
        }
      }
      if (!problem && entry.target && !named.has(entry.target)) {
        report(accept, IssueCodes.UnusedImport,
          `Nothing in this file names a declaration of ${shown(entry.uri!)}: the import only adds its elements to this file's diagram and reports. Remove it, or name what you use from it.`,
          { node, tags: [DiagnosticTag.Unnecessary] });
      }
      if (entry.qualifier === undefined || sameFileAgain) continue;
      const first = firstOfQualifier.get(entry.qualifier);
      if (first === undefined) firstOfQualifier.set(entry.qualifier, line);
      else {
        report(accept, IssueCodes.DuplicateImportAlias,
          `The import on line ${first} is already qualified ${entry.qualifier}, so ${entry.qualifier}.Name would be ambiguous: give this one another name with \`as\`.`,
          node.alias ? { node, property: 'alias' } : { node, property: 'path' });
      }
    }
  }
}

/** The files (their models) that the resolved references of `model` lead into. */
function modelsNamedIn(model: Model): Set<Model> {
  const named = new Set<Model>();
  for (const node of AstUtils.streamAst(model)) {
    for (const reference of AstUtils.streamReferences(node)) {
      const targets = isMultiReference(reference.reference) ? reference.reference.items.map(item => item.ref) : [reference.reference.ref];
      for (const target of targets) if (target) named.add(sourceModel(target));
    }
  }
  return named;
}

function lineOf(node: AstNode): number {
  return (nodeRange(node)?.start.line ?? 0) + 1;
}
