// The precise rules of docs/language.md §10, each pinned on a small in-memory model.
import { describe, expect, it } from 'vitest';
import type { FlowCoverageMode } from '../../server/domain/analysis.js';
import type { Checked } from './harness.js';
import { check, expectDiagnostic, expectNoCode, findings, messageOf, parseModel, withCode } from './harness.js';

/** The names of the elements and flows with an `uncovered-stride`. */
function uncoveredNames(result: Checked): string[] {
  return withCode(result, 'uncovered-stride').map(diagnostic => result.document.textDocument.getText(diagnostic.range));
}

describe('files and names', () => {
  it('names resolve within their file only', async () => {
    await parseModel('process Api');
    expectDiagnostic(await check('process Web\nflow F: Web -> «Api»'), {
      code: 'unresolved-reference', severity: 'error', message: /^Api is not declared in this file \(names are file-local\)/,
    });
  });

  it('the letters S T R I D E are ordinary names outside `stride` and `exempt`', async () => {
    const result = await check('process S\nprocess T { exempt T "sandboxed" }\nflow E: S -> T\nthreat R { on S, E stride S, T }');
    expectNoCode(result, 'syntax-error');
    expectNoCode(result, 'unresolved-reference');
    expect(result.document.parseResult.value.declarations.map(d => d.name)).toEqual(['S', 'T', 'E', 'R']);
  });

  it('any other word after `exempt` is a syntax error', async () => {
    expectDiagnostic(await check('process P { exempt «X» "why" }'), {
      code: 'syntax-error', severity: 'error', message: /^Expected a STRIDE letter \(S, T, R, I, D or E\) after `exempt`, found `X`\.$/,
    });
  });

  it('a boundary as a flow end is an unresolved reference that says why', async () => {
    expectDiagnostic(await check('boundary Shop { process Api }\nprocess Web\nflow F: Web -> «Shop»'), {
      code: 'unresolved-reference', severity: 'error', message: /^Shop is a boundary; a flow connects elements\. Name an element inside it\.$/,
    });
  });

  it('a threat may target a boundary: no STRIDE letter is judged against it, and it counts toward no coverage', async () => {
    const result = await check('boundary Vpc { process Api }\nthreat T "missing cloud hardening" { on Vpc, Api  stride S, I  likelihood 1 impact 1 }');
    expectNoCode(result, 'unresolved-reference');
    expectNoCode(result, 'stride-not-applicable');
    const onlyBoundary = await check('boundary Vpc { process Api }\nthreat T { on Vpc  stride S  likelihood 1 impact 1 }');
    expectNoCode(onlyBoundary, 'stride-not-applicable');
    expect(onlyBoundary.diagnostics.some(d => d.code === 'uncovered-stride' && messageOf(d).startsWith('Process Api'))).toBe(true);
  });

  it('a threat as a flow end is an unresolved reference that names what it is', async () => {
    expectDiagnostic(await check('process Api\nthreat X\nflow F: Api -> «X»'), {
      code: 'unresolved-reference', severity: 'error', message: /^Threat X is not an element \(external, process or store\)/,
    });
  });

  it('`realizes` must name a threat', async () => {
    expectDiagnostic(await check('process Api\nattack A "g" { realizes «Api» }'), {
      code: 'unresolved-reference', severity: 'error', message: /^Process Api is not a threat/,
    });
  });

  it('`duplicate-name` sits on each later duplicate, across kinds and boundaries', async () => {
    const result = await check('process P\nboundary Z { store «P» }\nthreat «P»');
    expectDiagnostic(result, { code: 'duplicate-name', severity: 'error', message: /already used by the process on line 1/, mark: 0 });
    expectDiagnostic(result, { code: 'duplicate-name', severity: 'error', message: /already used by the process on line 1/, mark: 1 });
    expect(withCode(result, 'duplicate-name')).toHaveLength(2);
  });
});

