// What Langium's core takes from vscode-languageserver-protocol, which the CLI bundle resolves
// that package to (scripts/build.mjs). The package re-exports vscode-jsonrpc and adds the whole
// LSP: 27 modules that every `tm check` loaded and ran at start for nothing. A name Langium
// starts importing and this file lacks fails the build ("No matching export").
export { CancellationToken, CancellationTokenSource, Emitter, ResponseError } from 'vscode-jsonrpc';

/** The two LSP error codes Langium's document builder rejects with (the LSP specification's values). */
export const LSPErrorCodes = {
  RequestFailed: -32803,
  ServerCancelled: -32802,
} as const;
