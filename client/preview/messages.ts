// The shapes of what crosses between the extension and the preview's webview, checked on
// arrival. A webview's script is as trusted as the model it draws: a page that some hostile
// text turned against us could post anything, and a restored panel's saved state is whatever
// was last written. So the extension accepts only the replies and the state described in
// server/protocol.ts, and the page only the messages. Pure, so the rules are tested without VS
// Code and run unchanged in the page.
import type { PreviewMessage, PreviewReply, PreviewState } from '../../server/protocol.js';

/** A name in the model: what `reveal` may ask for. Longer than any name a file under the size cap could hold is refused. */
const MAX_ID_LENGTH = 4_096;
/** Boundaries a saved state may list as collapsed. */
const MAX_COLLAPSED = 10_000;
/** The neighbourhood of the focus view, in flows from the selection. */
export const MAX_FOCUS_HOPS = 5;

type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A message's own `type`, never one inherited from a prototype. */
function typeOf(message: Record<string, unknown>): unknown {
  return Object.hasOwn(message, 'type') ? message.type : undefined;
}

function unknownType(type: unknown): { ok: false; reason: string } {
  return { ok: false, reason: typeof type === 'string' ? `unknown type ${JSON.stringify(type.slice(0, 40))}` : 'no type' };
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function isIdList(value: unknown, max = MAX_COLLAPSED): value is string[] {
  return Array.isArray(value) && value.length <= max && value.every(isId);
}

/** Only the keys named may be present: nothing rides along unchecked. */
function hasOnlyKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).every(key => keys.includes(key));
}

/** A message from the webview, as the extension receives it. */
export function checkReply(message: unknown): Checked<PreviewReply> {
  if (!isRecord(message)) return { ok: false, reason: 'not an object' };
  switch (typeOf(message)) {
    case 'ready':
      return hasOnlyKeys(message, ['type']) ? { ok: true, value: { type: 'ready' } } : { ok: false, reason: 'unexpected fields in "ready"' };
    case 'reveal':
      if (!hasOnlyKeys(message, ['type', 'id']) || !isId(message.id)) return { ok: false, reason: '"reveal" needs one id' };
      return { ok: true, value: { type: 'reveal', id: message.id } };
    default:
      return unknownType(typeOf(message));
  }
}

/**
 * A message from the extension, as the page receives it. The graph itself is the server's
 * JSON, drawn only through the escaping SVG writer and textContent; its outline is checked so
 * that a malformed one is dropped here rather than failing half-way through a drawing.
 */
export function checkMessage(message: unknown): Checked<PreviewMessage> {
  if (!isRecord(message)) return { ok: false, reason: 'not an object' };
  switch (typeOf(message)) {
    case 'graph': {
      const graph = message.graph;
      const wellFormed = typeof message.uri === 'string' && typeof message.fileName === 'string' && isRecord(graph)
        && ['nodes', 'boundaries', 'edges', 'threats', 'riskMatrix', 'attacks'].every(key => Array.isArray(graph[key]));
      return wellFormed ? { ok: true, value: message as PreviewMessage } : { ok: false, reason: 'malformed "graph"' };
    }
    case 'unavailable':
      return typeof message.uri === 'string' && typeof message.fileName === 'string' && typeof message.reason === 'string'
        ? { ok: true, value: message as PreviewMessage } : { ok: false, reason: 'malformed "unavailable"' };
    case 'select':
      return isIdList(message.ids) ? { ok: true, value: { type: 'select', ids: message.ids } } : { ok: false, reason: 'malformed "select"' };
    case 'lock':
      return typeof message.locked === 'boolean' ? { ok: true, value: { type: 'lock', locked: message.locked } } : { ok: false, reason: 'malformed "lock"' };
    default:
      return unknownType(typeOf(message));
  }
}

/**
 * The state a panel was saved with, reduced to what is well formed: a field of the wrong type
 * is dropped (its default applies), never trusted. Undefined when there is no state at all.
 */
export function checkState(state: unknown): PreviewState | undefined {
  if (!isRecord(state)) return undefined;
  const checked: PreviewState = {
    showMarkers: typeof state.showMarkers === 'boolean' ? state.showMarkers : true,
    showLabels: typeof state.showLabels === 'boolean' ? state.showLabels : true,
  };
  if (typeof state.uri === 'string' && state.uri.length <= MAX_ID_LENGTH) checked.uri = state.uri;
  if (typeof state.locked === 'boolean') checked.locked = state.locked;
  if (isIdList(state.collapsed)) checked.collapsed = state.collapsed;
  if (Number.isInteger(state.focusHops) && (state.focusHops as number) >= 1 && (state.focusHops as number) <= MAX_FOCUS_HOPS) checked.focusHops = state.focusHops as number;
  return checked;
}

/** A URI as the extension sees it: scheme and path, nothing else matters here. */
export interface UriParts {
  scheme: string;
  path: string;
}

/**
 * Whether a restored preview may open the model its saved state names: a `.tm` file on disk
 * inside one of the workspace's folders. Anything else (another scheme, a file outside the
 * workspace, a file that is not a model) is not opened; the preview follows the editor instead.
 */
export function isRestorableModel(uri: UriParts, workspaceFolders: readonly UriParts[]): boolean {
  if (uri.scheme !== 'file' || !/\.tm$/i.test(uri.path) || uri.path.split('/').includes('..')) return false;
  return workspaceFolders.some(folder => folder.scheme === 'file' && isInside(uri.path, folder.path));
}

/**
 * The file a reveal of an imported declaration opens: `importedFrom` (from the server's graph,
 * relative to the model's directory) resolved against the model's URI, if that is a `.tm`
 * file on disk inside one of the workspace's folders; undefined otherwise, and nothing opens.
 */
export function importedModelUri(model: UriParts, importedFrom: string, workspaceFolders: readonly UriParts[]): UriParts | undefined {
  if (importedFrom.startsWith('/') || importedFrom.includes('\\') || /^[a-z][a-z0-9+.-]*:/i.test(importedFrom)) return undefined;
  const segments = model.path.split('/').slice(0, -1);
  for (const segment of importedFrom.split('/')) {
    if (segment === '..') {
      if (segments.length <= 1) return undefined;
      segments.pop();
    } else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  const uri = { scheme: model.scheme, path: segments.join('/') };
  return isRestorableModel(uri, workspaceFolders) ? uri : undefined;
}

function isInside(path: string, folder: string): boolean {
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return path.startsWith(prefix);
}
