// The typed message contract between the language server, the VS Code extension and the
// preview webview. Every custom request or notification is declared here, once.
import type { DiagramGraph } from './diagram/types.js';

/** `tm/summary`: the verdict of one model, for the status bar. */
export const SummaryRequest = 'tm/summary';
export interface SummaryParams {
  uri: string;
}
export interface ModelSummary {
  /** Threats scoring 6+ whose status is open or planned (docs/language.md §4). */
  fixNowOpen: number;
  /** No threat scoring 6+ is open or planned. */
  done: boolean;
  threats: number;
}

/**
 * `tm/diagram`: the data-flow diagram graph of one model, for the live preview; null for a
 * document the server does not know. The client lays it out and draws it (server/diagram).
 */
export const DiagramRequest = 'tm/diagram';
export interface DiagramParams {
  uri: string;
}
export type { DiagramGraph };

/**
 * `tm/diagramSvg`: the model's diagram as a standalone SVG file, laid out by the server (the
 * "Export Diagram as SVG" command): the extension host never runs a layout. `error` says why
 * there is no picture (a model too large to lay out, say).
 */
export const DiagramSvgRequest = 'tm/diagramSvg';
export type DiagramSvgParams = DiagramParams;
export type DiagramSvgResult = { svg: string } | { error: string };

/** Messages from the extension to the preview webview. */
export type PreviewMessage =
  | { type: 'graph'; uri: string; fileName: string; graph: DiagramGraph }
  /** The model could not be read (no server answer): keep the last picture, say why. */
  | { type: 'unavailable'; uri: string; fileName: string; reason: string }
  /** Highlight these elements, flows or boundaries: what the editor's cursor is on. */
  | { type: 'select'; ids: string[] }
  /** Whether the preview is locked to its model (kept in the state, so a reload restores it). */
  | { type: 'lock'; locked: boolean };

/** Messages from the preview webview to the extension. */
export type PreviewReply =
  | { type: 'ready' }
  /** Reveal the declaration of an element, flow, boundary, threat or attack in the editor. */
  | { type: 'reveal'; id: string };

/** What the preview keeps across reloads (`getState`/`setState`, and the panel serializer). */
export interface PreviewState {
  uri?: string;
  /** Shows `uri` whichever editor is active, instead of following the active `.tm` editor. */
  locked?: boolean;
  showMarkers: boolean;
  showLabels: boolean;
  /** Boundaries drawn as one box (server/diagram/collapse.ts). */
  collapsed?: string[];
  /** The focus view: the selection's neighbourhood this many flows deep; unset shows everything. */
  focusHops?: number;
}