describe('duplicate fields', () => {
  it.each([
    { field: 'owner', model: 'model "M" { reviewed "2026-11-23" owner "a" «owner "b"» }' },
    { field: 'reviewed', model: 'model "M" { reviewed "2026-11-23" «reviewed "2026-01-01"» }' },
    { field: 'revisit', model: 'model "M" { reviewed "2026-11-23" revisit "a" «revisit "b"» }' },
    { field: 'description', model: 'model "M" { reviewed "2026-11-23" description "a" «description "b"» }' },
    { field: 'kind', model: 'external X { kind user «kind device» }' },
    { field: 'privilege', model: 'process X { privilege user «privilege root» }' },
    { field: 'kind', model: 'store X { kind log «kind queue» }' },
    { field: 'encrypted', model: 'store X { encrypted «encrypted» }' },
    { field: 'protocol', model: 'process A process B flow F: A -> B { protocol HTTPS «protocol HTTP» }' },
    { field: 'authn', model: 'process A process B flow F: A -> B { authn none «authn "token"» }' },
    { field: 'authz', model: 'process A process B flow F: A -> B { authz none «authz none» }' },
    { field: 'validation', model: 'process A process B flow F: A -> B { validation "x" «validation "y"» }' },
    { field: 'likelihood', model: 'threat T { likelihood 1 impact 1 «likelihood 3» }' },
    { field: 'impact', model: 'threat T { impact low likelihood 1 «impact high» }' },
    { field: 'status', model: 'threat T { mitigation "m" done «planned» }' },
    { field: 'owner', model: 'threat T { mitigation "m" owner "a" «owner "b"» }' },
    { field: 'ticket', model: 'threat T { mitigation "m" ticket "A-1" «ticket "A-2"» }' },
    { field: 'realizes', model: 'threat X threat Y attack A "g" { realizes X «realizes Y» }' },
  ])('a second `$field` is an error from its keyword to its value', async ({ field, model }) => {
    expectDiagnostic(await check(model), { code: 'duplicate-field', severity: 'error', message: new RegExp(`^\`${field}\` is already set on line 1; the first value counts`) });
  });

  it('a second attack tree in one attack is a duplicate field', async () => {
    expectDiagnostic(await check('attack A "g" { or { "a" cost low } «and { "b" cost low }» }'), {
      code: 'duplicate-field', severity: 'error', message: /^The attack tree is already set on line 1; the first value counts/,
    });
  });

  it('a second model header is a duplicate field on its `model` keyword', async () => {
    expectDiagnostic(await check('model "A" { reviewed "2026-11-23" }\nprocess P\n«model» "B"'), {
      code: 'duplicate-field', severity: 'error', message: /^A file has at most one model header; this one is ignored \(the first is on line 1\)/,
    });
  });

  it('the first value counts: likelihood 3 then 1 scores 9', async () => {
    expectDiagnostic(await check('threat «T» { likelihood 3 likelihood 1 impact 3 }'), {
      code: 'open-fix-now', severity: 'warning', message: /scores 9/,
    });
  });

  it('the first value counts: protocol HTTP then HTTPS is plaintext', async () => {
    const result = await check('external C\nboundary Z { process Api }\nflow «F»: C -> Api { protocol HTTP protocol HTTPS carries pii }');
    expectDiagnostic(result, { code: 'plaintext-sensitive', severity: 'warning', message: /over HTTP/ });
  });

  it('the first review date counts', async () => {
    expectNoCode(await check('model "M" { reviewed "2026-11-20" reviewed "2020-01-01" }'), 'stale-review');
  });

  it.each([
    { field: 'holds', model: 'store S { holds pii holds financial }' },
    { field: 'carries', model: 'process A process B flow F: A -> B { carries pii carries secrets }' },
    { field: 'on', model: 'process A process B threat T { on A on B }' },
    { field: 'stride', model: 'process A threat T { on A stride S stride T }' },
    { field: 'exempt', model: 'process A { exempt S "x" exempt T "y" }' },
  ])('list-valued `$field` may repeat and accumulates', async ({ model }) => {
    expectNoCode(await check(model), 'duplicate-field');
  });

  it('repeated `stride` and `exempt` accumulate into coverage', async () => {
    const result = await check('process «A» { exempt S "x" exempt T "y" }\nthreat X { on A stride R stride I }');
    expectDiagnostic(result, { code: 'uncovered-stride', severity: 'warning', message: /no threat or exemption for D \(Denial of service\), E \(Elevation of privilege\)\./ });
  });
});

