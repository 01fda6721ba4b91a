// The extension's manifest: in Restricted Mode, a cloned repository's .vscode/settings.json
// must not turn the checks down (coverage off, a huge size limit, reviews that never go stale).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';

const manifest = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: boolean | 'limited'; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, unknown> } };
};

test('every setting of the extension is restricted in untrusted workspaces', () => {
  const { untrustedWorkspaces } = manifest.capabilities;
  expect(untrustedWorkspaces.supported).toBe('limited');
  // Each tm setting changes what a check reports: a new one must be added here or argued safe.
  expect([...untrustedWorkspaces.restrictedConfigurations ?? []].sort()).toEqual(Object.keys(manifest.contributes.configuration.properties).sort());
});
