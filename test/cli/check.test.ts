// `tm check` run in-process: formats, flags, exit codes, and every way a path can go wrong.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlatDiagnostic } from '../../server/cli/format.js';
import type { CliRun } from './run.js';
import { runTm, scratchDir, SUMMARY_LINE, TEXT_LINE } from './run.js';

const HEADER = 'model "M" { reviewed "2026-11-01" }\n';
const MODELS = {
  'clean.tm': `${HEADER}attack A "goal" { or { "step" cost low } }\n`,
  'warning.tm': `${HEADER}process P { exempt S, T, R, I, D, E "a pure function" }\n`,
  'error.tm': `${HEADER}threat T { likelihood 5 impact 1 }\n`,
};
const TODAY = ['--today', '2026-11-23'];

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.map(cleanup => cleanup()));
  cleanups = [];
});

async function inScratch(files: Record<string, string | Uint8Array> = MODELS): Promise<string> {
  const { dir, cleanup } = await scratchDir(files);
  cleanups.push(cleanup);
  return dir;
}

async function check(args: string[], files?: Record<string, string | Uint8Array>): Promise<CliRun> {
  return runTm(['check', ...TODAY, ...args], await inScratch(files));
}

function json(run: CliRun): FlatDiagnostic[] {
  return JSON.parse(run.stdout) as FlatDiagnostic[];
}

function codes(run: CliRun): string[] {
  return json(run).map(d => `${d.code}@${d.line}`);
}

describe('text format', () => {
  it('prints one line per diagnostic with 1-based positions, then a summary', async () => {
    const run = await check(['clean.tm']);
    expect(run).toEqual({
      code: 0,
      stdout: 'clean.tm:2:8: info attack-cost: Cheapest path costs 2 (low): "step". Cut this first.\n1 file checked: 0 errors, 0 warnings, 1 info.\n',
      stderr: '',
    });
  });

  it('counts every severity over several files', async () => {
    const run = await check(['clean.tm', 'warning.tm', 'error.tm']);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('3 files checked: 1 error, 1 warning, 1 info.');
    expect(lines.slice(0, -1).every(line => TEXT_LINE.test(line))).toBe(true);
    expect(lines).toContain('error.tm:2:23: error out-of-range: likelihood must be 1, 2 or 3 (or low, medium, high); 5 is out of range, so the threat is not scored.');
  });

  it('keeps a diagnostic on one line when its message holds a newline', async () => {
    const run = await check(['review.tm'], { 'review.tm': 'model "M" { reviewed "2026-11-01\\nor so" }\n' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^review\.tm:1:1: info stale-review: The review date "2026-11-01 or so" is not a YYYY-MM-DD date/);
  });
});

describe('json format', () => {
  it('lists every diagnostic with its file, 1-based range, severity, code and message', async () => {
    const run = await check(['--format', 'json', 'error.tm']);
    expect(run.code).toBe(1);
    expect(json(run)).toEqual([{
      file: 'error.tm', line: 2, column: 23, endLine: 2, endColumn: 24, severity: 'error', code: 'out-of-range',
      message: 'likelihood must be 1, 2 or 3 (or low, medium, high); 5 is out of range, so the threat is not scored.',
    }]);
  });

  it('is an empty array for a file without findings', async () => {
    const run = await check(['--format', 'json', 'empty.tm'], { 'empty.tm': 'model "M" { reviewed "2026-11-20" }' });
    expect(run).toMatchObject({ code: 0, stdout: '[]\n' });
  });
});

describe('exit codes', () => {
  it.each([
    { file: 'clean.tm', strict: false, code: 0 },
    { file: 'clean.tm', strict: true, code: 0 },
    { file: 'warning.tm', strict: false, code: 0 },
    { file: 'warning.tm', strict: true, code: 1 },
    { file: 'error.tm', strict: false, code: 1 },
    { file: 'error.tm', strict: true, code: 1 },
  ])('$file with strict=$strict exits $code', async ({ file, strict, code }) => {
    expect((await check([...(strict ? ['--strict'] : []), file])).code).toBe(code);
  });

  it.each([
    { args: ['--coverage', 'some', 'clean.tm'], stderr: /--coverage must be crossing, all or none, not 'some'/ },
    { args: ['--today', '2026-02-30', 'clean.tm'], stderr: /--today must be a date as YYYY-MM-DD, not '2026-02-30'/ },
    { args: ['--review-max-age=-1', 'clean.tm'], stderr: /--review-max-age must be a non-negative number, not '-1'/ },
    { args: ['--review-max-age', 'ninety', 'clean.tm'], stderr: /--review-max-age must be a non-negative number/ },
    { args: ['--max-size', '0', 'clean.tm'], stderr: /--max-size must be a positive number, not '0'/ },
    { args: ['--format', 'xml', 'clean.tm'], stderr: /unknown format 'xml'/ },
    { args: ['--frobnicate', 'clean.tm'], stderr: /Unknown option '--frobnicate'/ },
    { args: [], stderr: /no model given/ },
  ])('a usage mistake ($args) exits 2 and says what is wrong', async ({ args, stderr }) => {
    const run = await check(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(stderr);
    expect(run.stderr).toMatch(/^tm check: /);
  });

  it('without a command prints the usage and exits 2; --help exits 0; an unknown command exits 2', async () => {
    const dir = await inScratch();
    expect(await runTm([], dir)).toMatchObject({ code: 2, stdout: expect.stringMatching(/usage: tm <command>/) });
    expect(await runTm(['--help'], dir)).toMatchObject({ code: 0, stdout: expect.stringMatching(/tm check <file\|dir>/) });
    expect(await runTm(['frobnicate'], dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^tm: unknown command 'frobnicate'/) });
  });

  it.each([
    ['check', /^usage: tm check <file\|dir>\.\.\. \[--format text\|json\|sarif\]/m],
    ['report', /^usage: tm report <file>/m],
    ['diff', /^usage: tm diff <old\.tm> <new\.tm>/m],
    ['import', /^usage: tm import <model\.json\|model\.yaml>/m],
    ['export', /^usage: tm export --format threat-dragon/m],
    ['dfd', /^usage: tm dfd <file>/m],
  ])('`tm %s --help` and `-h` print its usage and exit 0, whatever else is given', async (command, usage) => {
    const dir = await inScratch();
    for (const args of [[command, '--help'], [command, '-h'], [command, 'missing.tm', '--format', 'nonsense', '--help']]) {
      const run = await runTm(args, dir);
      expect(run, args.join(' ')).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(usage);
    }
  });

  it('after `--`, `-h` is a file name, not a request for help', async () => {
    const run = await runTm(['check', '--', '-h'], await inScratch());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/-h/);
  });
});

