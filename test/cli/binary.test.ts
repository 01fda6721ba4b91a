// The built `tm` binary, run the way a user or CI runs it. `npm test` builds first; run
// `npm run build` before running this file alone.
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { SUMMARY_LINE, TEXT_LINE } from './run.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUNDLE = path.join(ROOT, 'out', 'cli.cjs');

beforeAll(() => {
  if (!fs.existsSync(BUNDLE)) throw new Error(`${path.relative(ROOT, BUNDLE)} is missing: run \`npm run build\` first (\`npm test\` does).`);
});

function tm(...args: string[]) {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'tm.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

it('tm check --strict passes on the threat model of tm itself, on any day', () => {
  const run = tm('check', '--strict', 'examples/threat-model.tm');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).not.toMatch(/ (error|warning) /);
});

it('prints one line per diagnostic and a summary, and exits 1 on findings under --strict', () => {
  const run = tm('check', '--strict', '--today', '2026-11-23', 'examples');
  expect(run.code).toBe(1);
  const lines = run.stdout.trimEnd().split('\n');
  expect(lines.slice(0, -1).every(line => TEXT_LINE.test(line))).toBe(true);
  expect(lines.at(-1)).toMatch(SUMMARY_LINE);
  expect(lines.at(-1)).toBe('11 files checked: 3 errors, 76 warnings, 104 info.');
});

it('writes JSON with 1-based positions', () => {
  const run = tm('check', '--format', 'json', '--today', '2026-11-23', 'examples/payments.tm');
  expect(run.code).toBe(0);
  expect((JSON.parse(run.stdout) as unknown[])[1]).toMatchObject({ file: 'examples/payments.tm', line: 16, column: 11, severity: 'warning', code: 'uncovered-stride' });
});

it('exits 2 on a usage mistake, with one line on stderr and no stack trace', () => {
  const run = tm('check', 'examples/no-such-model.tm');
  expect(run).toMatchObject({ code: 2, stderr: 'tm: cannot read examples/no-such-model.tm: no such file or directory\n' });
});

it('stops quietly when its reader closes the pipe early (`tm check … | head`)', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-pipe-'));
  try {
    const model = path.join(folder, 'many.tm');
    fs.writeFileSync(model, Array.from({ length: 3000 }, (_, i) => `process P${i}\n`).join(''));
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'tm.js'), 'check', model], { cwd: ROOT });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', chunk => { stderr += chunk; });
    // Read one chunk, then go away, as `head` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>(resolve => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

it('checks a model whatever its file is called', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-named-'));
  try {
    const model = path.join(folder, 'notes.txt');
    fs.writeFileSync(model, 'process Api\nprocess Api\n');
    const run = tm('check', model);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/notes\.txt:2:9: error duplicate-name: /);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

it('carries the checker without the language server, which it neither loads nor starts', () => {
  const bundle = fs.readFileSync(BUNDLE, 'utf8');
  expect(bundle).toContain('node_modules/langium/lib/parser/');
  expect(bundle).not.toContain('node_modules/vscode-languageserver/');
  expect(bundle).not.toContain('node_modules/langium/lib/lsp/');
  expect(bundle).not.toContain('node_modules/vscode-languageserver-protocol/');
});

it('runs the same with its compile cache, without it, and with a broken or stale one, and renews it', () => {
  // A copy of the binary and its bundle, so that the cache written is this test's own.
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-cache-'));
  try {
    fs.cpSync(path.join(ROOT, 'bin'), path.join(folder, 'bin'), { recursive: true });
    fs.mkdirSync(path.join(folder, 'out'));
    const bundle = path.join(folder, 'out', 'cli.cjs');
    fs.copyFileSync(BUNDLE, bundle);
    const cache = `${bundle}.compile-cache`;
    const check = (env: Record<string, string> = {}) => {
      const run = spawnSync(process.execPath, [path.join(folder, 'bin', 'tm.js'), 'check', '--today', '2026-11-23', 'examples'], {
        cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env },
      });
      return { code: run.status, stdout: run.stdout, stderr: run.stderr };
    };
    const cacheOf = (text: string) => crypto.createHash('sha256').update(text).digest();
    const expected = check({ TM_DISABLE_COMPILE_CACHE: '1' });
    expect(expected.stdout).toContain('11 files checked');
    expect(fs.existsSync(cache)).toBe(false);

    expect(check()).toEqual(expected);
    const written = fs.readFileSync(cache);
    expect(written.subarray(0, 32)).toEqual(cacheOf(fs.readFileSync(bundle, 'utf8')));
    expect(written.length).toBeGreaterThan(10_000);

    // A cache V8 takes is kept as it is.
    expect(check()).toEqual(expected);
    expect(fs.readFileSync(cache)).toEqual(written);

    // The bundle's hash with data V8 refuses, then data that is no cache at all: both replaced.
    fs.writeFileSync(cache, Buffer.concat([written.subarray(0, 32), Buffer.from('not V8 data')]));
    expect(check()).toEqual(expected);
    expect(fs.readFileSync(cache).length).toBeGreaterThan(10_000);
    fs.writeFileSync(cache, 'x');
    expect(check()).toEqual(expected);
    expect(fs.readFileSync(cache).length).toBeGreaterThan(10_000);

    // A rebuilt bundle of the same length does not run the old bundle's code.
    const source = fs.readFileSync(bundle, 'utf8');
    const rebuilt = source.replace('} checked: ${', '} CHECKED: ${');
    expect(rebuilt).not.toBe(source);
    expect(rebuilt.length).toBe(source.length);
    fs.writeFileSync(bundle, rebuilt);
    expect(check().stdout).toContain('11 files CHECKED: ');
    expect(fs.readFileSync(cache).subarray(0, 32)).toEqual(cacheOf(rebuilt));

    // A cache that can be neither read nor written (here a folder in its place; as root, a
    // read-only folder would not do): the check runs without it, with the same exit code.
    fs.writeFileSync(bundle, source);
    fs.rmSync(cache);
    fs.mkdirSync(path.join(cache, 'occupied'), { recursive: true });
    expect(check()).toEqual(expected);
    expect(fs.readdirSync(path.join(folder, 'out')).sort()).toEqual(['cli.cjs', 'cli.cjs.compile-cache']);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
