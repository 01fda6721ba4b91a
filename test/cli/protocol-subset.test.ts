// The CLI bundle resolves vscode-languageserver-protocol to server/cli/protocol-subset.ts: what
// it gives Langium must be what the protocol gives.
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

it('has every name Langium\'s core imports from the protocol', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const imported = new Set<string>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'lsp') walk(file);
      } else if (file.endsWith('.js')) {
        for (const match of readFileSync(file, 'utf8').matchAll(/(?:import|export) (?:type )?\{([^}]*)\} from 'vscode-languageserver-protocol'/g)) {
          for (const name of match[1].split(',')) imported.add(name.trim().split(' as ')[0]);
        }
      }
    }
  };
  walk('node_modules/langium/lib');
  imported.delete('');
  expect(imported.size).toBeGreaterThan(0);
  for (const name of imported) expect(subset, name).toHaveProperty(name);
});