describe('zones and flows', () => {
  const NESTED = 'boundary Cloud {\n  process Gateway\n  boundary Ingest { process Parser }\n}\nexternal Sensor\n';

  it('a flow from a parent boundary into its child crosses, named `Cloud → Ingest`', async () => {
    expectDiagnostic(await check(`${NESTED}flow «F»: Gateway -> Parser`), {
      code: 'missing-boundary-control', severity: 'warning', message: /^Flow F crosses Cloud → Ingest but declares no `authn`, `authz` or `validation`/,
    });
  });

  it('a flow into a nested zone from outside names the innermost zone', async () => {
    expectDiagnostic(await check(`${NESTED}flow «F»: Sensor -> Parser`), {
      code: 'missing-boundary-control', severity: 'warning', message: /crosses outside → Ingest/,
    });
  });

  it('a flow inside one zone does not cross', async () => {
    const result = await check('boundary Z { process A process B }\nflow F: A -> B');
    expectNoCode(result, 'missing-boundary-control');
    expect(uncoveredNames(result)).toEqual(['A', 'B']);
  });

  it('a flow between two elements outside every boundary does not cross', async () => {
    expectNoCode(await check('process A\nprocess B\nflow F: A -> B'), 'missing-boundary-control');
  });

  it('a flow from an element to itself is invalid', async () => {
    expectDiagnostic(await check('process A\nflow «F»: A -> A'), { code: 'invalid-flow', severity: 'error', message: /^Flow F goes from A to itself/ });
  });

  it.each([
    { ends: 'two stores', model: 'store A store B flow «F»: A -> B', message: /from data store A to data store B: data must pass through a process/ },
    { ends: 'an external entity and a store', model: 'external A store B flow «F»: A -> B', message: /from external entity A to data store B/ },
    { ends: 'a store and an external entity', model: 'store A external B flow «F»: A -> B', message: /from data store A to external entity B/ },
  ])('a flow between $ends is invalid', async ({ model, message }) => {
    expectDiagnostic(await check(model), { code: 'invalid-flow', severity: 'error', message });
  });

  it.each([
    { ends: 'a store and a process', model: 'store A process B flow F: A -> B' },
    { ends: 'an external entity and a process', model: 'external A process B flow F: B -> A' },
  ])('a flow between $ends is valid', async ({ model }) => {
    expectNoCode(await check(model), 'invalid-flow');
  });

  it('a flow carries only its `carries`: a store\'s `holds` is not inferred', async () => {
    const result = await check('boundary Z { store Db { holds pii, secrets } }\nprocess Reader\nflow F: Db -> Reader { protocol HTTP }');
    expectNoCode(result, 'plaintext-sensitive');
  });

  const crossing = (protocol: string, carries = 'credentials') => `external C\nboundary Z { process Api }\nflow F: C -> Api { protocol ${protocol} carries ${carries} }`;

  it.each(['HTTP', 'http', 'Http', 'FTP', 'Telnet', 'MQTT', 'mqtt', 'AMQP', 'WebSocket', 'websocket', 'SMTP'])('%s is plaintext', async protocol => {
    expect(withCode(await check(crossing(protocol)), 'plaintext-sensitive')).toHaveLength(1);
  });

  it.each(['HTTPS', 'https', 'TLS', 'mTLS', 'MTLS', 'SSH', 'SFTP', 'WSS', 'MQTTS', 'AMQPS', 'gRPC', 'SQL', 'Carrier_Pigeon'])('%s is not plaintext', async protocol => {
    expectNoCode(await check(crossing(protocol)), 'plaintext-sensitive');
  });

  it('a crossing flow without a protocol is not judged', async () => {
    expectNoCode(await check('external C\nboundary Z { process Api }\nflow F: C -> Api { carries pii }'), 'plaintext-sensitive');
  });

  it.each(['pii', 'financial', 'health', 'credentials', 'secrets'])('%s is sensitive', async dataClass => {
    expect(withCode(await check(crossing('HTTP', dataClass)), 'plaintext-sensitive')).toHaveLength(1);
  });

  it.each(['public', 'internal'])('%s is not sensitive', async dataClass => {
    expectNoCode(await check(crossing('HTTP', dataClass)), 'plaintext-sensitive');
  });

  it('a plaintext flow that does not cross is not reported', async () => {
    expectNoCode(await check('process A\nprocess B\nflow F: A -> B { protocol HTTP carries pii }'), 'plaintext-sensitive');
  });

  it('`privileged-consumer` holds for `admin` too, and only for queues', async () => {
    expectDiagnostic(await check('store Q { kind queue }\nprocess W { privilege admin }\nflow «F»: Q -> W'), {
      code: 'privileged-consumer', severity: 'warning', message: /privilege admin/,
    });
    expectNoCode(await check('store Q { kind database }\nprocess W { privilege root }\nflow F: Q -> W'), 'privileged-consumer');
    expectNoCode(await check('store Q { kind queue }\nprocess W { privilege root }\nflow F: W -> Q'), 'privileged-consumer');
  });
});

describe('boundary controls', () => {
  const flow = (fields: string) => `external C\nboundary Z { process Api }\nflow «F»: C -> Api { ${fields} }`;

  it('lists every missing control in one diagnostic on the flow name, with its codes in data', async () => {
    const diagnostic = expectDiagnostic(await check(flow('protocol HTTPS')), {
      code: 'missing-boundary-control', severity: 'warning', message: /declares no `authn`, `authz` or `validation`; write how the caller is authenticated, what the caller is allowed to do and what validates the data, or `authn none`, `authz none` or `validation none`\./,
    });
    expect(diagnostic.data).toEqual({ code: 'missing-boundary-control', controls: ['authn', 'authz', 'validation'] });
  });

  it.each([
    { what: 'an empty string counts as missing', fields: 'authn "" authz none validation none', missing: /declares no `authn`;/ },
    { what: 'a whitespace-only string counts as missing', fields: 'authn "  " authz none validation none', missing: /declares no `authn`;/ },
  ])('$what', async ({ fields, missing }) => {
    expectDiagnostic(await check(flow(fields)), { code: 'missing-boundary-control', severity: 'warning', message: missing });
  });

  it('`none` and a TODO stub both count as declared; the stub is pointed at', async () => {
    const result = await check('external C\nboundary Z { process Api }\nflow F: C -> Api { authn none authz «"TODO describe"» validation "schema" }');
    expectNoCode(result, 'missing-boundary-control');
    expectDiagnostic(result, { code: 'todo-placeholder', severity: 'info', message: /^This `authz` control is still a TODO stub/ });
  });

  it('controls are not required on a flow that does not cross', async () => {
    expectNoCode(await check('process A process B flow F: A -> B'), 'missing-boundary-control');
  });
});

