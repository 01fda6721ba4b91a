// The CLI on hostile paths and files: every failure is one clear line naming the path with the
// right exit code, never a hang, a stack trace or a file read whole that is over the limit.
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { yamlAsData } from '../../scripts/node-bundle.mjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../server/cli/cli.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../../server/cli/io.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let directory: string;

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-hostile-cli-'));
});
afterAll(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

async function tm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check', ...args, '--today', '2026-11-01'], { cwd: directory, stdout: text => { stdout += text; }, stderr: text => { stderr += text; } });
  return { code, stdout, stderr };
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(directory, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

describe('paths that cannot be read', () => {
  test('a FIFO is refused, not opened (opening it would block for ever)', async () => {
    execFileSync('mkfifo', [path.join(directory, 'pipe.tm')]);
    const result = await tm('pipe.tm');
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toBe('tm: cannot read pipe.tm: not a regular file (a pipe, socket or device)\n');
  });

  test('a device is refused', async () => {
    const result = await tm('/dev/null');
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('cannot read /dev/null: not a regular file');
  });

  test('a symlink loop', async () => {
    fs.symlinkSync('loop.tm', path.join(directory, 'loop.tm'));
    const result = await tm('loop.tm');
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toBe('tm: cannot read loop.tm: too many levels of symbolic links\n');
  });

  test('a path through a file (a directory without permission cannot be made as root)', async () => {
    write('plain.tm', 'process P\n');
    const result = await tm('plain.tm/model.tm');
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toBe('tm: cannot read plain.tm/model.tm: not a directory\n');
  });

  test('a missing file is named, and the other files are still checked', async () => {
    write('ok/model.tm', 'external U\nprocess P\nflow F: U -> P\n');
    const result = await tm('missing.tm', 'ok');
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toBe('tm: cannot read missing.tm: no such file or directory\n');
    expect(result.stdout).toContain(path.join('ok', 'model.tm'));
  });
});

test('a directory that links back to itself is walked once', async () => {
  write('looped/model.tm', 'process P\n');
  fs.symlinkSync('.', path.join(directory, 'looped', 'again'));
  fs.symlinkSync('..', path.join(directory, 'looped', 'up'));
  const result = await tm('looped');
  expect(result.stderr).not.toContain('internal error');
  expect(result.stdout.match(/model\.tm:1:9: warning orphan-element/g)).toHaveLength(1);
});

test('bytes that are not UTF-8 are syntax errors on their line, not a crash', async () => {
  write('binary.tm', Buffer.concat([Buffer.from('process P\n'), Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]), Buffer.from('\nprocess Q "\xe9t\xe9"\n', 'latin1')]));
  const result = await tm('binary.tm');
  expect(result.code).toBe(EXIT_FINDINGS);
  expect(result.stdout).toMatch(/^binary\.tm:2:1: error syntax-error: /m);
  expect(result.stdout).toContain('binary.tm:3:9: warning orphan-element');
});

test('a model named without .tm is checked as a model', async () => {
  write('notes.txt', 'external U\nprocess P\nflow F: U -> P\n');
  const result = await tm('notes.txt');
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('notes.txt:1:10: warning uncovered-stride');
});

test('an empty file and a file of only comments are models with nothing in them', async () => {
  write('empty.tm', '');
  write('comments.tm', '// nothing yet\n/* still nothing */\n');
  const result = await tm('empty.tm', 'comments.tm', '--review-max-age', '100000');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(EXIT_OK);
});

describe('a 50 MB file', () => {
  let cli: string;
  let preload: string;
  beforeAll(async () => {
    // The bundled CLI in a child process, so its peak memory can be read at exit.
    cli = path.join(directory, 'cli.cjs');
    await esbuild.build({
      entryPoints: [path.join(ROOT, 'server/cli/main.ts')], outfile: cli, bundle: true, platform: 'node', target: 'node20',
      format: 'cjs', inject: [path.join(ROOT, 'server/polyfill.mjs')], plugins: [yamlAsData], logLevel: 'error',
    });
    preload = write('peak-memory.cjs', "process.on('exit', () => process.stderr.write(`peak-rss-kb ${process.resourceUsage().maxRSS}\\n`));\n");
  });

  function run(file: string): { status: number | null; stdout: string; peakKb: number } {
    const child = spawnSync(process.execPath, ['-r', preload, cli, 'check', file, '--today', '2026-11-01'], { cwd: directory, encoding: 'utf8' });
    return { status: child.status, stdout: child.stdout, peakKb: Number(/peak-rss-kb (\d+)/.exec(child.stderr)![1]) };
  }

  test('exits 1 with one file-too-large, without reading the file into memory', () => {
    const big = path.join(directory, 'big.tm');
    // Sparse: 50 MB of zero bytes without writing them.
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 50 * 1024 * 1024);
    write('small.tm', '\n');
    const result = run('big.tm');
    expect(result.status).toBe(EXIT_FINDINGS);
    expect(result.stdout).toMatch(/^big\.tm:1:1: error file-too-large: This file is 50\.0 MB, over the 10 MB limit/);
    // Reading the file would cost at least its size again; checking an empty file is the baseline.
    expect(result.peakKb - run('small.tm').peakKb).toBeLessThan(25 * 1024);
  });
});

