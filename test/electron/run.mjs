// `npm run test:electron`: the in-host suite (suite.ts) in a desktop VS Code that
// @vscode/test-electron downloads. Opt-in: it needs the network to fetch VS Code, which CI here
// does not have (CI runs the code-server suite, test/e2e). Set VSCODE_EXECUTABLE to use an
// installed VS Code instead of downloading one.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { projectRoot } from '../../scripts/code-server.mjs';
import { bundleInHostSuite } from './bundle.mjs';

const build = spawnSync('npm', ['run', 'build'], { cwd: projectRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const suite = await bundleInHostSuite();

const scratch = mkdtempSync(join(tmpdir(), 'tm-electron-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const workspace = join(scratch, 'shop');
mkdirSync(workspace);
copyFileSync(join(projectRoot, 'test', 'e2e', 'fixtures', 'shop.tm'), join(workspace, 'shop.tm'));

let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (!vscodeExecutablePath) {
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode('1.100.3');
  } catch (error) {
    console.error(`Could not download VS Code 1.100.3 (${error.message}). This runner needs the network or VSCODE_EXECUTABLE; the same suite also runs in code-server as part of npm run test:e2e.`);
    process.exit(1);
  }
}

try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: projectRoot,
    extensionTestsPath: suite,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error('The in-host suite failed:', error);
  process.exit(1);
}
