// `-o` never destroys anything: not through a symbolic link, not over an input whatever its
// name, and a write that fails (a full disk) leaves the previous file, no half-written one and
// no empty one that blocks the retry. Every failure is one line and exit 2.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { EXIT_OK, EXIT_USAGE } from '../../server/cli/io.js';
import { runTm } from '../cli/run.js';

/** When set, the next write of a file fails with ENOSPC after writing half of it, as a full disk does. */
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs/promises', async importOriginal => {
  const original = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile: typeof original.writeFile = async (file, data, options) => {
    if (!disk.full) return original.writeFile(file, data, options);
    // tm writes its outputs as strings.
    const text = data as string;
    await original.writeFile(file, text.slice(0, text.length / 2), options);
    throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' });
  };
  return { ...original, default: { ...original, writeFile }, writeFile };
});

const MODEL = 'external U\nprocess Api\nflow F: U -> Api\n';
const THREAT_DRAGON = JSON.stringify({ version: '2.2.0', summary: { title: 'x' }, detail: { diagrams: [] } });
let directory: string;
let outside: string;

beforeAll(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-output-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-output-outside-'));
});
afterAll(() => {
  fs.rmSync(directory, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});
afterEach(() => {
  disk.full = false;
});

function write(name: string, content: string): string {
  const file = path.join(directory, name);
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, content);
  return file;
}

function read(name: string): string {
  return fs.readFileSync(path.join(directory, name), 'utf8');
}

function leftovers(): string[] {
  return fs.readdirSync(directory).filter(name => name.endsWith('.tmp'));
}

describe('symbolic links', () => {
  test('tm report -o a link to the model: refused, the model untouched', async () => {
    write('model.tm', MODEL);
    fs.rmSync(path.join(directory, 'report.md'), { force: true });
    fs.symlinkSync('model.tm', path.join(directory, 'report.md'));
    const result = await runTm(['report', 'model.tm', '-o', 'report.md'], directory);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toBe('tm report: report.md is a symbolic link, and tm never writes through one: remove it first, or write elsewhere\n');
    expect(read('model.tm')).toBe(MODEL);
  });

  test('tm dfd -o a link to a file outside the folder: refused, the file untouched', async () => {
    write('model.tm', MODEL);
    fs.writeFileSync(path.join(outside, 'precious.txt'), 'keep me\n');
    fs.symlinkSync(path.join(outside, 'precious.txt'), path.join(directory, 'out.svg'));
    const result = await runTm(['dfd', 'model.tm', '-o', 'out.svg'], directory);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('out.svg is a symbolic link, and tm never writes through one');
    expect(fs.readFileSync(path.join(outside, 'precious.txt'), 'utf8')).toBe('keep me\n');
  });
});

describe('the output is an input', () => {
  test('tm import td.json -o td.json: refused, the Threat Dragon file untouched', async () => {
    write('td.json', THREAT_DRAGON);
    const result = await runTm(['import', 'td.json', '-o', 'td.json'], directory);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/^tm import: td\.json is the input td\.json, and tm never writes over its input: write elsewhere$/m);
    expect(read('td.json')).toBe(THREAT_DRAGON);
  });

  test('tm dfd notes.txt -o notes.txt (a model named without .tm): refused', async () => {
    write('notes.txt', MODEL);
    const result = await runTm(['dfd', 'notes.txt', '-o', 'notes.txt'], directory);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('notes.txt is the input notes.txt, and tm never writes over its input');
    expect(read('notes.txt')).toBe(MODEL);
  });

  test('tm report -o a hard link to the model (another name, the same file): refused', async () => {
    write('model.tm', MODEL);
    fs.rmSync(path.join(directory, 'hard.md'), { force: true });
    fs.linkSync(path.join(directory, 'model.tm'), path.join(directory, 'hard.md'));
    const result = await runTm(['report', 'model.tm', '-o', 'hard.md'], directory);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('hard.md is the input model.tm');
    expect(read('model.tm')).toBe(MODEL);
  });
});

describe('a full disk', () => {
  test('tm report -o over a good report: exit 2, one line, the previous report kept whole', async () => {
    write('model.tm', MODEL);
    write('report.md', 'the previous good report\n');
    disk.full = true;
    const result = await runTm(['report', 'model.tm', '-o', 'report.md'], directory);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toBe('tm report: cannot write report.md: no space left on device\n');
    expect(read('report.md')).toBe('the previous good report\n');
    expect(leftovers()).toEqual([]);
  });

  test('a failed tm import leaves no model behind, and the retry succeeds', async () => {
    write('td.json', THREAT_DRAGON);
    disk.full = true;
    const failed = await runTm(['import', 'td.json', '-o', 'new.tm'], directory);
    expect(failed.code).toBe(EXIT_USAGE);
    expect(failed.stderr).toMatch(/^tm import: cannot write new\.tm: no space left on device$/m);
    expect(fs.existsSync(path.join(directory, 'new.tm'))).toBe(false);
    expect(leftovers()).toEqual([]);
    disk.full = false;
    const retried = await runTm(['import', 'td.json', '-o', 'new.tm'], directory);
    expect(retried.code).toBe(EXIT_OK);
    expect(read('new.tm')).toMatch(/^\/\/ Imported from Threat Dragon/);
  });

  test('standard output on a full device (the built binary, `> /dev/full`): exit 2, one line', () => {
    const bundle = path.resolve(import.meta.dirname, '../../out/cli.cjs');
    if (!fs.existsSync(bundle)) throw new Error('out/cli.cjs is missing: run `npm run build` first (`npm test` does).');
    write('model.tm', MODEL);
    const full = fs.openSync('/dev/full', 'w');
    try {
      const child = spawnSync(process.execPath, [bundle, 'report', 'model.tm'], { cwd: directory, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(child.stderr).toBe('tm: cannot write to standard output: no space left on device\n');
      expect(child.status).toBe(EXIT_USAGE);
    } finally {
      fs.closeSync(full);
    }
  });
});