describe('coverage', () => {
  it('a threat with several targets covers each letter on every target it applies to', async () => {
    const result = await check('external C\nprocess Api { exempt T, R, I, D, E "covered elsewhere" }\nflow F: C -> Api\nthreat X { on C, Api stride S, R }');
    expectNoCode(result, 'uncovered-stride');
    expectNoCode(result, 'stride-not-applicable');
  });

  it('`stride-not-applicable` only when the letter applies to none of the targets', async () => {
    const result = await check('external C\nstore Db\nthreat X { on C, Db stride S, T, «E» }');
    expectDiagnostic(result, { code: 'stride-not-applicable', severity: 'warning', message: /^E \(Elevation of privilege\) applies to none of this threat's targets: C \(external entity: S, R\), Db \(data store: T, I, D\)/ });
    expect(withCode(result, 'stride-not-applicable')).toHaveLength(1);
  });

  it('R applies to a store of kind log only', async () => {
    expectNoCode(await check('store L { kind log }\nthreat X { on L stride R }'), 'stride-not-applicable');
    expectDiagnostic(await check('store L { kind cache }\nthreat X { on L stride «R» }'), { code: 'stride-not-applicable', severity: 'warning', message: /^R \(Repudiation\)/ });
  });

  it('one `uncovered-stride` per element, listing the letters in STRIDE order, with the letters in data', async () => {
    const result = await check('store «L» { kind log }\nthreat X { on L stride I }');
    const diagnostic = expectDiagnostic(result, { code: 'uncovered-stride', severity: 'warning', message: /^Data store L has no threat or exemption for T \(Tampering\), R \(Repudiation\), D \(Denial of service\)\. Add a threat `on L` with `stride T, R, D`/ });
    expect(diagnostic.data).toEqual({ code: 'uncovered-stride', letters: ['T', 'R', 'D'] });
  });

  it.each([
    { block: 'external', model: 'external X { exempt S, R "a batch job, no user" }' },
    { block: 'process', model: 'process X { exempt S, T, R, I, D, E "a pure function" }' },
    { block: 'store', model: 'store X { exempt T, I, D "a public cache" }' },
    { block: 'flow', model: 'external A\nboundary Z { process B }\nflow X: A -> B { authn none authz none validation none exempt T, I, D "a heartbeat" }' },
  ])('`exempt` in a $block block covers its letters', async ({ model }) => {
    expect(uncoveredNames(await check(model))).not.toContain('X');
  });

  it('exempting a letter that does not apply is `stride-not-applicable` on that letter', async () => {
    expectDiagnostic(await check('external X { exempt S, R, «T» "n/a" }'), {
      code: 'stride-not-applicable', severity: 'warning', message: /^T \(Tampering\) does not apply to external entity X \(letters: S, R\)/,
    });
  });

  it.each([
    { what: 'an empty reason', model: 'process «P» { exempt S, T, R, I, D, E "" }', exempt: 'process P { exempt S, T, R, I, D, E «""» }' },
    { what: 'a whitespace-only reason', model: 'process «P» { exempt S, T, R, I, D, E "   " }', exempt: 'process P { exempt S, T, R, I, D, E «"   "» }' },
    { what: 'no reason at all', model: 'process «P» { exempt S, T, R, I, D, E }', exempt: 'process P { «exempt» S, T, R, I, D, E }' },
  ])('an exemption with $what covers nothing and is `incomplete-exemption`', async ({ model, exempt }) => {
    expectDiagnostic(await check(model), { code: 'uncovered-stride', severity: 'warning', message: /S \(Spoofing\), T \(Tampering\)/ });
    expectDiagnostic(await check(exempt), { code: 'incomplete-exemption', severity: 'warning', message: /covers nothing/ });
  });

  it('a TODO exemption reason counts as coverage and is pointed at', async () => {
    const result = await check('external X { exempt S, R «"TODO why"» }');
    expectNoCode(result, 'uncovered-stride');
    expectDiagnostic(result, { code: 'todo-placeholder', severity: 'info', message: /reason for this exemption is still a TODO stub/ });
  });

  const twoFlows = 'external C\nboundary Z { process Api process Worker { exempt S, T, R, I, D, E "x" } }\n' +
    'flow Crossing: C -> Api { authn none authz none validation none }\nflow Internal: Api -> Worker\n' +
    'threat X { on C, Api stride S, T, R, I, D, E }';
  it.each<{ mode: FlowCoverageMode; uncovered: string[] }>([
    { mode: 'crossing', uncovered: ['uncovered-stride@3'] },
    { mode: 'all', uncovered: ['uncovered-stride@3', 'uncovered-stride@4'] },
    { mode: 'none', uncovered: [] },
  ])('coverage mode `$mode` checks the flows it names', async ({ mode, uncovered }) => {
    const result = await check(twoFlows, { coverageFlows: mode });
    expect(findings(withCode(result, 'uncovered-stride'))).toEqual(uncovered);
  });

  it('elements are checked whatever the flow coverage mode, and boundary rules still apply', async () => {
    const result = await check('external «C»\nboundary Z { process Api { exempt S, T, R, I, D, E "x" } }\nflow «F»: C -> Api { protocol HTTP carries pii }', { coverageFlows: 'none' });
    expectDiagnostic(result, { code: 'uncovered-stride', severity: 'warning', message: /External entity C/ });
    expectDiagnostic(result, { code: 'missing-boundary-control', severity: 'warning', message: /Flow F/, mark: 1 });
    expect(withCode(result, 'plaintext-sensitive')).toHaveLength(1);
  });
});

describe('threats and decisions', () => {
  it.each([
    { decisions: '', state: /is open/ },
    { decisions: 'mitigation "m"', state: /has only planned mitigations \(0 of 1 done\)/ },
    { decisions: 'mitigation "m" planned', state: /has only planned mitigations \(0 of 1 done\)/ },
    { decisions: 'mitigation "m" in-progress mitigation "n" done', state: /has only planned mitigations \(1 of 2 done\)/ },
    { decisions: 'mitigation "TODO stub"', state: /has only planned mitigations/ },
    { decisions: 'mitigation "TODO stub" done', state: /has only planned mitigations \(0 of 1 done\)/ },
    { decisions: 'accepted "risk is small"', state: /is open/ },
    { decisions: 'accepted "" by "cto"', state: /is open/ },
    { decisions: 'accepted "TODO why" by "cto"', state: /is open/ },
    { decisions: 'accepted "risk is small" by "todo"', state: /is open/ },
    { decisions: 'transferred "TODO" to "insurer"', state: /is open/ },
    { decisions: 'eliminated "todo: remove the endpoint"', state: /is open/ },
  ])('a fix-now threat with [$decisions] is `open-fix-now`', async ({ decisions, state }) => {
    expectDiagnostic(await check(`threat «T» { likelihood 3 impact 3 ${decisions} }`), { code: 'open-fix-now', severity: 'warning', message: state });
  });

  it.each([
    'mitigation "m" done',
    'mitigation "m" owner "a" ticket "X-1" done',
    'mitigation "m" done ticket "X-1" owner "a"',
    'accepted "risk is small" by "cto"',
    'transferred "insured" to "insurer"',
    'eliminated "endpoint removed"',
    'mitigation "m" planned accepted "until Q3" by "cto"',
  ])('a fix-now threat with [%s] is decided', async decisions => {
    expectNoCode(await check(`threat T { likelihood 3 impact 3 ${decisions} }`), 'open-fix-now');
  });

  it.each([
    { levels: 'likelihood high impact medium', score: 6 },
    { levels: 'likelihood 2 impact high', score: 6 },
    { levels: 'impact 3 likelihood 3', score: 9 },
  ])('aliases and field order: $levels scores $score', async ({ levels, score }) => {
    expectDiagnostic(await check(`threat «T» { ${levels} }`), { code: 'open-fix-now', severity: 'warning', message: new RegExp(`scores ${score} \\(fix now\\)`) });
  });

  it.each([
    { value: '-1', message: /-1 is out of range/ },
    { value: '0', message: /0 is out of range/ },
    { value: '2.5', message: /2\.5 is out of range/ },
  ])('likelihood $value parses, is `out-of-range` on the value, and leaves the threat unscored', async ({ value, message }) => {
    const result = await check(`threat T { likelihood «${value}» impact 3 }`);
    expectNoCode(result, 'syntax-error');
    expectDiagnostic(result, { code: 'out-of-range', severity: 'error', message });
    expectNoCode(result, 'open-fix-now');
    expectNoCode(result, 'unscored-threat');
  });

  it('an impact out of range names the field', async () => {
    expectDiagnostic(await check('threat T { likelihood 3 impact «7» }'), { code: 'out-of-range', severity: 'error', message: /^impact must be 1, 2 or 3/ });
  });

  it('an unscored threat is never `open-fix-now`', async () => {
    const result = await check('threat «T» { likelihood 3 }');
    expectDiagnostic(result, { code: 'unscored-threat', severity: 'info', message: /has no impact/ });
    expectNoCode(result, 'open-fix-now');
  });

  it.each([
    { what: 'empty reason', model: 'threat T { «accepted» "" by "cto" }', message: /gives no reason/ },
    { what: 'whitespace reason', model: 'threat T { «accepted» " " by "cto" }', message: /gives no reason/ },
    { what: 'empty name', model: 'threat T { «accepted» "fine" by "" }', message: /names nobody: write who accepts the risk in `by "…"`/ },
  ])('an acceptance with an $what is incomplete', async ({ model, message }) => {
    expectDiagnostic(await check(model), { code: 'incomplete-acceptance', severity: 'error', message });
  });

  it('`transferred` requires `to`', async () => {
    expectDiagnostic(await check('threat T { transferred "insured" «}»'), { code: 'syntax-error', severity: 'error', message: /^Expected `to` after `"insured"`, found `}`\.$/ });
  });

  it.each([
    { what: 'transfer reason', model: 'threat T { transferred «"todo"» to "insurer" }' },
    { what: 'transfer recipient', model: 'threat T { transferred "insured" to «"TODO"» }' },
    { what: 'elimination', model: 'threat T { eliminated «"ToDo"» }' },
    { what: 'acceptance name', model: 'threat T { accepted "fine" by «"TODO name"» }' },
  ])('a TODO $what is pointed at', async ({ what, model }) => {
    expectDiagnostic(await check(model), { code: 'todo-placeholder', severity: 'info', message: new RegExp(`^This ${what} is still a TODO stub`) });
  });
});

describe('attack trees', () => {
  const attack = (tree: string) => `attack «A» "goal" { ${tree} }`;

  it.each([
    { what: 'ties go to the first child', tree: 'or { "first" cost low "second" cost 2 }', path: /costs 2 \(low\): "first"\./ },
    { what: '`and` sums its children and names every leaf', tree: 'and { "a" cost low "b" cost medium }', path: /costs 5 \(high\): "a" \+ "b"\./ },
    { what: '`or` takes the cheapest child', tree: 'or { "a" cost extreme "b" cost high "c" cost 4 }', path: /costs 4: "c"\./ },
    { what: 'a nested path is shown from the top', tree: 'or { "hijack" or { "phish" cost medium "xss" cost low } "sqli" cost medium }', path: /costs 2 \(low\): "hijack" → "xss"\./ },
    { what: 'numbers and names mix', tree: 'and { "a" cost 0.5 "b" cost trivial }', path: /costs 1\.5: "a" \+ "b"\./ },
  ])('$what', async ({ tree, path }) => {
    expectDiagnostic(await check(attack(tree)), { code: 'attack-cost', severity: 'info', message: path });
  });

  it('a negative cost is `out-of-range`, and a path through it has no cost', async () => {
    const result = await check('attack A "goal" { and { "a" cost «-1» "b" cost low } }');
    expectDiagnostic(result, { code: 'out-of-range', severity: 'error', message: /-1 is out of range/ });
    expectNoCode(result, 'attack-cost');
  });

  it.each(['or', 'and'])('`%s {}` with no child is a syntax error', async gate => {
    expectDiagnostic(await check(`attack A "goal" { ${gate} { «}» }`), {
      code: 'syntax-error', severity: 'error', message: /^Expected at least one attack-tree node/,
    });
  });
});

describe('a half-typed file', () => {
  it('still yields the semantic diagnostics of the parts that parsed', async () => {
    const result = await check('process Api\nthreat «T» { on Api stride S likelihood 3 impact 3 }\nflow F: Api -> «»\nstore «Db» { kind database');
    expect(withCode(result, 'syntax-error').length).toBeGreaterThan(0);
    expectDiagnostic(result, { code: 'open-fix-now', severity: 'warning', message: /Threat T scores 9/ });
    expectDiagnostic(result, { code: 'orphan-element', severity: 'warning', message: /Data store Db/, mark: 2 });
  });

  it('an unterminated string ends at its line, and the next line still parses', async () => {
    const result = await check('process A «"»open label\nthreat «T» { likelihood 3 impact 3 }');
    expectDiagnostic(result, { code: 'syntax-error', severity: 'error', message: /^This string is not closed/ });
    expectDiagnostic(result, { code: 'open-fix-now', severity: 'warning', message: /scores 9/, mark: 1 });
  });
});

// docs/language.md §11: each sentence of the rules for real systems, on a small model.
describe('rules for real systems (§11)', () => {
  const INTO_Z = 'external C\nboundary Z { process Api }\n';
  const flowInto = (fields: string) => `${INTO_Z}flow «F»: C -> Api { authn "token" authz none validation none ${fields} }`;
  const inside = (fields: string) => `boundary Z { process A process B }\nflow «F»: A -> B { ${fields} }`;

  describe('channels', () => {
    it('`encrypted` on a flow makes its channel encrypted whatever the protocol says', async () => {
      const result = await check(flowInto('protocol HTTP carries pii encrypted'));
      expectNoCode(result, 'plaintext-sensitive');
      expectNoCode(result, 'unverified-encryption');
    });

    it('`encrypted` is single-valued on a flow', async () => {
      expectDiagnostic(await check('process A process B flow F: A -> B { encrypted «encrypted» }'), {
        code: 'duplicate-field', severity: 'error', message: /^`encrypted` is already set on line 1/,
      });
    });

    it.each(['LDAPS', 'FTPS', 'SMTPS', 'IMAPS', 'POP3S', 'DTLS', 'QUIC', 'IPsec', 'WireGuard', '"TLS1.3"', '"HTTP/3"'])('%s encrypts', async protocol => {
      const result = await check(flowInto(`protocol ${protocol} carries credentials`));
      expectNoCode(result, 'plaintext-sensitive');
      expectNoCode(result, 'unverified-encryption');
    });

    it.each(['LDAP', 'NFS', 'IMAP', 'POP3', 'TFTP', 'SNMP', 'Syslog', 'DNS', 'ldap', '"HTTP/1.1"', '"HTTP/2"'])('%s is plaintext', async protocol => {
      expectDiagnostic(await check(flowInto(`protocol ${protocol} carries credentials`)), { code: 'plaintext-sensitive', severity: 'warning', message: /which does not encrypt/ });
    });

    it.each(['SQL', 'JDBC', 'MySQL', 'PostgreSQL', 'Redis', 'Kafka', 'gRPC', 'SMB', '"RDA-TCP"', '"SNMPv3"'])('%s depends on configuration: unverified', async protocol => {
      expectDiagnostic(await check(flowInto(`protocol ${protocol} carries credentials`)), { code: 'unverified-encryption', severity: 'info', message: /encrypts only when configured to/ });
    });

    it('a flow without a protocol is unverified', async () => {
      expectDiagnostic(await check(flowInto('carries pii')), {
        code: 'unverified-encryption', severity: 'info', message: /^Flow F carries pii across outside → Z and names no protocol, so nothing says it is encrypted: write `encrypted`/,
      });
    });

    it('a protocol may be a string, and a port a whole number', async () => {
      const result = await check('process A process B flow F: A -> B { protocol "HTTP/2" port 8443 encrypted }');
      expectNoCode(result, 'syntax-error');
      const flow = result.document.parseResult.value.declarations[2];
      expect(flow).toMatchObject({ protocol: ['HTTP/2'], port: [8443], encrypted: ['encrypted'] });
    });

    it.each(['0', '65536', '-1', '80.5'])('port %s is `out-of-range` on the value', async port => {
      expectDiagnostic(await check(`process A process B flow F: A -> B { port «${port}» }`), {
        code: 'out-of-range', severity: 'error', message: new RegExp(`^A port is a whole number from 1 to 65535; ${port.replace('.', '\\.')} is out of range\\.$`),
      });
    });

    it.each(['1', '65535'])('port %s is in range', async port => {
      expectNoCode(await check(`process A process B flow F: A -> B { port ${port} }`), 'out-of-range');
    });

    it('`port` is single-valued', async () => {
      expectDiagnostic(await check('process A process B flow F: A -> B { port 80 «port 443» }'), { code: 'duplicate-field', severity: 'error', message: /^`port` is already set/ });
    });

    it('`port` is a soft keyword: it stays usable as a name', async () => {
      const result = await check('process port\nprocess B\nflow F: port -> B { protocol port port 5 }\nthreat T { on port stride S }');
      expectNoCode(result, 'syntax-error');
      expectNoCode(result, 'unresolved-reference');
    });
  });

  describe('sensitive data in transit', () => {
    it('`plaintext-sensitive` on the flow\'s name for a crossing flow, as before', async () => {
      expectDiagnostic(await check(flowInto('protocol HTTP carries pii, financial, public')), {
        code: 'plaintext-sensitive', severity: 'warning', message: /^Flow F carries pii and financial across outside → Z over HTTP, which does not encrypt: use HTTPS instead of HTTP, or write `encrypted` if the channel is encrypted underneath/,
      });
    });

    it.each(['credentials', 'secrets'])('`plaintext-sensitive` for %s in plaintext on a flow inside one zone', async dataClass => {
      expectDiagnostic(await check(inside(`protocol LDAP carries pii, ${dataClass}`)), {
        code: 'plaintext-sensitive', severity: 'warning', message: new RegExp(`^Flow F carries ${dataClass} inside Z over LDAP, which does not encrypt \\(a password in clear text inside one zone is still a password in clear text\\): use LDAPS instead of LDAP`),
      });
    });

    it('and outside every boundary', async () => {
      expectDiagnostic(await check('process A process B\nflow «F»: A -> B { protocol Telnet carries credentials }'), {
        code: 'plaintext-sensitive', severity: 'warning', message: /^Flow F carries credentials outside every boundary over Telnet, which does not encrypt .*: use SSH instead of Telnet/,
      });
    });

    it.each(['pii', 'financial', 'health'])('%s in plaintext inside one zone is not reported', async dataClass => {
      expectNoCode(await check(inside(`protocol HTTP carries ${dataClass}`)), 'plaintext-sensitive');
    });

    it('a plaintext protocol without an encrypting form asks for one', async () => {
      expectDiagnostic(await check(flowInto('protocol DNS carries pii')), {
        code: 'plaintext-sensitive', severity: 'warning', message: /over DNS, which does not encrypt: use an encrypting protocol \(HTTPS, TLS, mTLS, SSH, …\), or write `encrypted`/,
      });
    });

    it.each(['pii', 'financial', 'health', 'credentials', 'secrets'])('`unverified-encryption` (info, on the name) for %s on a crossing flow over an unverified channel', async dataClass => {
      expectDiagnostic(await check(flowInto(`protocol SQL carries ${dataClass}`)), {
        code: 'unverified-encryption', severity: 'info', message: new RegExp(`^Flow F carries ${dataClass} across outside → Z over SQL, which encrypts only when configured to: write \`encrypted\` if it is \\(TLS, a tunnel\\), or name an encrypting protocol \\(HTTPS, TLS, mTLS, SSH, …\\)\\.$`),
      });
    });

    it('`unverified-encryption` is not reported inside one zone, nor for public or internal data', async () => {
      expectNoCode(await check(inside('protocol SQL carries credentials')), 'unverified-encryption');
      expectNoCode(await check(flowInto('protocol SQL carries public, internal')), 'unverified-encryption');
    });
  });

  describe('sensitive data at rest', () => {
    it.each(['credentials', 'secrets'])('a store holding %s without `encrypted` is a warning on its name, listing the classes', async dataClass => {
      expectDiagnostic(await check(`store «Db» { holds pii, ${dataClass} }`), {
        code: 'unencrypted-sensitive-store', severity: 'warning', message: new RegExp(`^Data store Db holds pii and ${dataClass} but is not \`encrypted\`: encrypt it and write \`encrypted\``),
      });
    });

    it('a store holding only pii, financial or health is info', async () => {
      expectDiagnostic(await check('store «Db» { holds public, pii, financial, health }'), {
        code: 'unencrypted-sensitive-store', severity: 'info', message: /^Data store Db holds pii, financial and health but is not `encrypted`: encrypt it at rest \(disk, database or field encryption\) and write `encrypted`\.$/,
      });
    });

    it('an encrypted store, or one holding public and internal data only, is fine', async () => {
      expectNoCode(await check('store Db { holds secrets encrypted }'), 'unencrypted-sensitive-store');
      expectNoCode(await check('store Db { holds public, internal }'), 'unencrypted-sensitive-store');
    });
  });

  describe('unauthenticated entry', () => {
    const entry = (fields: string, rest = '') => `${INTO_Z}flow «F»: C -> Api { protocol HTTPS authn none authz none validation none ${fields} }\n${rest}`;

    it('a flow from outside into a boundary with `authn none` carrying sensitive data is a warning on its name', async () => {
      expectDiagnostic(await check(entry('carries pii')), {
        code: 'unauthenticated-entry', severity: 'warning', message: /^Flow F lets anyone from outside into Z \(`authn none`\) and carries pii: record the spoofing threat/,
      });
    });

    it.each(['root', 'admin'])('so is one reaching a process with privilege %s', async privilege => {
      const model = `external C\nboundary Z { process Api { privilege ${privilege} } }\nflow «F»: C -> Api { protocol HTTPS authn none authz none validation none }`;
      expectDiagnostic(await check(model), {
        code: 'unauthenticated-entry', severity: 'warning', message: new RegExp(`and reaches process Api, which runs as ${privilege}: record the spoofing threat`),
      });
    });

    it.each([
      { what: 'public data to an unprivileged process', model: entry('carries public') },
      { what: 'a described authn', model: `${INTO_Z}flow F: C -> Api { authn "token" authz none validation none carries pii }` },
      { what: 'no authn at all (missing-boundary-control speaks)', model: `${INTO_Z}flow F: C -> Api { carries pii }` },
      { what: 'a flow between two boundaries', model: 'boundary Y { process W }\nboundary Z { process Api }\nflow F: W -> Api { authn none carries pii }' },
      { what: 'a flow out of a boundary', model: 'external C\nboundary Z { process Api }\nflow F: Api -> C { authn none carries pii }' },
      { what: 'a threat naming the flow with S', model: entry('carries pii', 'threat Anyone { on F, Api stride S }') },
    ])('not for $what', async ({ model }) => {
      expectNoCode(await check(model), 'unauthenticated-entry');
    });

    it('a threat on the flow without S, or with S on the target only, does not silence it', async () => {
      expect(withCode(await check(entry('carries pii', 'threat X { on F stride T }')), 'unauthenticated-entry')).toHaveLength(1);
      expect(withCode(await check(entry('carries pii', 'threat X { on Api stride S }')), 'unauthenticated-entry')).toHaveLength(1);
    });
  });

  describe('a flow written without its name', () => {
    it('is a syntax error that says a flow needs a name, and no duplicate-name', async () => {
      const result = await check('process A\nprocess B\nflow A «->» B');
      expectDiagnostic(result, { code: 'syntax-error', severity: 'error', message: /^A flow needs a name: write `flow Name: A -> …`, found `->` after `A`\.$/ });
      expectNoCode(result, 'duplicate-name');
      expect(withCode(result, 'syntax-error')).toHaveLength(1);
    });

    it('nor any finding that would name it', async () => {
      const result = await check('process A\nprocess B\nflow A -> B\nprocess C\nflow F: A -> C', { coverageFlows: 'all' });
      expect(withCode(result, 'uncovered-stride').map(diagnostic => result.document.textDocument.getText(diagnostic.range))).toEqual(['A', 'B', 'C', 'F']);
    });
  });
});

describe('unexpanded attack-tree leaves (§11)', () => {
  it('a leaf without a cost parses and is `unexpanded-leaf` (info) on its text', async () => {
    const result = await check('attack A "goal" { or { «"Bribe an admin"» "Change the id" cost low } }');
    expectNoCode(result, 'syntax-error');
    expectDiagnostic(result, { code: 'unexpanded-leaf', severity: 'info', message: /so the cheapest path skips it/ });
  });

  it('the cheapest path skips it, and `attack-cost` says so', async () => {
    expectDiagnostic(await check('attack «A» "goal" { or { "Bribe an admin" "Change the id" cost low } }'), {
      code: 'attack-cost', severity: 'info', message: /^Cheapest path costs 2 \(low\): "Change the id"\. Cut this first\. It skips an unexpanded leaf, which has no cost yet: "Bribe an admin"\.$/,
    });
  });

  it('an `and` leaves it out of its sum', async () => {
    expectDiagnostic(await check('attack «A» "goal" { and { "a" cost low "b" or { "c" "d" } "e" cost 1 } }'), {
      code: 'attack-cost', severity: 'info', message: /^Cheapest path costs 3 \(medium\): "a" \+ "e"\. Cut this first\. It skips 2 unexpanded leaves, which have no cost yet: "b" → "c", "b" → "d"\.$/,
    });
  });

  it('an `or` whose children are all unexpanded has no cost, and the message says so', async () => {
    expectDiagnostic(await check('attack «A» "goal" { or { "a" "b" } }'), {
      code: 'attack-cost', severity: 'info', message: /^This attack tree has no cost yet: every way to the goal ends in 2 unexpanded leaves \("a", "b"\)\. Give a leaf a `cost`, or expand it\.$/,
    });
  });

  it('a path through an invalid cost still has no cost and no `attack-cost`', async () => {
    expectNoCode(await check('attack A "goal" { and { "a" cost -1 "b" } }'), 'attack-cost');
  });
});
