// Team packs in the editor (docs/catalogue.md, Team packs): the client sends the language server
// the pack files (`.tm/catalogue/*.yaml`) it opens as well as the models. A pack is no Langium
// document: its edits and saves are taken here, before Langium's document updates, to read the
// pack again and check the models again; its problems are published at its lines; completion
// and hover on it are answered by team-pack-features.ts.
import type { TextDocument, URI as LangiumUri } from 'langium';
import { URI } from 'langium';
import { DefaultDocumentUpdateHandler } from 'langium/lsp';
import * as path from 'node:path';
import type { CompletionParams, Connection, DidChangeWatchedFilesParams, HoverParams, TextDocumentChangeEvent } from 'vscode-languageserver';
import type { LoadedCatalogue } from '../catalogue/catalogues.js';
import { isTeamPackFile } from '../catalogue/catalogues.js';
import { packProblemDiagnostic } from '../catalogue/pack-diagnostics.js';
import type { TmLspServiceSet, TmLspSharedServices } from './tm-lsp-module.js';
import { teamPackCompletions, teamPackHover } from './team-pack-features.js';

/** The pack file a URI names, if it names one. */
export function teamPackPath(uri: string | LangiumUri): string | undefined {
  const parsed = typeof uri === 'string' ? URI.parse(uri) : uri;
  return parsed.scheme === 'file' && isTeamPackFile(parsed.fsPath) ? parsed.fsPath : undefined;
}

/** A change under a `.tm` folder: a pack, or a folder that holds packs, appeared, changed or went. */
function touchesTeamPacks(uri: string): boolean {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' && (parsed.fsPath.split(path.sep).includes('.tm') || isTeamPackFile(parsed.fsPath));
}

/**
 * Langium's handler of document changes, with team packs taken out: an edit of an open pack
 * checks the open models again; a change on disk (a save, a `git checkout`) checks every model.
 */
export class TmDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
  private readonly shared: TmLspSharedServices;

  constructor(services: TmLspSharedServices) {
    super(services);
    this.shared = services;
  }

  override didChangeContent(change: TextDocumentChangeEvent<TextDocument>): void {
    const pack = teamPackPath(change.document.uri);
    if (pack) this.teamPacksChanged([pack], false);
    else super.didChangeContent(change);
  }

  didCloseDocument(change: TextDocumentChangeEvent<TextDocument>): void {
    // The disk's text counts again.
    const pack = teamPackPath(change.document.uri);
    if (pack) this.teamPacksChanged([pack], false);
  }

  override didChangeWatchedFiles(params: DidChangeWatchedFilesParams): void {
    const packs = params.changes.filter(change => touchesTeamPacks(change.uri));
    const others = params.changes.filter(change => !touchesTeamPacks(change.uri));
    if (others.length > 0 || packs.length === 0) super.didChangeWatchedFiles({ changes: others });
    if (packs.length > 0) this.teamPacksChanged(packs.map(change => URI.parse(change.uri).fsPath), true);
  }

  private teamPacksChanged(files: readonly string[], onDisk: boolean): void {
    const { Catalogues, DocumentBuilder, WorkspaceLock, WorkspaceManager } = this.shared.workspace;
    WorkspaceManager.ready.then(() => WorkspaceLock.write(async token => {
      Catalogues.invalidate();
      DocumentBuilder.recheckForCatalogues(onDisk);
      // The packs' own problems are published even when no model of their repository is open.
      const folders = new Set(files.filter(isTeamPackFile).map(file => path.dirname(file)));
      await Promise.all([...folders].map(folder => Catalogues.load(folder)));
      await DocumentBuilder.update([], [], token);
    })).catch((error: unknown) => console.error('tm: re-checking after a team pack changed failed', error));
  }
}

/** Publishes the problems of each pack file as its diagnostics, each time its folder is read. */
class TeamPackDiagnostics {
  /** The pack files with diagnostics published, by folder, to clear those that are gone. */
  private readonly published = new Map<string, Set<string>>();

  constructor(private readonly connection: Connection, private readonly openText: (file: string) => string | undefined) {}

  publish({ folder, files, catalogue }: LoadedCatalogue): void {
    const now = new Set(files.map(file => file.source).filter(isTeamPackFile));
    for (const problem of catalogue.problems) if (isTeamPackFile(problem.source)) now.add(problem.source);
    for (const gone of this.published.get(folder) ?? []) {
      if (!now.has(gone)) void this.connection.sendDiagnostics({ uri: URI.file(gone).toString(), diagnostics: [] });
    }
    for (const file of now) {
      const text = this.openText(file) ?? files.find(each => each.source === file)?.text;
      const diagnostics = catalogue.problems.filter(problem => problem.source === file).map(problem => packProblemDiagnostic(problem, text));
      void this.connection.sendDiagnostics({ uri: URI.file(file).toString(), diagnostics });
    }
    this.published.set(folder, now);
  }
}

/**
 * Team packs in the language server: the open packs' texts count instead of the disk's, their
 * problems are published, and completion and hover requests on them are answered here (Langium's
 * handlers know only models). Called before the server starts, which registers Langium's handlers.
 */
export function serveTeamPacks(connection: Connection, services: TmLspServiceSet): void {
  const { Catalogues, TextDocuments } = services.shared.workspace;
  const openText = (file: string) => TextDocuments.get(URI.file(file).toString())?.getText();
  Catalogues.openText = openText;
  const diagnostics = new TeamPackDiagnostics(connection, openText);
  Catalogues.onLoaded(loaded => diagnostics.publish(loaded));

  const catalogueOf = async (file: string) => (await Catalogues.load(path.dirname(file))).catalogue.pack;
  const textOf = (uri: string): TextDocument | undefined => TextDocuments.get(uri);
  const onCompletion = connection.onCompletion.bind(connection);
  connection.onCompletion = handler => onCompletion(async (params: CompletionParams, ...rest) => {
    const pack = teamPackPath(params.textDocument.uri);
    if (!pack) return handler(params, ...rest);
    const document = textOf(params.textDocument.uri);
    return document ? teamPackCompletions(document.getText(), document.offsetAt(params.position), await catalogueOf(pack)) : null;
  });
  const onHover = connection.onHover.bind(connection);
  connection.onHover = handler => onHover(async (params: HoverParams, ...rest) => {
    const pack = teamPackPath(params.textDocument.uri);
    if (!pack) return handler(params, ...rest);
    const document = textOf(params.textDocument.uri);
    return document ? teamPackHover(document.getText(), document.offsetAt(params.position), await catalogueOf(pack)) ?? null : null;
  });
}
