// Team packs from the command line: `tm check` checks models against their repository's
// catalogue and fails on a broken pack without hiding the model's findings; `tm catalogue
// list|show|test` for people and scripts, with `tm check`'s exit codes.
import { afterEach, describe, expect, test } from 'vitest';
import type { FlatDiagnostic } from '../../server/cli/format.js';
import { defaultPackVersion } from '../../server/catalogue/default-pack.js';
import { runTm, scratchDir } from './run.js';

const TODAY = ['--today', '2026-11-23'];
const MODEL = 'model "M" { reviewed "2026-11-01" }\nprocess A\nprocess B\nflow F: A -> B { protocol gRPC }\n';
const OWN_ENTRY = `  - id: acme:grpc-reflection
    title: gRPC reflection left on
    stride: [I]
    on: flow
    when: { protocol: grpc }
    because: "{target} answers reflection requests from {source}"
    examples:
      - model: |
          process A
          process B
          flow F: A -> B { protocol gRPC }
        suggests: [F]
`;
const PACK = `entries:\n${OWN_ENTRY}`;

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.map(cleanup => cleanup()));
  cleanups = [];
});

/** A repository (it has `.git`) with these files. */
async function repository(files: Record<string, string>): Promise<string> {
  const { dir, cleanup } = await scratchDir({ '.git/HEAD': 'ref: refs/heads/main\n', ...files });
  cleanups.push(cleanup);
  return dir;
}

async function checkJson(dir: string, ...args: string[]): Promise<{ code: number; diagnostics: FlatDiagnostic[] }> {
  const run = await runTm(['check', ...TODAY, '--format', 'json', ...args], dir);
  return { code: run.code, diagnostics: JSON.parse(run.stdout) as FlatDiagnostic[] };
}

