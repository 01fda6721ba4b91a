// Bundles the in-host suite (suite.ts) into one CommonJS file the extension host can load.
// Used by run.mjs (desktop VS Code) and by test/e2e/in-host.e2e.ts (code-server).
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { projectRoot } from '../../scripts/code-server.mjs';

export async function bundleInHostSuite() {
  const outfile = join(projectRoot, 'out', 'test', 'electron-suite.cjs');
  await esbuild.build({
    entryPoints: [join(projectRoot, 'test', 'electron', 'suite.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return outfile;
}
