// The CLI bundle resolves vscode-languageserver-protocol to server/cli/protocol-subset.ts: what
// it gives Langium must be what the protocol gives. (That it gives every name Langium imports,
// the build checks: esbuild refuses an import the subset does not export.)
import * as protocol from 'vscode-languageserver-protocol';
import { expect, it } from 'vitest';
import * as subset from '../../server/cli/protocol-subset.js';

it('gives Langium the protocol\'s own cancellation, events, errors and error codes', () => {
  expect(subset.CancellationToken).toBe(protocol.CancellationToken);
  expect(subset.CancellationTokenSource).toBe(protocol.CancellationTokenSource);
  expect(subset.Emitter).toBe(protocol.Emitter);
  expect(subset.ResponseError).toBe(protocol.ResponseError);
  for (const [name, code] of Object.entries(subset.LSPErrorCodes)) expect(protocol.LSPErrorCodes[name as keyof typeof protocol.LSPErrorCodes]).toBe(code);
});