describe('tm check with team packs', () => {
  test('suggests the team\'s entries, in models anywhere below the pack folder', async () => {
    const dir = await repository({ '.tm/catalogue/web.yaml': PACK, 'services/api/m.tm': MODEL });
    const { code, diagnostics } = await checkJson(dir, 'services');
    expect(code).toBe(0);
    const suggested = diagnostics.find(diagnostic => diagnostic.code === 'suggested-threat');
    expect(suggested?.message).toContain('B answers reflection requests from A → gRPC reflection left on (acme:grpc-reflection)');
  });

  test('a pack problem is an error at the pack\'s line (exit 1); the model\'s own findings stay', async () => {
    const broken = `${PACK}  - override: tm:sql-injektion\n    title: x\n`;
    const dir = await repository({ '.tm/catalogue/web.yaml': broken, 'm.tm': MODEL });
    const { code, diagnostics } = await checkJson(dir, 'm.tm');
    expect(code).toBe(1);
    expect(diagnostics.filter(diagnostic => diagnostic.file === '.tm/catalogue/web.yaml').map(diagnostic => [diagnostic.line, diagnostic.severity, diagnostic.code])).toEqual([[14, 'error', 'invalid-catalogue-pack']]);
    expect(diagnostics.some(diagnostic => diagnostic.file === 'm.tm' && diagnostic.code === 'uncovered-stride')).toBe(true);
    expect(diagnostics.some(diagnostic => diagnostic.code === 'suggested-threat' && diagnostic.message.includes('acme:grpc-reflection'))).toBe(true);
  });

  test('SARIF has the pack\'s problem at the pack file, under its rule', async () => {
    const dir = await repository({ '.tm/catalogue/web.yaml': `${PACK}  - override: tm:sql-injektion\n    title: x\n`, 'm.tm': MODEL });
    const run = await runTm(['check', ...TODAY, '--format', 'sarif', 'm.tm'], dir);
    const sarif = JSON.parse(run.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
    const result = sarif.runs[0].results.find(each => each.ruleId === 'invalid-catalogue-pack');
    expect(result?.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: '.tm/catalogue/web.yaml' }, region: { startLine: 14 } });
  });

  test('a pack with a syntax error: the error at its line, the default pack and the model\'s findings as without it', async () => {
    const dir = await repository({ '.tm/catalogue/web.yaml': 'entries:\n  - id: [unclosed\n', 'm.tm': 'process Api\nstore Db { kind database }\nflow Q: Api -> Db { protocol SQL }\n' });
    const without = await repository({ 'm.tm': 'process Api\nstore Db { kind database }\nflow Q: Api -> Db { protocol SQL }\n' });
    const broken = await checkJson(dir, 'm.tm');
    const clean = await checkJson(without, 'm.tm');
    expect(broken.code).toBe(1);
    expect(broken.diagnostics.filter(diagnostic => diagnostic.file === 'm.tm')).toEqual(clean.diagnostics);
    expect(broken.diagnostics.filter(diagnostic => diagnostic.file !== 'm.tm').map(diagnostic => diagnostic.code)).toEqual(['invalid-catalogue-pack']);
  });

  test('`catalogue` and `dismiss` may name the team\'s entries; a turned-off entry is still known', async () => {
    const model = `${MODEL}threat T { on F stride I catalogue "acme:grpc-reflection" }\nstore Db { kind database }\nflow Q: A -> Db { dismiss "tm:sql-injection" "no SQL" }\n`;
    const dir = await repository({ '.tm/catalogue/web.yaml': `${PACK}  - override: tm:sql-injection\n    disabled: true\n`, 'm.tm': model });
    const { diagnostics } = await checkJson(dir, 'm.tm');
    expect(diagnostics.filter(diagnostic => diagnostic.code === 'unknown-catalogue-entry')).toEqual([]);
  });

  test('a pinned version newer than this tm fails the check rather than silently using another', async () => {
    const dir = await repository({ '.tm/catalogue/pin.yaml': 'default-pack: 2999.1.0\nentries: []\n', 'm.tm': MODEL });
    const { code, diagnostics } = await checkJson(dir, 'm.tm');
    expect(code).toBe(1);
    expect(diagnostics.find(diagnostic => diagnostic.code === 'invalid-catalogue-pack')?.message).toMatch(/this tm has the default pack up to version .*: install a newer tm/);
  });

  test('the search for .tm/catalogue stops at the repository root (.git)', async () => {
    const outer = await repository({ '.tm/catalogue/web.yaml': PACK, 'inner/.git/HEAD': 'x', 'inner/m.tm': MODEL });
    const { diagnostics } = await checkJson(outer, 'inner/m.tm');
    expect(diagnostics.some(diagnostic => diagnostic.message.includes('acme:'))).toBe(false);
  });
});