describe('never overwrites a model', () => {
  const MODEL = 'external U\nprocess P\nflow F: U -> P\n';
  test.each([
    ['tm report -o the model itself', ['report', 'keep.tm', '-o', 'keep.tm']],
    ['tm dfd -o the model itself', ['dfd', 'keep.tm', '-o', 'keep.tm']],
    ['tm import onto an existing model', ['import', 'td.json', '-o', 'keep.tm']],
  ])('%s: exit 2, the model is untouched', async (_, argv) => {
    write('keep.tm', MODEL);
    write('td.json', JSON.stringify({ version: '2.2.0', summary: { title: 'x' }, detail: { diagrams: [] } }));
    let stderr = '';
    const code = await runCli(argv, { cwd: directory, stdout: () => undefined, stderr: text => { stderr += text; } });
    expect(code).toBe(EXIT_USAGE);
    expect(stderr).toContain('keep.tm already exists, and tm never overwrites a model');
    expect(fs.readFileSync(path.join(directory, 'keep.tm'), 'utf8')).toBe(MODEL);
  });
});

describe('links into /proc and out of the repository', () => {
  test('a committed link to /proc/self/environ is not followed: nothing of the environment is read', async () => {
    write('repo/model.tm', 'process P\n');
    fs.symlinkSync('/proc/self/environ', path.join(directory, 'repo', 'env.tm'));
    for (const args of [['repo'], ['repo/env.tm']]) {
      const result = await tm(...args, '--format', 'sarif');
      expect(result.code).toBe(EXIT_USAGE);
      expect(result.stderr).toMatch(/^tm: cannot read repo\/env\.tm: a symbolic link to \/proc\/\d+\/environ, outside \/.*: tm does not follow links that leave the folder it checks\n$/);
      expect(result.stdout).not.toContain('PATH');
    }
  });

  test('a /proc file named directly (stat size 0) is read only up to the limit: file-too-large', async () => {
    // Not /proc/self, which is itself a link out of the working directory.
    const pagemap = `/proc/${process.pid}/pagemap`;
    const result = await tm(pagemap, '--max-size', '1');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT_FINDINGS);
    expect(result.stdout).toMatch(new RegExp(`^${pagemap}:1:1: error file-too-large: This file is 1\\.\\d MB, over the 1 MB limit`));
  });

  test('a path the user names through a linked folder is read: only a file that is itself a link must stay inside', async () => {
    // Outside the working directory, as a shared checkout beside the repository is.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-hostile-elsewhere-'));
    try {
      fs.writeFileSync(path.join(elsewhere, 'm.tm'), 'process P\n');
      fs.symlinkSync('m.tm', path.join(elsewhere, 'sibling.tm'));
      fs.symlinkSync(elsewhere, path.join(directory, 'repo', 'linked'));
      const result = await tm('repo/linked/m.tm', 'repo/linked/sibling.tm');
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/2 files checked/);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test('a link to a FIFO inside the folder is refused, not opened', async () => {
    execFileSync('mkfifo', [path.join(directory, 'repo', 'fifo')]);
    fs.symlinkSync('fifo', path.join(directory, 'repo', 'fifo.tm'));
    const result = await tm('repo/fifo.tm');
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toBe('tm: cannot read repo/fifo.tm: not a regular file (a pipe, socket or device)\n');
  });
});

test('with a UTF-8 byte-order mark, columns on line 1 count from the first character (text and SARIF)', async () => {
  write('bom.tm', '\ufeffprocess P\nprocess Q\n');
  const text = await tm('bom.tm');
  expect(text.stdout).toContain('bom.tm:1:9: warning orphan-element');
  expect(text.stdout).toContain('bom.tm:2:9: warning orphan-element');
  const sarif = JSON.parse((await tm('bom.tm', '--format', 'sarif')).stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } } }> }> }> };
  const regions = sarif.runs[0].results.filter(result => result.ruleId === 'orphan-element').map(result => result.locations[0].physicalLocation.region);
  expect(regions).toEqual([expect.objectContaining({ startLine: 1, startColumn: 9 }), expect.objectContaining({ startLine: 2, startColumn: 9 })]);
});
