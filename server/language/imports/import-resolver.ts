// Resolving the `import`s of a document when it is linked (docs/language.md §12): where each path
// leads (import-paths.ts), the imported document and its model, built up to linking first
// (TmDocumentBuilder.ensureLinked), the import graph, and what the composed model is
// (server/domain/composition.ts). In the editor the imported files are the workspace's own; the
// CLI reads an import that is not among the files it was given (bounded, inside the root).
import type { LangiumDocument, LangiumDocuments, ReferenceDescription, ReferenceInfo } from 'langium';
import { AstUtils, Cancellation, TextDocument, URI } from 'langium';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Model } from '../generated/ast.js';
import type { ResolvedImport } from '../../domain/composition.js';
import { importQualifier, importsOf, setImports, sourceModel } from '../../domain/composition.js';
import { analyzeModel } from '../../domain/analysis.js';
import { isInside, readModelFile, UnreadableModelFile } from '../model-files.js';
import type { TmServices, TmSharedServices } from '../tm-module.js';
import { modelOf } from '../workspace/put-away-documents.js';
import { ImportGraph } from './import-graph.js';
import type { ImportProblem } from './import-paths.js';
import { describeMissing, importTargetPath, inspectImportTarget } from './import-paths.js';

export class ImportResolver {
  readonly graph = new ImportGraph();
  /**
   * Whether an import of a file that is not a document yet reads it (the CLI, which is given
   * some files and follows their imports); a language server has every workspace file already.
   */
  readsImportedFiles = false;
  /** The root of each file the CLI was given (`tm check dir/`: the directory), inherited by what it imports. */
  private readonly roots = new Map<string, string>();
  /** Why the CLI did not read an imported file, by URI. */
  private readonly unread = new Map<string, ImportProblem>();

  constructor(private readonly shared: TmSharedServices) {}

  private get documents(): LangiumDocuments {
    return this.shared.workspace.LangiumDocuments;
  }

  /** The workspace root of a file given to the CLI. */
  setRoot(uri: URI, root: string): void {
    this.roots.set(uri.toString(), root);
  }

  /**
   * The workspace root of a file: the root it was given (CLI), else the editor's workspace
   * folder holding it, else its own folder.
   */
  rootOf(uri: URI): string {
    const given = this.roots.get(uri.toString());
    if (given) return given;
    for (const folder of this.shared.workspace.WorkspaceManager.workspaceFolders ?? []) {
      const folderPath = URI.parse(folder.uri).fsPath;
      if (isInside(uri.fsPath, folderPath)) return folderPath;
    }
    return path.dirname(uri.fsPath);
  }

  /**
   * Resolves the imports of a document about to be linked: each imported document is built up to
   * linking first, so that its declarations can be named and its own imports are composed.
   */
  async resolveImports(document: LangiumDocument, model: Model, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
    const root = this.rootOf(document.uri);
    const importer = document.uri.fsPath;
    const entries: ResolvedImport[] = model.imports.map(node => ({ node, qualifier: importQualifier(node) }));
    for (const entry of entries) {
      const target = importTargetPath(importer, entry.node.path ?? '', root);
      if ('problem' in target) entry.problem = target.problem;
      else entry.uri = URI.file(target.path).toString();
    }
    this.graph.setImports(document.uri.toString(), entries.flatMap(entry => entry.uri ? [entry.uri] : []));
    for (const entry of entries) {
      if (!entry.uri) continue;
      const uri = URI.parse(entry.uri);
      const imported = this.documents.getDocument(uri) ?? await this.readImportedFile(uri, root, entry);
      if (!imported) {
        entry.problem ??= this.unread.get(entry.uri) ?? await describeMissing(uri.fsPath, root, entry.node.path ?? '');
        continue;
      }
      const unread = this.shared.workspace.UnreadFiles.reasonFor(uri);
      if (unread) {
        const reason = typeof unread.message === 'string' ? unread.message : unread.message.value;
        entry.problem = { code: 'missing-import', message: `"${entry.node.path}" was not read: ${reason.replace(/^tm did not read this file: /, '').replace(/\.$/, '')}; the import brings in nothing.` };
        continue;
      }
      entry.target = await this.shared.workspace.DocumentBuilder.ensureLinked(imported, cancelToken);
    }
    setImports(model, entries);
  }

