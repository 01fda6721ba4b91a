// Before the end-to-end suite: build and package the extension exactly as it ships, and make
// sure code-server and Chromium are installed (scripts/e2e-setup.sh, quick when they are).
// TM_E2E_VSIX=path tests an already packaged extension instead of packaging one.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { projectRoot } from '../../scripts/code-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The packaged extension under test. */
    vsix: string;
  }
}

export default function setup(project: TestProject): void {
  // Screenshots and logs of this run only.
  rmSync(join(projectRoot, 'test-output', 'e2e'), { recursive: true, force: true });
  let vsix = process.env.TM_E2E_VSIX;
  if (!vsix) {
    vsix = join(projectRoot, '.e2e', 'tm.vsix');
    mkdirSync(join(projectRoot, '.e2e'), { recursive: true });
    timed('package the extension', 'npm', ['run', 'package', '--', '--out', vsix]);
  }
  timed('e2e setup', 'bash', [join(projectRoot, 'scripts', 'e2e-setup.sh')]);
  project.provide('vsix', vsix);
}

function timed(what: string, command: string, args: string[]): void {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed: ${command} ${args.join(' ')} exited ${result.status ?? result.signal}`);
  console.log(`[e2e] ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
