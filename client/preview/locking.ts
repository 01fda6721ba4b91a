// Locked previews, as VS Code's Markdown preview has them. A preview either follows the active
// `.tm` editor (at most one does) or is locked to one model (at most one per model), and keeps
// redrawing that model as it is edited whichever editor is active. Pure, so the rules are tested
// without VS Code.

/** What a preview shows: its model's URI (none yet for a preview restored without one) and whether it is locked to it. */
export interface PreviewTarget {
  readonly uri: string | undefined;
  readonly locked: boolean;
}

/** The panel's title, in the Markdown preview's words: `[Preview] x.tm` when locked. */
export function previewTitle(fileName: string, locked: boolean): string {
  return locked ? `[Preview] ${fileName}` : `Preview ${fileName}`;
}

/** Whether the preview moves to the model of an editor that became active. */
export function followsEditor(preview: PreviewTarget, editor: { uri: string; languageId: string }): boolean {
  return !preview.locked && editor.languageId === 'tm' && editor.uri !== preview.uri;
}

/** Whether two previews fill the same place: both following, or both locked to the same model. */
function samePlace(a: PreviewTarget, b: PreviewTarget): boolean {
  return a.locked ? b.locked && a.uri === b.uri : !b.locked;
}

/** The open preview a command for `wanted` shows instead of opening a new panel, if any. */
export function reusablePreview<T extends PreviewTarget>(previews: Iterable<T>, wanted: PreviewTarget): T | undefined {
  for (const preview of previews) if (samePlace(wanted, preview)) return preview;
  return undefined;
}

/** The other previews that `preview` duplicates once it is locked, unlocked or restored: they are closed. */
export function redundantPreviews<T extends PreviewTarget>(previews: Iterable<T>, preview: T): T[] {
  return [...previews].filter(other => other !== preview && samePlace(preview, other));
}
