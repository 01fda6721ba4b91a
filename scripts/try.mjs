// `npm run try`: the packaged extension in a real VS Code (code-server) on 127.0.0.1, with the
// example models open; prints the address to open in your browser. Ctrl+C stops it.
// Options: --port N (default 8080), --folder PATH (default examples/).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot, startCodeServer } from './code-server.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    folder: { type: 'string', default: join(projectRoot, 'examples') },
  },
});
const folder = resolve(values.folder);
if (!existsSync(folder)) {
  console.error(`No folder ${folder} to open; pass --folder PATH.`);
  process.exit(1);
}

const vsix = join(projectRoot, '.e2e', 'tm.vsix');
mkdirSync(join(projectRoot, '.e2e'), { recursive: true });
run('npm', ['run', 'package', '--', '--out', vsix]);
run('bash', [join(projectRoot, 'scripts', 'e2e-setup.sh'), '--code-server-only']);

const server = await startCodeServer({ vsix, folder, port: Number(values.port) });
console.log(`\ntm in VS Code: ${server.url}\n(the packaged extension, ${folder} open; Ctrl+C stops it)`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await server.dispose();
    process.exit(0);
  });
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
