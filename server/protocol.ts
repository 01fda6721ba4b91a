// The typed message contract between the language server, the VS Code extension and the
// preview webview. Every custom request or notification is declared here, once.

/** `tm/summary`: the verdict of one model, for the status bar. */
export const SummaryRequest = 'tm/summary';
export interface SummaryParams {
  uri: string;
}
export interface ModelSummary {
  /** Threats scoring 6+ whose status is open or planned (spec §4). */
  fixNowOpen: number;
  /** No threat scoring 6+ is open or planned. */
  done: boolean;
  threats: number;
}
