// The preview's identifiers, kept free of the vscode module so tests can check them against
// package.json: its commands, and the view type its `onWebviewPanel:` activation event names.

/** The webview's view type. */
export const PREVIEW_VIEW_TYPE = 'tm.preview';

export const PreviewCommands = {
  open: 'tm.preview.open',
  openToSide: 'tm.preview.openToSide',
  openLockedToSide: 'tm.preview.openLockedToSide',
  toggleLock: 'tm.preview.toggleLock',
  exportSvg: 'tm.preview.exportSvg',
} as const;
