// `tm diff`: the semantic diff per kind of change, each --fail-on condition, and the CLI on
// two files and on a git ref.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { FailCondition } from '../../server/report/diff.js';
import { diffModels, gateFailures } from '../../server/report/diff.js';
import { renderDiffMarkdown, renderDiffText } from '../../server/report/diff-format.js';
import { runTm, scratchDir } from '../cli/run.js';
import { analyze, REPORT_OPTIONS } from './models.js';

const BASE = `
external User { kind user }
boundary App {
  process Api
  store Db { kind database }
}
flow Call: User -> Api { protocol HTTPS  authn "token"  authz none  validation "schema" }
flow Save: Api -> Db { protocol SQL }
threat A "Token theft" { on User  stride S  likelihood 2  impact 2  mitigation "short-lived tokens" done }
threat B "Injection" { on Api  stride T  likelihood 2  impact 3  mitigation "parameterised queries" planned }
`;

/** Adds a process in the same zone as Api, with a flow to it that crosses no boundary. */
function withWorker(model: string): string {
  return model.replace('  process Api\n', '  process Api\n  process Worker\n') + 'flow Job: Api -> Worker\n';
}

async function diffOf(before: string, after: string) {
  return diffModels(await analyze(before, 'before.tm'), await analyze(after, 'after.tm'), REPORT_OPTIONS);
}

describe('diffModels', () => {
  test('no semantic change for a reformatted model', async () => {
    const diff = await diffOf(BASE, BASE.replace(/\n/g, '\n\n  '));
    expect(diff).toEqual({ added: [], removed: [], changed: [], newlyUncovered: [], newlyCovered: [], newCrossings: [], controlChanges: [] });
  });

  test('threats added and removed', async () => {
    const diff = await diffOf(BASE, BASE.replace(/threat A .*\n/, '') + 'threat C "Flood" { on Api  stride D  likelihood 1  impact 1 }\n');
    expect(diff.added.map(threat => threat.name)).toEqual(['C']);
    expect(diff.removed.map(threat => threat.name)).toEqual(['A']);
  });

  test('a rename is matched by the same targets and letters, else by the same title', async () => {
    const byTargets = await diffOf(BASE, BASE.replace('threat B "Injection"', 'threat B2 "SQL injection"'));
    expect(byTargets.changed).toMatchObject([{ match: 'targets-and-letters', renamed: true, retitled: true, before: { name: 'B' }, after: { name: 'B2' } }]);
    expect(byTargets.added).toEqual([]);
    const byTitle = await diffOf(BASE, BASE.replace('threat B "Injection" { on Api  stride T', 'threat B2 "  injection " { on Api  stride T, E'));
    expect(byTitle.changed).toMatchObject([{ match: 'title', renamed: true, retitled: true, lettersChanged: true }]);
    const unrelated = await diffOf(BASE, BASE.replace('threat B "Injection" { on Api  stride T', 'threat B2 "Other" { on Api  stride E'));
    expect(unrelated.added.map(threat => threat.name)).toEqual(['B2']);
    expect(unrelated.removed.map(threat => threat.name)).toEqual(['B']);
  });

  test('score and status changes', async () => {
    const diff = await diffOf(BASE, BASE.replace('likelihood 2  impact 3  mitigation "parameterised queries" planned', 'likelihood 3  impact 3  mitigation "parameterised queries" done'));
    expect(diff.changed).toMatchObject([{ after: { name: 'B' }, score: { from: 6, to: 9 }, status: { from: 'planned', to: 'mitigated' }, renamed: false }]);
  });

  test('letters newly uncovered and newly covered', async () => {
    const after = BASE.replace('threat A "Token theft" { on User  stride S', 'threat A "Token theft" { on User  stride R');
    const diff = await diffOf(BASE, withWorker(after));
    expect(diff.newlyUncovered).toEqual([
      { name: 'User', label: 'User', kind: 'external', letters: ['S'] },
      { name: 'Worker', label: 'Worker', kind: 'process', letters: ['S', 'T', 'R', 'I', 'D', 'E'] },
    ]);
    expect(diff.newlyCovered).toEqual([{ name: 'User', label: 'User', kind: 'external', letters: ['R'] }]);
  });

  test('new boundary crossings and changed controls', async () => {
    const after = BASE
      .replace('authz none', 'authz "owner check"')
      .replace('  store Db { kind database }\n}', '}\nstore Db { kind database }');
    const diff = await diffOf(BASE, after);
    expect(diff.newCrossings.map(flow => `${flow.name}: ${flow.crossing!.from} → ${flow.crossing!.to}`)).toEqual(['Save: App → outside']);
    expect(diff.controlChanges).toEqual([
      { name: 'Call', label: 'Call', control: 'authz', from: { state: 'none' }, to: { state: 'declared', text: 'owner check' } },
    ]);
  });
});