describe('tm catalogue', () => {
  test('list: every entry, the team\'s after the default pack\'s, and where they come from', async () => {
    const dir = await repository({ '.tm/catalogue/web.yaml': PACK });
    const run = await runTm(['catalogue', 'list'], dir);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-2)).toMatch(/^acme:grpc-reflection +flow +I +gRPC reflection left on$/);
    expect(lines.at(-1)).toMatch(new RegExp(`^\\d+ entries: the default pack ${defaultPackVersion().replace(/\./g, '\\.')} with the team packs in \\.tm/catalogue\\.$`));
  });

  test('list --json: for scripts', async () => {
    const dir = await repository({ '.tm/catalogue/web.yaml': PACK });
    const run = await runTm(['catalogue', 'list', '--json'], dir);
    const listed = JSON.parse(run.stdout) as { defaultPack: string; entries: Array<{ id: string; source: string; line: number }>; problems: unknown[] };
    expect(listed.defaultPack).toBe(defaultPackVersion());
    expect(listed.entries.find(entry => entry.id === 'acme:grpc-reflection')).toMatchObject({ source: '.tm/catalogue/web.yaml', line: 2 });
    expect(listed.entries.some(entry => entry.id === 'tm:sql-injection')).toBe(true);
    expect(listed.problems).toEqual([]);
  });

  test('list without team packs: the default pack', async () => {
    const dir = await repository({});
    const run = await runTm(['catalogue', 'list'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/entries: the default pack [\d.]+\.\n$/);
  });

  test('show: one entry in full; --json has its condition', async () => {
    const dir = await repository({ '.tm/catalogue/web.yaml': `${PACK}  - override: tm:sql-injection\n    title: SQL injection (use the query builder)\n` });
    const run = await runTm(['catalogue', 'show', 'tm:sql-injection'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^tm:sql-injection: SQL injection \(use the query builder\)\nfrom \.tm\/catalogue\/web\.yaml:14 \(overrides tm:sql-injection\)\non flow, STRIDE T, I\n/);
    expect(run.stdout).toContain('when:\n  all:\n');
    const json = JSON.parse((await runTm(['catalogue', 'show', 'acme:grpc-reflection', '--json'], dir)).stdout) as { when: unknown; examples: unknown[] };
    expect(json.when).toEqual({ protocol: 'grpc' });
    expect(json.examples).toHaveLength(1);
  });

  test('test: every example holds → exit 0', async () => {
    const dir = await repository({ '.tm/catalogue/web.yaml': PACK });
    const run = await runTm(['catalogue', 'test'], dir);
    expect(run.stdout).toMatch(/entries, \d+ examples: 0 failed, 0 pack problems/);
    expect(run.code).toBe(0);
  });

  test('test: a failing example and a pack problem → exit 1, each at its line', async () => {
    const failing = PACK.replace('suggests: [F]', 'suggests: []') + '  - id: acme:bad\n    title: x\n    stride: [I]\n    on: flow\n    when: { protocl: grpc }\n    because: x\n';
    const dir = await repository({ '.tm/catalogue/web.yaml': failing });
    const run = await runTm(['catalogue', 'test'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('.tm/catalogue/web.yaml:2:1: error failed-example: acme:grpc-reflection example 1: suggested on F, which the example does not list\n');
    expect(run.stdout).toContain('.tm/catalogue/web.yaml:18:1: error invalid-catalogue-pack: unknown fact `protocl`');
    const json = JSON.parse((await runTm(['catalogue', 'test', '--json'], dir)).stdout) as { failures: unknown[]; problems: unknown[] };
    expect([json.failures.length, json.problems.length]).toEqual([1, 1]);
  });

  test('test: an example whose model does not parse fails', async () => {
    const dir = await repository({ '.tm/catalogue/web.yaml': PACK.replace('flow F: A -> B { protocol gRPC }', 'flow F: A -> {') });
    const run = await runTm(['catalogue', 'test'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/acme:grpc-reflection example 1: its model does not parse/);
  });

  test('a path names the repository: a model file or a folder in it', async () => {
    const dir = await repository({ '.tm/catalogue/web.yaml': PACK, 'models/m.tm': MODEL });
    const other = await repository({});
    for (const given of [`${dir}/models/m.tm`, `${dir}/models`]) {
      expect((await runTm(['catalogue', 'list', given], other)).stdout).toContain('acme:grpc-reflection');
    }
  });

  test.each([
    [['catalogue'], /no action given/],
    [['catalogue', 'lsit'], /unknown action 'lsit' \(expected list, show or test\)/],
    [['catalogue', 'show'], /show needs the id of an entry/],
    [['catalogue', 'show', 'tm:nothing'], /no entry 'tm:nothing' in the default pack/],
    [['catalogue', 'list', 'no/such/dir'], /cannot read no\/such\/dir: no such file or directory/],
    [['catalogue', 'list', '--jsn'], /Unknown option '--jsn'/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const run = await runTm(args, await repository({}));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  test('--help', async () => {
    const run = await runTm(['catalogue', '--help'], await repository({}));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: tm catalogue list [path] [--json]');
  });

  test('a pack\'s text is escaped in the terminal: no escape sequence or forged line gets through', async () => {
    const dir = await repository({ '.tm/catalogue/web.yaml': PACK.replace('title: gRPC reflection left on', 'title: "x\\e[2J\\nforged:1:1: error fake"') });
    const run = await runTm(['catalogue', 'list'], dir);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).not.toMatch(/^forged/m);
  });
});
