// A cloned repository's team packs are hostile by default: nothing in them runs, and a pack that
// is huge, has 10,000 entries, is a pipe, leads out of the repository or bombs aliases costs a
// bounded look, is one problem at its line, and never hides the model's own diagnostics.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { FlatDiagnostic } from '../../server/cli/format.js';
import { readTeamPacks, MAX_TEAM_PACK_FILES } from '../../server/catalogue/repository-packs.js';
import { assembleCatalogue } from '../../server/catalogue/catalogue.js';
import { runTm } from '../cli/run.js';

const MODEL = 'process Api\nstore Db { kind database }\nflow Q: Api -> Db { protocol SQL }\n';
let repository: string;
let outside: string;

beforeEach(() => {
  repository = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-packs-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-outside-'));
  fs.mkdirSync(path.join(repository, '.git'));
  fs.mkdirSync(path.join(repository, '.tm', 'catalogue'), { recursive: true });
  fs.writeFileSync(path.join(repository, 'm.tm'), MODEL);
});
afterEach(() => {
  fs.rmSync(repository, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

function pack(name: string, text: string): void {
  fs.writeFileSync(path.join(repository, '.tm', 'catalogue', name), text);
}

async function problems(): Promise<string[]> {
  const files = await readTeamPacks(path.join(repository, '.tm', 'catalogue'));
  return assembleCatalogue(files).problems.map(problem => `${path.basename(problem.source)}:${problem.line}: ${problem.message}`);
}

/** `tm check m.tm`: the pack's problems, and the model's diagnostics, which must be those it has without the pack. */
async function checkModel(): Promise<{ code: number; pack: FlatDiagnostic[]; model: string[]; ms: number }> {
  const started = performance.now();
  const run = await runTm(['check', '--today', '2026-11-23', '--format', 'json', 'm.tm'], repository);
  const ms = performance.now() - started;
  const diagnostics = JSON.parse(run.stdout) as FlatDiagnostic[];
  return { code: run.code, ms, pack: diagnostics.filter(diagnostic => diagnostic.file !== 'm.tm'), model: diagnostics.filter(diagnostic => diagnostic.file === 'm.tm').map(diagnostic => diagnostic.code) };
}

/** The model's diagnostics in a repository without team packs: a broken pack must leave them as they are. */
let baseline: string[] | undefined;
async function modelCodesWithoutPacks(): Promise<string[]> {
  if (!baseline) {
    const saved = path.join(outside, 'saved-catalogue');
    fs.renameSync(path.join(repository, '.tm', 'catalogue'), saved);
    baseline = (await checkModel()).model.sort();
    fs.renameSync(saved, path.join(repository, '.tm', 'catalogue'));
  }
  return baseline;
}

/** A team pack is at most 256 KB, parsed in about 0.3 s on an idle machine: the budget is for a shared, loaded one, and catches anything worse than linear. */
const BUDGET_MS = 5_000;

describe('hostile team packs', { timeout: 60_000 }, () => {
  test('a 10 MB description: the file is not read past the limit; one problem; the model is checked as usual', async () => {
    pack('big.yaml', `entries:\n  - id: acme:big\n    description: ${'x'.repeat(10 * 1024 * 1024)}\n`);
    const result = await checkModel();
    expect(result.pack.map(diagnostic => [diagnostic.line, diagnostic.code])).toEqual([[1, 'invalid-catalogue-pack']]);
    expect(result.pack[0].message).toMatch(/the pack has \d+ bytes, more than the 262144 a team pack may have/);
    expect(result.model.sort()).toEqual(await modelCodesWithoutPacks());
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(BUDGET_MS);
  });

  test('10,000 entries: refused whole, in bounded time', async () => {
    pack('many.yaml', `entries:\n${Array.from({ length: 10_000 }, (_, index) => `- {id: a:e${index}}`).join('\n')}\n`);
    const started = performance.now();
    expect(await problems()).toEqual(['many.yaml:2: the pack has 10000 entries, more than the 1000 a pack may have']);
    expect(performance.now() - started).toBeLessThan(BUDGET_MS);
    expect((await checkModel()).model.sort()).toEqual(await modelCodesWithoutPacks());
  });

  test('a thousand sound entries load and apply in bounded time', async () => {
    pack('many.yaml', `entries:\n${Array.from({ length: 1000 }, (_, index) => `  - { id: "acme:e${index}", title: t, stride: [T], on: flow, when: { all: [ { crossing: false }, { protocol: sql } ] }, because: x }`).join('\n')}\n`);
    const result = await checkModel();
    expect(result.pack).toEqual([]);
    expect(result.ms).toBeLessThan(BUDGET_MS);
  });

  test('a pipe named like a pack is never opened for reading (it would block)', async () => {
    execFileSync('mkfifo', [path.join(repository, '.tm', 'catalogue', 'pipe.yaml')]);
    expect(await problems()).toEqual(['pipe.yaml:1: cannot read the pack: not a regular file (a pipe, socket or device)']);
  });

  test('a pack that links out of the repository is not read', async () => {
    fs.writeFileSync(path.join(outside, 'secret.yaml'), 'entries: []\n');
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(repository, '.tm', 'catalogue', 'link.yaml'));
    expect((await problems())[0]).toMatch(/^link\.yaml:1: cannot read the pack: a symbolic link to .*: tm does not follow links that leave the folder it checks$/);
  });

  test('a .tm/catalogue folder that links out of the repository is not read', async () => {
    fs.rmSync(path.join(repository, '.tm', 'catalogue'), { recursive: true });
    fs.writeFileSync(path.join(outside, 'p.yaml'), 'entries: []\n');
    fs.symlinkSync(outside, path.join(repository, '.tm', 'catalogue'));
    expect((await problems())[0]).toMatch(/is a link to .*, outside .*: tm does not read packs outside the repository$/);
  });

  test(`more than ${MAX_TEAM_PACK_FILES} pack files: the first ${MAX_TEAM_PACK_FILES} by name are read`, async () => {
    for (let index = 0; index < MAX_TEAM_PACK_FILES + 20; index++) pack(`p${String(index).padStart(3, '0')}.yaml`, 'entries: []\n');
    const found = await problems();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/the folder has 120 pack files, more than the 100 tm reads/);
  });

  test('an alias bomb, a deep condition and a syntax error: one problem each, the model unaffected', async () => {
    pack('a-bomb.yaml', ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`), 'entries: []'].join('\n'));
    pack('b-deep.yaml', `entries:\n  - id: acme:deep\n    title: t\n    stride: [T]\n    on: flow\n    when: ${'{ not: '.repeat(5000)}{ crossing: true }${' }'.repeat(5000)}\n    because: x\n`);
    pack('c-syntax.yaml', 'entries:\n  - id: [unclosed\n');
    const found = await problems();
    expect(found.map(problem => problem.split(':')[0])).toEqual(['a-bomb.yaml', 'b-deep.yaml', 'c-syntax.yaml']);
    expect((await checkModel()).model.sort()).toEqual(await modelCodesWithoutPacks());
  });

  test('nothing in a pack runs: YAML tags and text that looks like code stay data', async () => {
    pack('tags.yaml', 'entries:\n  - id: acme:t\n    title: !!js/function "function () { process.exit(3) }"\n    stride: [T]\n    on: flow\n    when: { crossing: true }\n    because: "${process.exit(4)} {name}"\n');
    expect(await problems()).toEqual(['tags.yaml:7: unknown placeholder `{process.exit(4)}`: use {name}, {source}, {target} or a fact']);
    const result = await checkModel();
    expect([result.code, result.pack.length]).toEqual([1, 1]);
  });
});