describe('--fail-on', () => {
  const ALL: FailCondition[] = ['new-open-fix-now', 'new-uncovered', 'risk-up'];

  test('new-open-fix-now: an added fix-now threat, or one whose status falls back to open', async () => {
    const added = await diffOf(BASE, BASE + 'threat C "RCE" { on Api  stride E  likelihood 3  impact 3 }\n');
    expect(gateFailures(added, ['new-open-fix-now'])).toEqual(['new-open-fix-now: C is new, scores 9 and is open']);
    const reopened = await diffOf(BASE.replace('planned', 'done'), BASE);
    expect(gateFailures(reopened, ['new-open-fix-now'])).toEqual(['new-open-fix-now: B now scores 6 and is planned']);
    // Already open-fix-now before: not new.
    const unchanged = await diffOf(BASE, BASE.replace('"Injection"', '"Injection attacks"'));
    expect(gateFailures(unchanged, ALL)).toEqual([]);
    // An added threat that is decided does not fail the gate.
    const decided = await diffOf(BASE, BASE + 'threat C "RCE" { on Api  stride E  likelihood 3  impact 3  eliminated "endpoint removed" }\n');
    expect(gateFailures(decided, ['new-open-fix-now'])).toEqual([]);
  });

  test('new-uncovered: only letters the checks require', async () => {
    const diff = await diffOf(BASE, withWorker(BASE));
    expect(gateFailures(diff, ['new-uncovered'])).toEqual(['new-uncovered: Worker leaves S, T, R, I, D, E uncovered']);
    // The flow Job does not cross a boundary: with the default setting its letters are not required.
    expect(gateFailures(diff, ['new-open-fix-now', 'risk-up'])).toEqual([]);
  });

  test('risk-up: a threat in both versions scores higher', async () => {
    const up = await diffOf(BASE, BASE.replace('threat A "Token theft" { on User  stride S  likelihood 2', 'threat A "Token theft" { on User  stride S  likelihood 3'));
    expect(gateFailures(up, ['risk-up'])).toEqual(['risk-up: A went from 4 to 6']);
    const down = await diffOf(BASE, BASE.replace('likelihood 2  impact 3', 'likelihood 1  impact 3'));
    expect(gateFailures(down, ALL)).toEqual([]);
  });
});

describe('formats', () => {
  test('text and Markdown list the same changes; Markdown escapes model strings', async () => {
    const diff = await diffOf(BASE, BASE + 'threat C "Pipe | `tick` <b>" { on Api  stride E  likelihood 3  impact 3 }\n');
    const files = [{ path: 'model.tm', diff, failures: gateFailures(diff, ['new-open-fix-now']) }];
    const text = renderDiffText(files);
    expect(text).toBe([
      'model.tm:',
      '  Threats added:',
      '    - C "Pipe | `tick` <b>" [E] on Api: score 9 (fix now), open',
      '  Newly covered STRIDE letters:',
      '    - process Api: E',
      '  FAIL new-open-fix-now: C is new, scores 9 and is open',
      '',
    ].join('\n'));
    const markdown = renderDiffMarkdown(files);
    expect(markdown).toContain('- C "Pipe \\| \\`tick\\` \\<b\\>" \\[E\\] on Api: score 9 (fix now), open');
    expect(markdown).toContain('**The threat-model gate fails: 1 finding.**');
  });
});