  /** Records which imported elements the flows of a linked document touch (a library's `orphan-element`). */
  recordTouches(document: LangiumDocument, model: Model): void {
    if (model.imports.length === 0) {
      this.graph.setTouches(document.uri.toString(), new Set());
      return;
    }
    const analysis = analyzeModel(model);
    const touches = new Set<string>();
    for (const flow of analysis.flows) {
      for (const end of [flow.source?.ref, flow.target?.ref]) {
        if (end && analysis.isImported(end)) {
          const library = sourceModel(end).$document?.uri.toString();
          if (library) touches.add(`${library}#${end.name}`);
        }
      }
    }
    this.graph.setTouches(document.uri.toString(), touches);
  }

  /**
   * Records the references of a linked document into the files it imports, with their positions,
   * so that find references and rename in a library reach importers whose trees are put away.
   * Not in the CLI: its trees have no CST to give positions, and nothing asks.
   */
  recordCrossReferences(document: LangiumDocument, model: Model, references: readonly ReferenceInfo[], describe: (info: ReferenceInfo) => ReferenceDescription[]): void {
    if (this.readsImportedFiles) return;
    const uri = document.uri.toString();
    const crossing = model.imports.length === 0 ? [] : references.filter(info => {
      const target = 'ref' in info.reference ? info.reference.ref : undefined;
      return target !== undefined && AstUtils.getDocument(target).uri.toString() !== uri;
    });
    this.graph.setCrossReferences(uri, crossing.flatMap(describe));
  }

  /** A document's imports as last resolved; none while it is put away. */
  importsOfDocument(document: LangiumDocument): readonly ResolvedImport[] {
    const model = modelOf(document);
    return model ? importsOf(model) : [];
  }

  /** The CLI's reading of an imported file it was not given: bounded, no pipes, no links out of the root. */
  private async readImportedFile(uri: URI, root: string, entry: ResolvedImport): Promise<LangiumDocument | undefined> {
    if (!this.readsImportedFiles || this.unread.has(uri.toString())) return undefined;
    const services = this.shared.ServiceRegistry.getServices(uri) as TmServices;
    // Only a regular file inside the root with exactly this name is read.
    const verdict = await inspectImportTarget(uri.fsPath, root, entry.node.path ?? '');
    if (verdict !== 'readable') {
      this.unread.set(uri.toString(), verdict);
      return undefined;
    }
    try {
      const content = await readModelFile(uri.fsPath, services.settings.maxFileSizeBytes, await fs.realpath(root).catch(() => root));
      if ('tooLarge' in content) {
        this.unread.set(uri.toString(), { code: 'missing-import', message: `"${entry.node.path}" is ${(content.tooLarge / 1024 / 1024).toFixed(1)} MB, over the ${services.settings.options.maxFileSizeMB} MB limit: the import brings in nothing.` });
        return undefined;
      }
      const textDocument = TextDocument.create(uri.toString(), services.LanguageMetaData.languageId, 0, content.text);
      this.shared.workspace.TextDocuments.set(textDocument);
      const document = this.shared.workspace.LangiumDocumentFactory.fromTextDocument<Model>(textDocument, uri);
      this.documents.addDocument(document);
      this.roots.set(uri.toString(), root);
      return document;
    } catch (error) {
      const why = error instanceof UnreadableModelFile ? error.message : (error as Error).message;
      this.unread.set(uri.toString(), { code: 'missing-import', message: `"${entry.node.path}" was not read (${why}): the import brings in nothing.` });
      return undefined;
    }
  }

  /** Forgets what the CLI read for one run. */
  forgetReadFiles(): void {
    this.unread.clear();
  }
}
