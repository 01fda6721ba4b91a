// Starts code-server (VS Code's own server and web workbench, installed by
// scripts/e2e-setup.sh) with the packaged extension in a throwaway profile: fresh extensions
// and user-data folders, and HOME, XDG_* and TMPDIR inside one temporary folder, so nothing is
// left in the user's home. Used by the end-to-end suite (test/e2e) and by `npm run try`.
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const codeServerBin = join(projectRoot, '.e2e/code-server/node_modules/.bin/code-server');

/** A quiet workbench: no welcome page, tips, update checks, telemetry or trust prompts. */
export const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'npm.autoDetect': 'off',
};

/**
 * @param {{ vsix: string, folder: string, settings?: Record<string, unknown>, port?: number, timeoutMs?: number }} options
 */
export async function startCodeServer({ vsix, folder, settings = {}, port, timeoutMs = 60_000 }) {
  const home = await mkdtemp(join(tmpdir(), 'tm-code-server-'));
  const extensionsDir = join(home, 'extensions');
  const userDataDir = join(home, 'user-data');
  await mkdir(join(userDataDir, 'User'), { recursive: true });
  await mkdir(join(home, 'tmp'));
  await writeFile(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...settings }, null, 2));
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, 'cache'),
    TMPDIR: join(home, 'tmp'),
  };
  const profile = ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir];

  const install = await runToEnd(codeServerBin, [...profile, '--install-extension', vsix], env);
  if (install.code !== 0 || !/successfully installed/i.test(install.output)) {
    await rm(home, { recursive: true, force: true });
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${install.code}):\n${install.output}`);
  }

  const chosenPort = port ?? (await freePort());
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${chosenPort}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...profile,
    folder,
  ];
  // Its own process group, so that stop() ends code-server together with its extension host
  // and language server.
  const child = spawn(codeServerBin, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = chunk => (output += chunk);
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise(resolveExit => child.once('exit', code => resolveExit(code)));

  const origin = `http://127.0.0.1:${chosenPort}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const done = await Promise.race([exited.then(() => true), delay(10_000).then(() => false)]);
      if (!done) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  };
  try {
    await waitForHealth(`${origin}/healthz`, exited, timeoutMs);
  } catch (error) {
    await stop();
    await rm(home, { recursive: true, force: true });
    throw new Error(`${error.message}\ncode-server output:\n${output}`);
  }

  return {
    origin,
    /** The workbench with the folder open. */
    url: `${origin}/?folder=${encodeURIComponent(folder)}`,
    home,
    userDataDir,
    output: () => output,
    /** Stops code-server; copies its logs (extension host, language server output) to `keepLogsIn` first. */
    async dispose(keepLogsIn) {
      await stop();
      if (keepLogsIn) {
        await cp(join(userDataDir, 'logs'), keepLogsIn, { recursive: true }).catch(() => undefined);
        await writeFile(join(keepLogsIn, 'code-server.log'), output).catch(() => undefined);
      }
      await rm(home, { recursive: true, force: true });
    },
  };
}

function runToEnd(command, args, env) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    child.once('error', reject);
    child.once('close', code => resolveRun({ code, output }));
  });
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Polls /healthz until it answers 200; fails early if code-server exits. */
async function waitForHealth(url, exited, timeoutMs) {
  let exitCode;
  exited.then(code => (exitCode = code ?? 'signal'));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`code-server exited (${exitCode}) before ${url} answered`);
    if (await answers(url)) return;
    await delay(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function answers(url) {
  return new Promise(resolveAnswer => {
    const request = get(url, response => {
      response.resume();
      resolveAnswer(response.statusCode === 200);
    });
    request.once('error', () => resolveAnswer(false));
    request.setTimeout(2_000, () => request.destroy());
  });
}
