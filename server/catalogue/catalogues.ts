// The catalogue each model is checked against (docs/catalogue.md, Team packs): its repository's
// team packs over the default pack, loaded before a build (the document builder awaits
// `prepare`) so that the checks, which are synchronous, read it with `of`. Shared by the CLI and
// the language server; a change of a pack file is told with `invalidate`.
import type { URI } from 'langium';
import { Emitter } from 'langium';
import * as path from 'node:path';
import type { Catalogue } from './catalogue.js';
import { assembleCatalogue } from './catalogue.js';
import { defaultPack, defaultPackVersion } from './default-pack.js';
import type { PackFile } from './pack.js';
import { findTeamPackFolder, parsedOnce, readTeamPacks, TEAM_PACK_FILE, TEAM_PACK_FOLDER } from './repository-packs.js';

/** A catalogue loaded from a folder of team packs, with the files it was assembled from. */
export interface LoadedCatalogue {
  folder: string;
  files: readonly PackFile[];
  catalogue: Catalogue;
}

let defaultCatalogue: Catalogue | undefined;

/** The catalogue of a model with no team packs: the default pack at its current version. */
export function defaultOnlyCatalogue(): Catalogue {
  return defaultCatalogue ??= { pack: defaultPack(), defaultVersion: defaultPackVersion(), problems: [] };
}

/** Whether `file` (a path) is a team pack file: `<folder>/.tm/catalogue/<name>.yaml|yml|json`. */
export function isTeamPackFile(file: string): boolean {
  return TEAM_PACK_FILE.test(file) && path.dirname(file).endsWith(path.sep + TEAM_PACK_FOLDER);
}

export class Catalogues {
  /** The team pack folder of each model folder seen (null: none). */
  private readonly folders = new Map<string, string | null>();
  private readonly loaded = new Map<string, LoadedCatalogue>();
  private readonly loading = new Map<string, Promise<LoadedCatalogue>>();
  private readonly loadedEmitter = new Emitter<LoadedCatalogue>();
  /** Fired each time a folder's packs are read: the language server publishes their problems. */
  readonly onLoaded = this.loadedEmitter.event;
  /** The text of a pack open in an editor, which counts instead of the disk's (set by the language server). */
  openText: (file: string) => string | undefined = () => undefined;
  /** Each pack file parsed again only when its text changed, across invalidations. */
  private readonly parse = parsedOnce();

  /** Loads the catalogue of every document in `uris` that is not loaded yet. */
  async prepare(uris: readonly URI[]): Promise<void> {
    const folders = new Set<string>();
    for (const uri of uris) {
      if (uri.scheme !== 'file') continue;
      const directory = path.dirname(uri.fsPath);
      let folder = this.folders.get(directory);
      if (folder === undefined) {
        folder = await findTeamPackFolder(directory) ?? null;
        this.folders.set(directory, folder);
      }
      if (folder !== null) folders.add(folder);
    }
    await Promise.all([...folders].map(folder => this.load(folder)));
  }

  /** The catalogue of the team pack folder `folder`, read once until it is invalidated. */
  load(folder: string): Promise<LoadedCatalogue> {
    const done = this.loaded.get(folder);
    if (done) return Promise.resolve(done);
    let pending = this.loading.get(folder);
    if (!pending) {
      pending = readTeamPacks(folder, this.openText, this.parse).then(files => {
        const loaded = { folder, files, catalogue: assembleCatalogue(files) };
        if (this.loading.get(folder) === pending) {
          this.loaded.set(folder, loaded);
          this.loading.delete(folder);
          this.loadedEmitter.fire(loaded);
        }
        return loaded;
      });
      this.loading.set(folder, pending);
    }
    return pending;
  }

  /** The catalogue a document is checked against: the default one unless `prepare` found team packs for it. */
  of(uri: URI): Catalogue {
    if (uri.scheme !== 'file') return defaultOnlyCatalogue();
    const folder = this.folders.get(path.dirname(uri.fsPath));
    return (folder ? this.loaded.get(folder)?.catalogue : undefined) ?? defaultOnlyCatalogue();
  }

  /** The team pack folder a document's catalogue comes from, if `prepare` found one. */
  folderOf(uri: URI): string | undefined {
    return uri.scheme === 'file' ? this.folders.get(path.dirname(uri.fsPath)) ?? undefined : undefined;
  }

  /** Forgets every loaded catalogue and every folder found: a pack, or a `.tm` folder, changed. */
  invalidate(): void {
    this.folders.clear();
    this.loaded.clear();
    this.loading.clear();
  }
}
