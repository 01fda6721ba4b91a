// Every diagnostic code of docs/language.md §6: a model that triggers it (code, severity, the narrowest
// token per §10, message) and a near miss that does not.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { checkText } from '../../server/cli/load.js';
import { servicesFor } from '../../server/cli/options.js';
import { SpannedNode } from '../../server/language/parsing/source-ranges.js';
import type { TmOptions } from '../../server/language/tm-settings.js';
import { DEFAULT_OPTIONS } from '../../server/language/tm-settings.js';
import { EXAMPLES } from '../examples.js';
import type { Expected } from './harness.js';
import { check, expectDiagnostic, expectNoCode, messageOf, TODAY, withCode } from './harness.js';
import { IssueCodes } from '../../server/language/issue-codes.js';

interface Case extends Expected {
  /** The model, with the expected range between « and ». */
  trigger: string;
  nearMiss: string;
  options?: Partial<TmOptions>;
}

const INTO_SHOP = 'external C\nboundary Shop { process Api }\n';

const CASES: Case[] = [
  {
    code: 'invalid-date', severity: 'error', message: /^"2026-11-31" is not a YYYY-MM-DD date: write the day of the decision as `date "2026-11-01"`\.$/,
    trigger: 'threat T { accepted "fine" by "cto" ticket "SEC-1" date «"2026-11-31"» }',
    nearMiss: 'threat T { accepted "fine" by "cto" ticket "SEC-1" date "2026-11-30" }',
  },
  {
    code: 'expired-decision', severity: 'warning', message: /^This transfer expired after 2026-05-01 \(today is 2026-05-02\)/,
    trigger: 'threat T { transferred "insured" to "insurer" until «"2026-05-01"» ticket "INS-3" }',
    nearMiss: 'threat T { transferred "insured" to "insurer" until "2026-05-02" ticket "INS-3" }',
    options: { today: '2026-05-02' },
  },
  {
    code: 'invalid-reference', severity: 'warning', message: /^"CWE 89" is not a reference tm knows/,
    trigger: 'threat T { refs «"CWE 89"» }',
    nearMiss: 'threat T { refs "CWE-89" }',
  },
  {
    code: 'uncovered-stride', severity: 'warning', message: /External entity Customer has no threat or exemption for S \(Spoofing\), R \(Repudiation\)/,
    trigger: 'external «Customer» { kind user }',
    nearMiss: 'external Customer { kind user }\nthreat T { on Customer stride S, R }',
  },
  {
    code: 'missing-boundary-control', severity: 'warning', message: /Flow F crosses outside → Shop but declares no `authz` or `validation`/,
    trigger: `${INTO_SHOP}flow «F»: C -> Api { authn "session token" }`,
    nearMiss: `${INTO_SHOP}flow F: C -> Api { authn "session token" authz none validation "JSON schema" }`,
  },
  {
    code: 'open-fix-now', severity: 'warning', message: /Threat T scores 6 \(fix now\) and is open/,
    trigger: 'threat «T» { likelihood 3 impact 2 }',
    nearMiss: 'threat T { likelihood 2 impact 2 }',
  },
  {
    code: 'incomplete-acceptance', severity: 'error', message: /This acceptance names nobody: add `by "who accepts the risk"`/,
    trigger: 'threat T { «accepted» "only three admins" }',
    nearMiss: 'threat T { accepted "only three admins" by "security-lead" }',
  },
  {
    code: 'incomplete-exemption', severity: 'warning', message: /This exemption gives no reason, so it covers nothing: write why S does not apply to P/,
    trigger: 'process P { exempt S «""» }',
    nearMiss: 'process P { exempt S "mutual TLS only" }',
  },
  {
    code: 'unscored-threat', severity: 'info', message: /Threat T has no likelihood, so it is not ranked/,
    trigger: 'threat «T» { impact 2 }',
    nearMiss: 'threat T { likelihood 1 impact 2 }',
  },
  {
    code: 'todo-placeholder', severity: 'info', message: /This mitigation is still a TODO stub/,
    trigger: 'threat T { mitigation «"TODO: rate limit"» }',
    nearMiss: 'threat T { mitigation "Rate limit (a TODO no more)" }',
  },
  {
    code: 'invalid-flow', severity: 'error', message: /Flow F goes from external entity A to external entity B: data must pass through a process/,
    trigger: 'external A\nexternal B\nflow «F»: A -> B',
    nearMiss: 'external A\nprocess B\nflow F: A -> B',
  },
  {
    code: 'plaintext-sensitive', severity: 'warning', message: /^Flow F carries pii across outside → Shop over http, which does not encrypt: use HTTPS instead of http, or write `encrypted`/,
    trigger: `${INTO_SHOP}flow «F»: C -> Api { protocol http carries pii }`,
    nearMiss: `${INTO_SHOP}flow F: C -> Api { protocol https carries pii }`,
  },
  {
    code: 'unverified-encryption', severity: 'info', message: /^Flow F carries pii across outside → Shop over gRPC, which encrypts only when configured to: write `encrypted` if it is \(TLS, a tunnel\), or name an encrypting protocol/,
    trigger: `${INTO_SHOP}flow «F»: C -> Api { protocol gRPC carries pii }`,
    nearMiss: `${INTO_SHOP}flow F: C -> Api { protocol gRPC carries pii encrypted }`,
  },
  {
    code: 'unencrypted-sensitive-store', severity: 'warning', message: /^Data store Vault holds pii and credentials but is not `encrypted`: encrypt it and write `encrypted`/,
    trigger: 'store «Vault» { holds pii, credentials }',
    nearMiss: 'store Vault { holds pii, credentials  encrypted }',
  },
  {
    code: 'unauthenticated-entry', severity: 'warning', message: /^Flow F lets anyone from outside into Shop \(`authn none`\) and carries pii: record the spoofing threat this accepts \(a threat `on F, Api` with `stride S` and its decision\), or authenticate the caller\.$/,
    trigger: `${INTO_SHOP}flow «F»: C -> Api { protocol HTTPS carries pii authn none }`,
    nearMiss: `${INTO_SHOP}flow F: C -> Api { protocol HTTPS carries pii authn none }\nthreat Anyone { on F, Api stride S }`,
  },
  {
    code: 'unexpanded-leaf', severity: 'info', message: /^This step has no cost and no sub-steps, so the cheapest path skips it: add `cost/,
    trigger: 'attack A "goal" { or { «"Bribe an admin"» "Change the id" cost trivial } }',
    nearMiss: 'attack A "goal" { or { "Bribe an admin" cost high "Change the id" cost trivial } }',
  },
  {
    code: 'privileged-consumer', severity: 'warning', message: /Process W runs with privilege root and reads from queue Q/,
    trigger: 'boundary B { store Q { kind queue } process W { privilege root } }\nflow «F»: Q -> W',
    nearMiss: 'boundary B { store Q { kind queue } process W { privilege service } }\nflow F: Q -> W',
  },
  {
    code: 'orphan-element', severity: 'warning', message: /Process P is not touched by any flow/,
    trigger: 'process «P»',
    nearMiss: 'process P\nprocess Q\nflow F: P -> Q',
  },
  {
    code: 'stride-not-applicable', severity: 'warning', message: /T \(Tampering\) applies to none of this threat's targets: E \(external entity: S, R\)/,
    trigger: 'external E\nthreat X { on E stride S, «T» }',
    nearMiss: 'external E\nthreat X { on E stride S, R }',
  },
  {
    code: 'out-of-range', severity: 'error', message: /likelihood must be 1, 2 or 3 \(or low, medium, high\); 4 is out of range/,
    trigger: 'threat T { likelihood «4» impact 2 }',
    nearMiss: 'threat T { likelihood 3 impact 2 }',
  },
  {
    code: 'unresolved-reference', severity: 'error', message: /Nope is not declared in this file/,
    trigger: 'process Api\nflow F: «Nope» -> Api',
    nearMiss: 'process Api\nprocess Nope\nflow F: Nope -> Api',
  },
  {
    code: 'duplicate-name', severity: 'error', message: /The name P is already used by the process on line 1/,
    trigger: 'process P\nstore «P»',
    nearMiss: 'process P\nstore Q',
  },
  {
    code: 'duplicate-field', severity: 'error', message: /`likelihood` is already set on line 1; the first value counts/,
    trigger: 'threat T { likelihood 1 «likelihood 2» impact 1 }',
    nearMiss: 'threat T { likelihood 1 impact 1 }',
  },
  {
    code: 'syntax-error', severity: 'error', message: /^Expected a STRIDE letter \(S, T, R, I, D or E\) after `stride`, found `attack`\.$/,
    trigger: 'threat T { stride «attack» }',
    nearMiss: 'threat T { stride S }',
  },
  {
    code: 'stale-review', severity: 'info', message: /last reviewed 91 days ago \(more than 90\)/,
    trigger: '«model» "M" { reviewed "2026-08-24" }',
    nearMiss: 'model "M" { reviewed "2026-08-25" }',
  },
  {
    code: 'attack-cost', severity: 'info', message: /^Cheapest path costs 1 \(trivial\): "Change the id"\. Cut this first\.$/,
    trigger: 'attack «A» "Read invoices" { or { "Phish" cost medium "Change the id" cost trivial } }',
    nearMiss: 'attack A "Read invoices"',
  },
  {
    code: 'file-too-large', severity: 'error', message: /over the 0\.001 MB limit, so it is not analysed/,
    trigger: `«»process P "${'x'.repeat(1100)}"`,
    nearMiss: `process P "${'x'.repeat(1000)}"`,
    options: { maxFileSizeMB: 0.001 },
  },
  {
    code: 'suggested-threat', severity: 'info',
    message: /^The threat catalogue suggests for Flow Q: Api takes input and sends queries to Db \(database\) → SQL injection \(CWE-89, tm:sql-injection\)\. Add each as a threat/,
    trigger: 'external U\nprocess Api\nstore Db { kind database }\nflow In: U -> Api\nflow «Q»: Api -> Db { protocol SQL }',
    nearMiss: 'external U\nprocess Api\nstore Db { kind database }\nflow In: U -> Api\nflow Q: Api -> Db { protocol SQL }\nthreat T { on Q stride T catalogue "tm:sql-injection" }',
  },
  {
    code: 'incomplete-dismissal', severity: 'warning', message: /This dismissal gives no reason: write why "tm:sql-injection" does not apply to Q/,
    trigger: 'process Api\nstore Db { kind database }\nflow Q: Api -> Db { «dismiss» "tm:sql-injection" }',
    nearMiss: 'process Api\nstore Db { kind database }\nflow Q: Api -> Db { dismiss "tm:sql-injection" "every query is bound by the ORM" }',
  },
  {
    code: 'unknown-catalogue-entry', severity: 'warning', message: /No catalogue entry has the id "tm:sql-injections"/,
    trigger: 'process P\nthreat T { on P stride T catalogue «"tm:sql-injections"» }',
    nearMiss: 'process P\nthreat T { on P stride T catalogue "tm:sql-injection" }',
  },
  {
    code: 'target-not-on-threat', severity: 'error', message: /^Threat T is not on Q \(its `on` names P\), so this decision decides nothing there/,
    trigger: 'process P\nprocess Q\nthreat T { on P stride T mitigation "m" done for «Q» }',
    nearMiss: 'process P\nprocess Q\nthreat T { on P, Q stride T mitigation "m" done for Q }',
  },
];

describe.each(CASES)('$code', ({ trigger, nearMiss, options, ...expected }) => {
  it('is reported where the spec puts it, with its severity and message', async () => {
    expectDiagnostic(await check(trigger, options), expected);
  });

  it('is not reported for the near miss', async () => {
    expectNoCode(await check(nearMiss, options), expected.code);
  });
});

// `tm check` reads a file without its CST (server/language/parsing/source-ranges.ts): every finding must
// sit where the editor puts it, and none may need the CST to be placed.
describe('tm check, reading files without their CST', () => {
  const cli = servicesFor({});
  const models = [
    ...CASES.flatMap(({ code, trigger, nearMiss, options }) => [
      { name: `${code}, trigger`, text: trigger.replace(/[«»]/g, ''), options },
      { name: `${code}, near miss`, text: nearMiss, options },
    ]),
    ...EXAMPLES.map(({ name, text }) => ({ name, text, options: undefined })),
  ];

  it.each(models)('reports $name as the editor does', async ({ text, options }) => {
    cli.Tm.settings.update({ ...DEFAULT_OPTIONS, today: TODAY, ...options });
    const checked = await checkText(cli, { displayPath: 'm.tm', absolutePath: '/m.tm' }, text);
    const inEditor = await check(text, options);
    expect(sorted(checked.diagnostics)).toEqual(sorted(inEditor.diagnostics));
    // What the fast path reads (a text without errors, within the size limit) has no CST, and the check builds none.
    const { parserErrors, lexerErrors } = inEditor.document.parseResult;
    if (parserErrors.length + lexerErrors.length === 0 && options?.maxFileSizeMB === undefined) {
      expect(checked.model).toBeInstanceOf(SpannedNode);
      expect(Object.hasOwn(checked.model!, '$cstNode'), 'the CST was built').toBe(false);
    }
  });
});

const IMPORT_CODES = ['missing-import', 'invalid-import', 'import-cycle', 'import-too-deep', 'duplicate-import', 'duplicate-import-alias', 'ambiguous-reference', 'unused-import'];

function sorted(diagnostics: Diagnostic[]): Diagnostic[] {
  const key = (diagnostic: Diagnostic) => JSON.stringify([diagnostic.range, diagnostic.code, diagnostic.message]);
  return [...diagnostics].sort((a, b) => key(a).localeCompare(key(b)));
}

it('every code of docs/language.md §6 has a case above or below', () => {
  // The last four are about files, not text: test/hostile/padded-model.test.ts, workspace-files.test.ts,
  // test/cli/catalogue.test.ts and test/lsp/team-pack-server.test.ts (invalid-catalogue-pack, on a team pack);
  // the imports' codes are about several files: test/language/imports.test.ts.
  const covered = new Set([...CASES.map(c => c.code), 'too-deep', 'too-large', 'validation-failed', 'too-many-diagnostics', 'unreadable-file',
    'invalid-catalogue-pack', ...IMPORT_CODES]);
  expect(Object.values(IssueCodes).filter(code => !covered.has(code))).toEqual([]);
});

describe('file-too-large', () => {
  it('is the only diagnostic of a file over the limit: the file is not parsed', async () => {
    const result = await check(`threat T { likelihood 9 }\nprocess P "${'x'.repeat(1100)}"`, { maxFileSizeMB: 0.001 });
    expect(result.diagnostics.map(d => d.code)).toEqual(['file-too-large']);
  });
});

/** `depth` boundaries nested in one another around a process; the deepest is named B<depth>. */
function nestedBoundaries(depth: number): string {
  const names = Array.from({ length: depth }, (_, i) => `B${i + 1}`);
  const opening = names.map((name, i) => `boundary ${i === 64 ? `«${name}»` : name} {`).join('\n');
  return `${opening}\nprocess P\n${'}'.repeat(depth)}`;
}

/** An attack tree whose nodes are nested `depth` deep; node n has the text "n<n>". */
function nestedAttack(depth: number): string {
  const nodes = Array.from({ length: depth }, (_, i) => (i === 64 ? `«"n${i + 1}"»` : `"n${i + 1}"`));
  return `attack A "goal" { or {\n${nodes.slice(0, -1).map(node => `${node} or {`).join('\n')}\n${nodes[depth - 1]} cost low\n${'}'.repeat(depth - 1)} } }`;
}

describe.each([
  { what: 'boundaries', model: nestedBoundaries, message: /^Boundaries nested deeper than 64 levels are not analysed/ },
  { what: 'attack-tree nodes', model: nestedAttack, message: /^Attack-tree nodes nested deeper than 64 levels are not analysed/ },
])('too-deep: $what', ({ model, message }) => {
  it('is an error on the 65th level', async () => {
    const result = await check(model(65));
    expectDiagnostic(result, { code: 'too-deep', severity: 'error', message });
    expect(withCode(result, 'too-deep')).toHaveLength(1);
  });

  it('is not reported at 64 levels', async () => {
    expectNoCode(await check(model(64)), 'too-deep');
  });

  it('reports one diagnostic for a hostile depth, without overflowing the stack', async () => {
    const result = await check(model(5000).replace(/[«»]/g, ''));
    expect(withCode(result, 'too-deep')).toHaveLength(1);
  });
});

it('a leaf past the nesting limit is not analysed: no attack cost through it', async () => {
  const result = await check(nestedAttack(65));
  expectNoCode(result, 'attack-cost');
  expectDiagnostic(await check(nestedAttack(64).replace('attack A', 'attack «A»')), { code: 'attack-cost', severity: 'info', message: /costs 2 \(low\)/ });
});

it('levels past the nesting limit are not analysed: no findings below the 64th boundary', async () => {
  const result = await check(nestedBoundaries(65));
  expect(result.diagnostics.filter(d => d.range.start.line >= 64).map(d => d.code)).toEqual(['too-deep']);
});

describe('too-large', () => {
  const header = '«model» "M" { reviewed "2026-11-23" }\n';
  const processes = (count: number) => Array.from({ length: count }, (_, i) => `process P${i}`).join('\n');
  const threats = (count: number) => Array.from({ length: count }, (_, i) => `threat T${i}`).join('\n');

  it.each([
    { what: '51 elements', model: header + processes(51), message: /The model has 51 elements \(more than 50\): it is drawn at the wrong altitude/ },
    { what: '81 threats', model: header + threats(81), message: /The model has 81 threats \(more than 80\): cap it/ },
  ])('is an info on the `model` keyword for $what', async ({ model, message }) => {
    expectDiagnostic(await check(model), { code: 'too-large', severity: 'info', message });
  });

  it.each([
    { what: '50 elements, with flows and boundaries not counted', model: `${header}boundary Z {\n${processes(50)}\n}\nflow F: P0 -> P1` },
    { what: '80 threats', model: header + threats(80) },
  ])('is not reported for $what', async ({ model }) => {
    expectNoCode(await check(model), 'too-large');
  });

  it('reports the two limits separately', async () => {
    const result = await check(header + processes(51) + '\n' + threats(81));
    expect(withCode(result, 'too-large').map(d => messageOf(d).slice(0, 27))).toEqual(['The model has 51 elements (', 'The model has 81 threats (m']);
  });

  it('sits at line 1, column 1 when the file has no header', async () => {
    expectDiagnostic(await check(`«»${processes(51)}`), { code: 'too-large', severity: 'info', message: /51 elements/ });
  });
});

describe('stale-review', () => {
  it.each([
    { what: 'missing (no header)', model: '«»process P', message: /The model has no review date/ },
    { what: 'missing (header without reviewed)', model: '«model» "M" { owner "team" }', message: /The model has no review date/ },
    { what: 'malformed', model: '«model» "M" { reviewed "2026-02-30" }', message: /The review date "2026-02-30" is not a YYYY-MM-DD date/ },
    { what: 'not a date at all', model: '«model» "M" { reviewed "last spring" }', message: /is not a YYYY-MM-DD date/ },
    { what: 'in the future', model: '«model» "M" { reviewed "2026-11-24" }', message: /The review date "2026-11-24" is in the future/ },
    { what: 'older than the maximum age', model: '«model» "M" { reviewed "2025-11-23" }', message: /last reviewed 365 days ago \(more than 90\)/ },
  ])('is an info when the review date is $what', async ({ model, message }) => {
    expectDiagnostic(await check(model), { code: 'stale-review', severity: 'info', message });
  });

  it.each([
    { what: 'reviewed today', reviewed: '2026-11-23', maxAge: 90 },
    { what: 'exactly the maximum age', reviewed: '2026-10-24', maxAge: 30 },
  ])('is not reported when $what', async ({ reviewed, maxAge }) => {
    expectNoCode(await check(`model "M" { reviewed "${reviewed}" }`, { reviewMaxAgeDays: maxAge }), 'stale-review');
  });

  it('follows the configured maximum age', async () => {
    expectDiagnostic(await check('«model» "M" { reviewed "2026-10-23" }', { reviewMaxAgeDays: 30 }), {
      code: 'stale-review', severity: 'info', message: /31 days ago \(more than 30\)/,
    });
  });
});