describe('settings flags', () => {
  const flows = `${HEADER}external C { exempt S, R "x" }
boundary Z {
  process A { exempt S, T, R, I, D, E "x" }
  process B { exempt S, T, R, I, D, E "x" }
}
flow In: C -> A { authn none authz none validation none }
flow Inside: A -> B
`;

  it.each([
    { coverage: [], found: ['uncovered-stride@7', 'suggested-threat@7'] },
    { coverage: ['--coverage', 'crossing'], found: ['uncovered-stride@7', 'suggested-threat@7'] },
    { coverage: ['--coverage', 'all'], found: ['uncovered-stride@7', 'suggested-threat@7', 'uncovered-stride@8'] },
    { coverage: ['--coverage', 'none'], found: ['suggested-threat@7'] },
  ])('$coverage chooses the flows coverage is checked on', async ({ coverage, found }) => {
    expect(codes(await check(['--format', 'json', ...coverage, 'flows.tm'], { 'flows.tm': flows }))).toEqual(found);
  });

  it.each([
    { args: ['--today', '2026-11-23'], found: [] },
    { args: ['--today', '2027-03-01'], found: ['stale-review@1'] },
    { args: ['--today', '2026-11-23', '--review-max-age', '10'], found: ['stale-review@1'] },
    { args: ['--today', '2026-11-23', '--review-max-age', '22'], found: [] },
    { args: ['--today', '2026-10-01'], found: ['stale-review@1'] },
  ])('$args sets the day and the maximum review age', async ({ args, found }) => {
    const run = await runTm(['check', '--format', 'json', ...args, 'empty.tm'], await inScratch({ 'empty.tm': HEADER }));
    expect(codes(run)).toEqual(found);
  });

  it('--max-size turns a file over the limit into one file-too-large error at 1:1', async () => {
    const run = await check(['--max-size', '0.0001', 'big.tm'], { 'big.tm': `${HEADER}process P "${'x'.repeat(200)}"\n` });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^big\.tm:1:1: error file-too-large: This file is 0\.0 MB, over the 0\.0001 MB limit, so it is not analysed\./);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('paths', () => {
  it('a missing file exits 2 and names it', async () => {
    const run = await check(['clean.tm', 'missing.tm']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('tm: cannot read missing.tm: no such file or directory\n');
    expect(run.stdout).toMatch(/^clean\.tm:2:8: info attack-cost/);
  });

  it('a path through a file exits 2 and says why', async () => {
    const run = await check(['clean.tm/inner.tm']);
    expect(run).toMatchObject({ code: 2, stderr: 'tm: cannot read clean.tm/inner.tm: not a directory\n' });
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file exits 2 and says permission denied (root reads everything, so not as root)', async () => {
    const dir = await inScratch();
    await fs.chmod(path.join(dir, 'clean.tm'), 0o000);
    expect(await runTm(['check', 'clean.tm'], dir)).toMatchObject({ code: 2, stderr: 'tm: cannot read clean.tm: permission denied\n' });
  });

  it('a directory is walked for *.tm files in name order, skipping hidden folders and node_modules', async () => {
    const run = await check(['--format', 'json', 'models'], {
      'models/b.tm': MODELS['error.tm'],
      'models/a/nested.tm': MODELS['clean.tm'],
      'models/notes.md': 'not a model',
      'models/.hidden/skip.tm': MODELS['error.tm'],
      'models/node_modules/dep/skip.tm': MODELS['error.tm'],
    });
    expect(json(run).map(d => d.file)).toEqual([path.join('models', 'a', 'nested.tm'), path.join('models', 'b.tm')]);
  });

  it('a symlink loop is followed once and each file is checked once', async () => {
    const dir = await inScratch({ 'models/one.tm': MODELS['clean.tm'] });
    await fs.symlink('.', path.join(dir, 'models', 'loop'));
    await fs.symlink(path.join(dir, 'models'), path.join(dir, 'models', 'again'));
    const run = await runTm(['check', ...TODAY, 'models'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('1 file checked: 0 errors, 0 warnings, 1 info.');
  });

  it('a symlink out of the directory checked is not followed, in one line', async () => {
    const dir = await inScratch({ 'models/one.tm': MODELS['clean.tm'], 'elsewhere/two.tm': MODELS['clean.tm'] });
    await fs.symlink('../elsewhere', path.join(dir, 'models', 'up'));
    const run = await runTm(['check', ...TODAY, 'models'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`tm: cannot read ${path.join('models', 'up')}: a symbolic link to ${await fs.realpath(path.join(dir, 'elsewhere'))}, outside ${await fs.realpath(path.join(dir, 'models'))}: tm does not follow links that leave the folder it checks\n`);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('1 file checked: 0 errors, 0 warnings, 1 info.');
  });

  it('a dangling symlink in a directory is reported, and the rest is checked', async () => {
    const dir = await inScratch({ 'models/one.tm': MODELS['clean.tm'] });
    await fs.symlink('nowhere.tm', path.join(dir, 'models', 'broken.tm'));
    const run = await runTm(['check', ...TODAY, 'models'], dir);
    expect(run).toMatchObject({ code: 2, stderr: `tm: cannot read ${path.join('models', 'broken.tm')}: no such file or directory\n` });
    expect(run.stdout).toMatch(/1 file checked/);
  });
});

describe('hostile content', () => {
  /** Deterministic bytes: the same test input every run. */
  function pseudoRandomBytes(count: number, seed: number): Uint8Array {
    const bytes = new Uint8Array(count);
    let state = seed;
    for (let i = 0; i < count; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      bytes[i] = state >>> 24;
    }
    return bytes;
  }

  it.each([
    { what: 'a syntax error', content: `${HEADER}threat T { stride attack }\n` },
    { what: 'random bytes', content: pseudoRandomBytes(4096, 7) },
    { what: 'invalid UTF-8', content: Buffer.concat([Buffer.from('process A "'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from('"\nthreat { @ }\n')]) },
    { what: 'a NUL byte', content: 'process A\u0000 "x"\n' },
  ])('$what gives syntax errors, one line each, and exit 1', async ({ content }) => {
    const run = await check(['input.tm'], { 'input.tm': content });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.some(line => line.includes(' error syntax-error: '))).toBe(true);
    expect(lines.slice(0, -1).every(line => TEXT_LINE.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(SUMMARY_LINE);
    expect(run.stderr).toBe('');
  });
});
