// The in-host suite of `npm run test:electron` (test/electron/suite.ts) needs a desktop VS Code
// that cannot be downloaded here; code-server's extension host runs it just as well, which keeps
// that suite honest: the extension from this checkout is loaded as the extension under
// development, and the host reports the suite's exit code to the page.
import { copyFileSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { projectRoot, startCodeServer } from '../../scripts/code-server.mjs';
import type { RunningCodeServer } from '../../scripts/code-server.mjs';
import { bundleInHostSuite } from '../electron/bundle.mjs';
import { launchChromium } from './workbench.js';

let server: RunningCodeServer | undefined;
let close: (() => Promise<void>) | undefined;
let scratch: string | undefined;

afterAll(async () => {
  await close?.();
  await server?.dispose(join(projectRoot, 'test-output', 'e2e', 'in-host-logs'));
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('passes the in-host suite in the extension host', async () => {
  const suite = await bundleInHostSuite();
  scratch = await mkdtemp(join(tmpdir(), 'tm-e2e-in-host-'));
  const workspace = join(scratch, 'shop');
  mkdirSync(workspace);
  copyFileSync(join(projectRoot, 'test', 'e2e', 'fixtures', 'shop.tm'), join(workspace, 'shop.tm'));
  server = await startCodeServer({ vsix: inject('vsix'), folder: workspace });
  const chromium = await launchChromium();
  close = chromium.close;
  const { page } = chromium;

  const log: string[] = [];
  const exitCode = new Promise<number>(resolve => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => log.push(`${type} ${args.map(String).join(' ')}`));
  const remote = (path: string) => `vscode-remote://${new URL(server!.origin).host}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(projectRoot)],
    ['extensionTestsPath', remote(suite)],
  ];
  await page.goto(`${server.url}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { waitUntil: 'commit' });

  const code = await exitCode;
  const results = log.filter(line => / (not )?ok - /.test(line));
  expect(code, log.slice(-30).join('\n')).toBe(0);
  expect(results).toHaveLength(4);
});