describe('tm diff (CLI)', () => {
  test('two files: exit 1 when a --fail-on condition holds, 0 otherwise', async () => {
    const { dir, cleanup } = await scratchDir({ 'old.tm': BASE, 'new.tm': BASE + 'threat C "RCE" { on Api  stride E  likelihood 3  impact 3 }\n' });
    try {
      const gated = await runTm(['diff', 'old.tm', 'new.tm', '--fail-on', 'new-open-fix-now,risk-up'], dir);
      expect(gated.code).toBe(1);
      expect(gated.stdout).toContain('FAIL new-open-fix-now: C is new');
      const plain = await runTm(['diff', 'old.tm', 'new.tm', '--format', 'md'], dir);
      expect(plain.code).toBe(0);
      expect(plain.stdout).toMatch(/^## Threat model changes/);
      expect((await runTm(['diff', 'old.tm', 'new.tm', '--fail-on', 'risk-down'], dir)).code).toBe(2);
    } finally {
      await cleanup();
    }
  });

  test('--git <ref>: compares the working tree with the ref, new and deleted files included', async () => {
    const { dir, cleanup } = await scratchDir({ 'models/app.tm': BASE, 'models/gone.tm': 'process Old\n' });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'pipe' });
    try {
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'base');
      fs.writeFileSync(path.join(dir, 'models/app.tm'), BASE.replace('likelihood 2  impact 2', 'likelihood 3  impact 2'));
      fs.rmSync(path.join(dir, 'models/gone.tm'));
      fs.writeFileSync(path.join(dir, 'models/new.tm'), 'process Fresh\nthreat N "New" { on Fresh  stride S  likelihood 3  impact 3 }\n');
      const run = await runTm(['diff', '--git', 'HEAD', 'models', '--fail-on', 'risk-up,new-open-fix-now'], dir);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('models/app.tm:\n');
      expect(run.stdout).toContain('FAIL risk-up: A went from 4 to 6');
      expect(run.stdout).toContain('models/gone.tm:\n  no semantic change');
      expect(run.stdout).toContain('FAIL new-open-fix-now: N is new, scores 9 and is open');
      expect((await runTm(['diff', '--git', '--output=x'], dir)).code).toBe(2);
      const badRef = await runTm(['diff', '--git', 'no-such-branch'], dir);
      expect(badRef).toMatchObject({ code: 2 });
      expect(badRef.stderr).toContain('not a commit');
    } finally {
      await cleanup();
    }
  });

  test('--git <ref>: the old version is checked with its imports as they were at the ref', async () => {
    const { dir, cleanup } = await scratchDir({
      'models/lib.tm': 'boundary Platform {\n  process Login\n}\n',
      'models/app.tm': 'import "lib.tm" as L\nexternal U\nflow F: U -> L.Login { authn "x" authz "y" validation "z" }\nthreat T { on F stride T  likelihood 1  impact 1  mitigation "m" done }\n',
    });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'pipe' });
    // Temporary folders go to one of the test's own (os.tmpdir() reads TMPDIR), to see that the copy is removed.
    const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-test-'));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    try {
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'base');
      // The library renames its process and the service follows: the flow and its crossing are the same.
      for (const name of ['models/lib.tm', 'models/app.tm']) fs.writeFileSync(path.join(dir, name), fs.readFileSync(path.join(dir, name), 'utf8').replace('Login', 'SignIn'));
      for (const cwd of [dir, path.join(dir, 'models')]) {
        const run = await runTm(['diff', '--git', 'HEAD', '--fail-on', 'new-uncovered'], cwd);
        const app = run.stdout.slice(run.stdout.indexOf('app.tm:'), run.stdout.indexOf('lib.tm:'));
        expect(app).toContain('process L.SignIn');
        expect(app).not.toContain('New boundary crossings');
        expect(app).not.toContain('flow F');
      }
      // The copy of the models at the ref is made in the temporary folder and removed afterwards.
      expect(fs.readdirSync(temporary)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      fs.rmSync(temporary, { recursive: true, force: true });
      await cleanup();
    }
  });
});
