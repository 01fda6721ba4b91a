// Which file imports which, by URI, as the linker last resolved them: what an edit re-checks
// (the dependents of a changed file, and only those), what is never put away (a file another one
// imports), cycles and depth, and which of a library's elements the flows of its importers touch
// (the library's `orphan-element`, docs/language.md §12). Kept by URI, so that it outlives the
// syntax trees of closed files.
import type { ReferenceDescription } from 'langium';
import { MAX_IMPORT_DEPTH } from '../../domain/composition.js';

/** A key that a case-only difference does not change: a file created with the case an import wants re-checks the import. */
function caseless(uri: string): string {
  return uri.toLowerCase();
}

export class ImportGraph {
  /** Importer URI → the URIs its imports resolved to (existing or not). */
  private readonly importsByFile = new Map<string, readonly string[]>();
  /** Caseless imported URI → importer URIs. */
  private readonly importers = new Map<string, Set<string>>();
  /** Importer URI → `uri#name` of each imported element one of its flows touches. */
  private readonly touchesByFile = new Map<string, ReadonlySet<string>>();
  /** Libraries whose touched elements changed since they were last checked. */
  private readonly touchesChanged = new Set<string>();
  private readonly dependentsCache = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();
  /** Importer URI → its references to declarations of other files, kept while its tree is put away (find references, rename). */
  private readonly crossReferences = new Map<string, readonly ReferenceDescription[]>();

  /** Records the imports of `importer`, replacing what it imported before. */
  setImports(importer: string, targets: readonly string[]): void {
    for (const target of this.importsByFile.get(importer) ?? []) this.importers.get(caseless(target))?.delete(importer);
    if (targets.length === 0) this.importsByFile.delete(importer);
    else this.importsByFile.set(importer, targets);
    for (const target of targets) {
      let set = this.importers.get(caseless(target));
      if (!set) this.importers.set(caseless(target), (set = new Set()));
      set.add(importer);
    }
  }

  /** Forgets a deleted file as an importer (files that import it still want it). */
  remove(uri: string): void {
    this.setImports(uri, []);
    this.setTouches(uri, new Set());
    this.crossReferences.delete(uri);
  }

  /** Records the references of `importer` that resolve into other files, replacing the previous ones. */
  setCrossReferences(importer: string, references: readonly ReferenceDescription[]): void {
    if (references.length === 0) this.crossReferences.delete(importer);
    else this.crossReferences.set(importer, references);
  }

  /** The references from importers of `targetUri` to its node at `targetPath`. */
  referencesInto(targetUri: string, targetPath: string): ReferenceDescription[] {
    const found: ReferenceDescription[] = [];
    for (const importer of this.importersOf(targetUri)) {
      for (const reference of this.crossReferences.get(importer) ?? []) {
        if (reference.targetPath === targetPath && reference.targetUri.toString() === targetUri) found.push(reference);
      }
    }
    return found;
  }

  importsOf(importer: string): readonly string[] {
    return this.importsByFile.get(importer) ?? [];
  }

  /** Whether another file imports `uri`: then it is a library (docs/language.md §12). */
  isImported(uri: string): boolean {
    return (this.importers.get(caseless(uri))?.size ?? 0) > 0;
  }

  importersOf(uri: string): ReadonlySet<string> {
    return this.importers.get(caseless(uri)) ?? new Set();
  }

  /** Every file that imports one of `changed`, directly or not (the composed model of each includes it). */
  dependentsOf(changed: ReadonlySet<string>): ReadonlySet<string> {
    const cached = this.dependentsCache.get(changed);
    if (cached) return cached;
    const found = new Set<string>();
    const pending = [...changed];
    while (pending.length > 0) {
      for (const importer of this.importersOf(pending.pop()!)) {
        if (found.has(importer) || changed.has(importer)) continue;
        found.add(importer);
        pending.push(importer);
      }
    }
    this.dependentsCache.set(changed, found);
    return found;
  }

  /** The files from `from` back to `to` along imports (`from` first, `to` last), if `to` can be reached. */
  pathBetween(from: string, to: string): string[] | undefined {
    const previous = new Map<string, string>();
    const pending = [from];
    const seen = new Set(pending);
    while (pending.length > 0) {
      const file = pending.shift()!;
      if (file === to) {
        const path = [to];
        for (let at = to; at !== from;) path.unshift((at = previous.get(at)!));
        return path;
      }
      for (const next of this.importsOf(file)) {
        if (seen.has(next)) continue;
        seen.add(next);
        previous.set(next, file);
        pending.push(next);
      }
    }
    return undefined;
  }

  /** How many levels of imports lie below `uri`, counted up to MAX_IMPORT_DEPTH + 1 (a cycle counts once round). */
  depthBelow(uri: string): number {
    const memo = new Map<string, number>();
    const onPath = new Set<string>();
    const depth = (file: string, level: number): number => {
      const known = memo.get(file);
      if (known !== undefined) return known;
      if (level > MAX_IMPORT_DEPTH || onPath.has(file)) return 0;
      onPath.add(file);
      let deepest = 0;
      for (const next of this.importsOf(file)) deepest = Math.max(deepest, 1 + depth(next, level + 1));
      onPath.delete(file);
      memo.set(file, deepest);
      return deepest;
    };
    return depth(uri, 0);
  }

  /** Records the imported elements (`uri#name`) the flows of `importer` touch; a library whose set changes is to be checked again. */
  setTouches(importer: string, touches: ReadonlySet<string>): void {
    const before = this.touchesByFile.get(importer) ?? new Set<string>();
    for (const key of [...before, ...touches]) {
      if (before.has(key) !== touches.has(key)) this.touchesChanged.add(key.slice(0, key.lastIndexOf('#')));
    }
    if (touches.size === 0) this.touchesByFile.delete(importer);
    else this.touchesByFile.set(importer, touches);
  }

  /** Whether a flow of a file importing `library` touches its element `name`. */
  isTouchedFromImporter(library: string, name: string): boolean {
    const key = `${library}#${name}`;
    for (const importer of this.importersOf(library)) {
      if (this.touchesByFile.get(importer)?.has(key)) return true;
    }
    return false;
  }

  /** The libraries whose touched elements changed since the last call. */
  takeLibrariesToRecheck(): string[] {
    const libraries = [...this.touchesChanged];
    this.touchesChanged.clear();
    return libraries;
  }
}
