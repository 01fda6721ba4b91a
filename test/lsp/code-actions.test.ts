import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { TextDocument } from 'langium';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { IssueCodes } from '../../server/language/issue-codes.js';
import { formatted, services, textParams, withDocument } from './lsp-services.js';

interface Checked {
  diagnostics: Diagnostic[];
  actions: CodeAction[];
}

const codeOf = (diagnostic: Diagnostic) => (diagnostic.data as { code?: string } | undefined)?.code;

/** The diagnostics of `text` and the quick-fixes offered for those with `code`. */
function check(text: string, code: string): Promise<Checked> {
  return withDocument(text, async document => {
    const diagnostics = document.diagnostics ?? [];
    const relevant = diagnostics.filter(diagnostic => codeOf(diagnostic) === code);
    const actions = await services.lsp.CodeActionProvider!.getCodeActions(document, {
      ...textParams(document), range: relevant[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: relevant },
    }) as CodeAction[] ?? [];
    return { diagnostics, actions };
  });
}

/** Applies the action titled `title` and returns the new text and its diagnostics. */
async function applyFix(text: string, code: string, title: string): Promise<{ text: string; diagnostics: Diagnostic[] }> {
  const { actions } = await check(text, code);
  const action = actions.find(candidate => candidate.title === title);
  expect(action, `no action "${title}" among ${actions.map(a => a.title).join(' | ')}`).toBeDefined();
  const edits = Object.values(action!.edit!.changes!)[0];
  const fixed = TextDocument.applyEdits(TextDocument.create('file:///fixed.tm', 'tm', 0, text), edits);
  const diagnostics = await withDocument(fixed, document => document.diagnostics ?? []);
  expect(diagnostics.filter(diagnostic => codeOf(diagnostic) === IssueCodes.SyntaxError)).toEqual([]);
  return { text: fixed, diagnostics };
}

const withCode = (diagnostics: Diagnostic[], code: string) => diagnostics.filter(diagnostic => codeOf(diagnostic) === code);

const SHOP = `model "Shop" { reviewed "2026-10-01" }

external Customer "Customer \\"browser\\"" { kind user }
process Api "API server" { exempt S, T, R, I, D, E "covered elsewhere" }

flow Checkout: Customer -> Api { protocol HTTPS }

threat T1 "Existing" {
  on Api
  stride I
  likelihood 1  impact 1
}
`;

describe('uncovered-stride', () => {
  test('one stub per letter, one for all letters, one exemption per letter', async () => {
    const { actions } = await check(SHOP, IssueCodes.UncoveredStride);
    expect(actions.filter(action => action.isPreferred).map(action => action.title)).toEqual(['Add threat stubs for all uncovered letters of Customer']);
    expect(actions.map(action => action.title)).toEqual([
      'Add a threat stub for S on Customer',
      'Add a threat stub for R on Customer',
      'Add threat stubs for all uncovered letters of Customer',
      'Exempt S on Customer',
      'Exempt R on Customer',
    ]);
  });

  test('a stub for one letter lands after the last threat, with a catalogue mitigation', async () => {
    const { text, diagnostics } = await applyFix(SHOP, IssueCodes.UncoveredStride, 'Add a threat stub for S on Customer');
    expect(text).toBe(`${SHOP.trimEnd()}

threat Customer_S "Spoofing on Customer \\"browser\\"" {
  on Customer
  stride S
  mitigation "TODO: authenticate the caller (SSO with MFA, signed tokens or client certificates)" planned
}
`);
    expect(withCode(diagnostics, IssueCodes.UncoveredStride).map(diagnostic => diagnostic.data as unknown)).toEqual([{ code: IssueCodes.UncoveredStride, letters: ['R'] }]);
    expect(withCode(diagnostics, IssueCodes.UnscoredThreat)).toHaveLength(1);
  });

  test('stubs for all letters remove the diagnostic, with unique names', async () => {
    const taken = SHOP.replace('threat T1', 'threat Customer_S');
    const { text, diagnostics } = await applyFix(taken, IssueCodes.UncoveredStride, 'Add threat stubs for all uncovered letters of Customer');
    expect(text).toContain('threat Customer_S2 "Spoofing on');
    expect(text).toContain('threat Customer_R "Repudiation on');
    expect(withCode(diagnostics, IssueCodes.UncoveredStride)).toEqual([]);
    expect(withCode(diagnostics, IssueCodes.DuplicateName)).toEqual([]);
    expect(withCode(diagnostics, IssueCodes.OpenFixNow)).toEqual([]);
  });

  test('without threats, stubs land at the end of the file', async () => {
    const text = 'process A\nprocess B { exempt S, T, R, I, D, E "x" }\nflow F: A -> B';
    const fixed = await applyFix(text, IssueCodes.UncoveredStride, 'Add threat stubs for all uncovered letters of A');
    expect(fixed.text.startsWith(`${text}\n\nthreat A_S "Spoofing on A" {`)).toBe(true);
    expect(fixed.text.endsWith('planned\n}\n')).toBe(true);
    expect(withCode(fixed.diagnostics, IssueCodes.UncoveredStride)).toEqual([]);
  });

  test('an exemption joins a one-line block', async () => {
    const text = SHOP.replace('threat T1 "Existing" {\n  on Api\n  stride I\n  likelihood 1  impact 1\n}\n', 'threat T1 "Existing" { on Customer stride R }\n');
    const { text: fixed, diagnostics } = await applyFix(text, IssueCodes.UncoveredStride, 'Exempt S on Customer');
    expect(fixed).toContain('external Customer "Customer \\"browser\\"" { kind user  exempt S "TODO: why S does not apply" }');
    expect(withCode(diagnostics, IssueCodes.UncoveredStride)).toEqual([]);
    expect(withCode(diagnostics, IssueCodes.TodoPlaceholder)).toHaveLength(1);
  });

  test('an exemption creates the block when there is none', async () => {
    const text = 'process A { exempt S, T, R, I, D, E "x" }\nstore Db\nflow F: A -> Db\nthreat T { on Db stride T, I }';
    const { text: fixed, diagnostics } = await applyFix(text, IssueCodes.UncoveredStride, 'Exempt D on Db');
    expect(fixed).toContain('store Db { exempt D "TODO: why D does not apply" }\n');
    expect(withCode(diagnostics, IssueCodes.UncoveredStride)).toEqual([]);
  });

  test('an exemption goes on its own line in a multi-line block, indented', async () => {
    const text = 'boundary B {\n  process A { exempt S, T, R, I, D, E "x" }\n  store Db {\n    kind database\n  }\n}\nflow F: A -> Db\nthreat T { on Db stride T, I }';
    const { text: fixed, diagnostics } = await applyFix(text, IssueCodes.UncoveredStride, 'Exempt D on Db');
    expect(fixed).toContain('  store Db {\n    kind database\n    exempt D "TODO: why D does not apply"\n  }\n');
    expect(withCode(diagnostics, IssueCodes.UncoveredStride)).toEqual([]);
  });

  test('on a crossing flow', async () => {
    const text = 'external U { exempt S, R "x" }\nboundary B { process P { exempt S, T, R, I, D, E "x" } }\nflow F: U -> P { authn none authz none validation none }';
    const { text: fixed, diagnostics } = await applyFix(text, IssueCodes.UncoveredStride, 'Add threat stubs for all uncovered letters of F');
    expect(fixed).toContain('mitigation "TODO: protect integrity in transit (TLS or signed messages)" planned');
    expect(withCode(diagnostics, IssueCodes.UncoveredStride)).toEqual([]);
  });
});

describe('missing-boundary-control', () => {
  const CROSSING = 'external U { exempt S, R "x" }\nboundary B { process P { exempt S, T, R, I, D, E "x" } }\n';

  test('declares every missing control as a TODO stub in a new block', async () => {
    const { text, diagnostics } = await applyFix(`${CROSSING}flow F: U -> P "login" { exempt T, I, D "x" authz none }`, IssueCodes.MissingBoundaryControl, 'Declare authn, validation of F (TODO stubs)');
    expect(text).toContain('flow F: U -> P "login" {\n  exempt T, I, D "x" authz none\n  authn "TODO: how the caller is authenticated"\n  validation "TODO: what validates the data"\n}');
    expect(withCode(diagnostics, IssueCodes.MissingBoundaryControl)).toEqual([]);
    expect(withCode(diagnostics, IssueCodes.TodoPlaceholder)).toHaveLength(2);
  });

  test('creates the block when the flow has none', async () => {
    const { text, diagnostics } = await applyFix(`${CROSSING}flow F: U -> P`, IssueCodes.MissingBoundaryControl, 'Declare authn, authz, validation of F (TODO stubs)');
    expect(text.endsWith('flow F: U -> P {\n  authn "TODO: how the caller is authenticated"\n  authz "TODO: what the caller is allowed to do"\n  validation "TODO: what validates the data"\n}')).toBe(true);
    expect(withCode(diagnostics, IssueCodes.MissingBoundaryControl)).toEqual([]);
  });

  test('adds lines to a multi-line block', async () => {
    const { text } = await applyFix(`${CROSSING}flow F: U -> P {\n  protocol HTTPS\n  authn "token"\n  authz ""\n}\n`, IssueCodes.MissingBoundaryControl, 'Declare authz, validation of F (TODO stubs)');
    expect(text).toContain('  authz ""\n  authz "TODO: what the caller is allowed to do"\n  validation "TODO: what validates the data"\n}\n');
  });
});

describe('incomplete-acceptance', () => {
  const THREAT = (decision: string) => `process P { exempt S, T, R, I, D, E "x" }\nthreat T "t" { on P stride S likelihood 3 impact 3 ${decision} }`;

  test.each([
    ['accepted "trusted admins"', 'accepted "trusted admins" by "TODO: who accepts the risk"'],
    ['accepted "" by "lead"', 'accepted "TODO: why the risk is acceptable" by "lead"'],
    ['accepted "why" by ""', 'accepted "why" by "TODO: who accepts the risk"'],
    ['accepted ""', 'accepted "TODO: why the risk is acceptable" by "TODO: who accepts the risk"'],
  ])('%s becomes %s, which stays open', async (decision, completed) => {
    const { text, diagnostics } = await applyFix(THREAT(decision), IssueCodes.IncompleteAcceptance, 'Complete the acceptance (TODO stubs)');
    expect(text).toBe(THREAT(completed));
    expect(withCode(diagnostics, IssueCodes.IncompleteAcceptance)).toEqual([]);
    // A TODO acceptance is not a decision: the high score stays open.
    expect(withCode(diagnostics, IssueCodes.OpenFixNow)).toHaveLength(1);
  });
});

describe('incomplete-exemption', () => {
  test.each([
    ['exempt S, R', 'exempt S, R "TODO: why S, R do not apply"'],
    ['exempt R ""', 'exempt R "TODO: why R does not apply"'],
  ])('%s gets a TODO reason, which covers the letters', async (exemption, completed) => {
    const text = `external U { ${exemption} }\nprocess P { exempt S, T, R, I, D, E "x" }\nflow F: U -> P`;
    const { text: fixed, diagnostics } = await applyFix(text, IssueCodes.IncompleteExemption, 'Give the exemption a reason (TODO stub)');
    expect(fixed).toBe(text.replace(exemption, completed));
    expect(withCode(diagnostics, IssueCodes.IncompleteExemption)).toEqual([]);
  });
});

describe('make this the reply of a request', () => {
  const MIRRORED = `external Customer
boundary Shop {
  process Api
}
flow Query: Customer -> Api { protocol HTTPS  carries internal  authn "token"  authz "owner"  validation "schema" }
flow Answer: Api -> Customer { protocol HTTPS  carries pii  authn none  authz none  validation none }
`;
  const TITLE = 'Make this the reply of Query (Customer -> Api)';

  /** The actions at the reverse flow's name, with the diagnostics that sit there. */
  function actionsAtAnswer(text: string): Promise<CodeAction[]> {
    return withDocument(text, async document => {
      const line = document.textDocument.getText().split('\n').findIndex(row => row.startsWith('flow Answer'));
      const at = { line, character: 6 };
      const diagnostics = (document.diagnostics ?? []).filter(diagnostic => diagnostic.range.start.line === line);
      return await services.lsp.CodeActionProvider!.getCodeActions(document, { ...textParams(document), range: { start: at, end: at }, context: { diagnostics } }) as CodeAction[];
    });
  }

  test('removes the reverse flow and adds what it carried as the request\'s `returns`, as a quick-fix of its findings', async () => {
    const action = (await actionsAtAnswer(MIRRORED)).find(candidate => candidate.title === TITLE)!;
    expect(action.kind).toBe('quickfix');
    const fixed = TextDocument.applyEdits(TextDocument.create('file:///fixed.tm', 'tm', 0, MIRRORED), Object.values(action.edit!.changes!)[0]);
    expect(fixed).not.toContain('Answer');
    expect(fixed).toContain('flow Query: Customer -> Api { protocol HTTPS  carries internal  authn "token"  authz "owner"  validation "schema"  returns pii }');
    const diagnostics = await withDocument(fixed, document => document.diagnostics ?? []);
    expect(withCode(diagnostics, IssueCodes.SyntaxError)).toEqual([]);
    expect(withCode(diagnostics, IssueCodes.UnresolvedReference)).toEqual([]);
  });

  test('is not offered when a threat names the reverse flow, or it has a real control', async () => {
    expect((await actionsAtAnswer(`${MIRRORED}threat T { on Answer stride I }`)).map(action => action.title)).not.toContain(TITLE);
    expect((await actionsAtAnswer(MIRRORED.replace('authn none  authz none', 'authn "mTLS"  authz none'))).map(action => action.title)).not.toContain(TITLE);
  });

  test('is offered at the reverse flow without a diagnostic, as a refactoring', async () => {
    const actions = await withDocument(MIRRORED, async document => services.lsp.CodeActionProvider!.getCodeActions(document, {
      ...textParams(document), range: { start: { line: 5, character: 6 }, end: { line: 5, character: 6 } }, context: { diagnostics: [] },
    }) as CodeAction[]);
    expect(actions.map(action => [action.title, action.kind])).toEqual([[TITLE, 'refactor.rewrite']]);
  });
});

describe('plaintext-sensitive and unverified-encryption (§11)', () => {
  const CROSSING = 'external U { exempt S, R "x" }\nboundary B { process P { exempt S, T, R, I, D, E "x" } }\n';
  const flow = (fields: string) => `${CROSSING}flow F: U -> P { ${fields} authn "t" authz none validation none exempt T, I, D "x" }`;

  test('offers the encrypting form of the protocol first, then `encrypted`', async () => {
    const { actions } = await check(flow('protocol FTP carries credentials'), IssueCodes.PlaintextSensitive);
    expect(actions.map(action => action.title)).toEqual(['Use FTPS instead of FTP', 'Use SFTP instead of FTP', 'Add `encrypted` to F (the channel is encrypted)']);
  });

  test.each([
    ['HTTP', 'HTTPS'], ['LDAP', 'LDAPS'], ['FTP', 'SFTP'], ['MQTT', 'MQTTS'], ['AMQP', 'AMQPS'], ['SMTP', 'SMTPS'], ['WebSocket', 'WSS'],
    ['IMAP', 'IMAPS'], ['POP3', 'POP3S'], ['Telnet', 'SSH'], ['"HTTP/1.1"', 'HTTPS'],
  ])('%s becomes %s, and the warning is gone', async (protocol, form) => {
    const text = flow(`protocol ${protocol} carries credentials`);
    const written = protocol.replace(/"/g, '');
    const { text: fixed, diagnostics } = await applyFix(text, IssueCodes.PlaintextSensitive, `Use ${form} instead of ${written}`);
    expect(fixed).toBe(text.replace(`protocol ${protocol}`, `protocol ${form}`));
    expect(withCode(diagnostics, IssueCodes.PlaintextSensitive)).toEqual([]);
    expect(withCode(diagnostics, IssueCodes.UnverifiedEncryption)).toEqual([]);
  });

  test('`encrypted` joins the flow\'s block and silences the warning inside a zone too', async () => {
    const text = 'boundary B { process A { exempt S, T, R, I, D, E "x" } process C { exempt S, T, R, I, D, E "x" } }\nflow F: A -> C { protocol LDAP  carries credentials }';
    const { text: fixed, diagnostics } = await applyFix(text, IssueCodes.PlaintextSensitive, 'Add `encrypted` to F (the channel is encrypted)');
    expect(fixed).toBe(text.replace('carries credentials }', 'carries credentials  encrypted }'));
    expect(withCode(diagnostics, IssueCodes.PlaintextSensitive)).toEqual([]);
  });

  test('a plaintext protocol without an encrypting form gets only `encrypted`', async () => {
    const { actions } = await check(flow('protocol DNS carries pii'), IssueCodes.PlaintextSensitive);
    expect(actions.map(action => action.title)).toEqual(['Add `encrypted` to F (the channel is encrypted)']);
  });

  test('an unverified channel gets `encrypted`, in a new block when the flow has none', async () => {
    const text = `${CROSSING}flow F: U -> P`;
    const { actions } = await check(`${text} { carries pii }`, IssueCodes.UnverifiedEncryption);
    expect(actions.map(action => action.title)).toEqual(['Add `encrypted` to F (the channel is encrypted)']);
    const { text: fixed, diagnostics } = await applyFix(`${text} {\n  protocol SQL\n  carries pii\n}\n`, IssueCodes.UnverifiedEncryption, 'Add `encrypted` to F (the channel is encrypted)');
    expect(fixed).toBe(`${text} {\n  protocol SQL\n  carries pii\n  encrypted\n}\n`);
    expect(withCode(diagnostics, IssueCodes.UnverifiedEncryption)).toEqual([]);
  });
});

describe('unencrypted-sensitive-store (§11)', () => {
  test.each([
    ['store Db { holds secrets }', 'store Db { holds secrets  encrypted }'],
    ['store Db { kind database\n  holds pii }', 'store Db { kind database\n  holds pii\n  encrypted\n}'],
  ])('%s gets `encrypted`', async (store, encrypted) => {
    const text = `process P { exempt S, T, R, I, D, E "x" }\n${store}\nflow F: P -> Db`;
    const { text: fixed, diagnostics } = await applyFix(text, IssueCodes.UnencryptedSensitiveStore, 'Add `encrypted` to Db (it is encrypted at rest)');
    expect(fixed).toBe(text.replace(store, encrypted));
    expect(withCode(diagnostics, IssueCodes.UnencryptedSensitiveStore)).toEqual([]);
  });
});

describe('unauthenticated-entry (§11)', () => {
  const ENTRY = 'external U { exempt S, R "x" }\nboundary B { process P "Upload API" { privilege admin  exempt T, R, I, D, E "x" } }\nflow Upload: U -> P { authn none authz none validation none exempt T, I, D "x" }\n';

  test('inserts the spoofing threat on the flow and its target with a TODO acceptance, which is no decision', async () => {
    const { text, diagnostics } = await applyFix(ENTRY, IssueCodes.UnauthenticatedEntry, 'Record the spoofing threat that `authn none` on Upload accepts (TODO stubs)');
    expect(text).toBe(`${ENTRY}
threat Upload_S "Anyone from outside reaches Upload API through Upload" {
  on Upload, P
  stride S
  accepted "TODO: why admitting unauthenticated callers is acceptable" by "TODO: who accepts the risk"
}
`);
    expect(withCode(diagnostics, IssueCodes.UnauthenticatedEntry)).toEqual([]);
    expect(withCode(diagnostics, IssueCodes.TodoPlaceholder)).toHaveLength(2);
    expect(withCode(diagnostics, IssueCodes.StrideNotApplicable)).toEqual([]);
  });

  test('into a store, S goes on the source', async () => {
    const text = 'process Cli { exempt S, T, R, I, D, E "x" }\nboundary B { store Db { holds pii encrypted exempt T, I, D "x" } }\nflow W: Cli -> Db { carries pii authn none authz none validation none exempt T, I, D "x" }\nthreat T1 { on Db stride T }';
    const { text: fixed, diagnostics } = await applyFix(text, IssueCodes.UnauthenticatedEntry, 'Record the spoofing threat that `authn none` on W accepts (TODO stubs)');
    expect(fixed).toContain('threat T1 { on Db stride T }\n\nthreat W_S "Anyone from outside reaches Cli through W" {\n  on W, Cli\n');
    expect(withCode(diagnostics, IssueCodes.UnauthenticatedEntry)).toEqual([]);
  });
});

describe('invalid-flow between two elements that are not processes (§11)', () => {
  test('the flow becomes two through a new process, with the same protocol, data and controls', async () => {
    const text = 'boundary Shop {\n  store Orders { holds pii encrypted }\n}\nexternal Customer\nflow Dump: Orders -> Customer "export" { protocol HTTPS carries pii authn none }\n';
    const { text: fixed, diagnostics } = await applyFix(text, IssueCodes.InvalidFlow, 'Route Dump through a new process');
    expect(fixed).toBe('boundary Shop {\n  store Orders { holds pii encrypted }\n  process Orders_to_Customer\n}\nexternal Customer\n'
      + 'flow Dump: Orders -> Orders_to_Customer "export" { protocol HTTPS carries pii authn none }\n'
      + 'flow Dump_to_Customer: Orders_to_Customer -> Customer "export" { protocol HTTPS carries pii authn none }\n');
    expect(withCode(diagnostics, IssueCodes.InvalidFlow)).toEqual([]);
  });

  test('outside every boundary the process goes before the flow; names stay unique; threats on the flow cover both flows', async () => {
    const text = 'external A\nexternal B\nprocess A_to_B\nflow F: A -> B\nflow F_to_B: A_to_B -> B\nthreat T { on F stride T }\n';
    const { text: fixed, diagnostics } = await applyFix(text, IssueCodes.InvalidFlow, 'Route F through a new process');
    expect(fixed).toBe('external A\nexternal B\nprocess A_to_B\nprocess A_to_B2\nflow F: A -> A_to_B2\nflow F_to_B2: A_to_B2 -> B\nflow F_to_B: A_to_B -> B\nthreat T { on F, F_to_B2 stride T }\n');
    expect(withCode(diagnostics, IssueCodes.InvalidFlow)).toEqual([]);
    expect(withCode(diagnostics, IssueCodes.UnresolvedReference)).toEqual([]);
    expect(withCode(diagnostics, IssueCodes.DuplicateName)).toEqual([]);
  });

  test('a flow from an element to itself, or with a process end, gets no such fix', async () => {
    expect((await check('external A\nflow F: A -> A', IssueCodes.InvalidFlow)).actions).toEqual([]);
  });
});

describe('robustness', () => {
  test('other diagnostics have no quick-fix', async () => {
    const { actions } = await check('process A\nprocess A', IssueCodes.DuplicateName);
    expect(actions).toEqual([]);
  });

  test('a half-typed file with a diagnostic still gets fixes without throwing', async () => {
    const { actions } = await check('external U\nthreat T { on U stride S\nflow F: U ->', IssueCodes.UncoveredStride);
    expect(Array.isArray(actions)).toBe(true);
  });
});

describe('every fix on the example models', () => {
  /** How much of a diagnostic code is left: letters, controls, or occurrences. */
  const remaining = (diagnostics: Diagnostic[], code: string) => withCode(diagnostics, code).reduce((sum, diagnostic) => {
    const data = diagnostic.data as { letters?: unknown[]; controls?: unknown[] };
    return sum + (data.letters?.length ?? data.controls?.length ?? 1);
  }, 0);

  test.each(['spec-example.tm', 'iot-fleet.tm'])('%s: each fix parses, shrinks what it fixes and is formatted', async file => {
    const text = readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
    let applied = 0;
    for (const code of [IssueCodes.UncoveredStride, IssueCodes.MissingBoundaryControl, IssueCodes.IncompleteAcceptance, IssueCodes.PlaintextSensitive, IssueCodes.UnencryptedSensitiveStore]) {
      const { diagnostics } = await check(text, code);
      for (const diagnostic of withCode(diagnostics, code)) {
        const actions = await withDocument(text, document => services.lsp.CodeActionProvider!.getCodeActions(document, {
          ...textParams(document), range: diagnostic.range, context: { diagnostics: [diagnostic] },
        }) as CodeAction[]);
        for (const action of actions) {
          const { text: fixed, diagnostics: after } = await applyFix(text, code, action.title);
          expect(remaining(after, code), action.title).toBeLessThan(remaining(diagnostics, code));
          expect(await formatted(fixed), `${action.title} is formatted like the rest`).toBe(fixed);
          applied++;
        }
      }
    }
    expect(applied).toBeGreaterThan(5);
  });
});

describe('suggested-threat', () => {
  // Front gives Api an input, which the SQL injection entry asks for.
  const DB = 'process Api\nstore Db { kind database }\nflow Q: Api -> Db { protocol SQL }\nprocess Front\nflow In: Front -> Api\n';

  test('offers to add or dismiss each suggested entry', async () => {
    const { actions } = await check(DB, IssueCodes.SuggestedThreat);
    expect(actions.map(action => action.title)).toEqual(['Add threat: SQL injection', 'Not applicable: SQL injection']);
  });

  test('"Add threat" inserts the entry as a threat that names it, and the suggestion is gone', async () => {
    const { text, diagnostics } = await applyFix(DB, IssueCodes.SuggestedThreat, 'Add threat: SQL injection');
    expect(text).toBe(`${DB}
threat Q_sql_injection "SQL injection on Q" {
  on Q
  stride T, I
  catalogue "tm:sql-injection"
  refs "CWE-89", "CAPEC-66", "A03:2021"
  mitigation "TODO: Parameterised queries or an ORM for every query; no string concatenation of input" planned
  mitigation "TODO: The database account of the service has only the rights it needs" planned
}
`);
    expect(withCode(diagnostics, IssueCodes.SuggestedThreat).filter(diagnostic => diagnostic.range.start.line === 2)).toEqual([]);
    expect(withCode(diagnostics, IssueCodes.UnknownCatalogueEntry)).toEqual([]);
    expect(withCode(diagnostics, IssueCodes.InvalidReference)).toEqual([]);
  });

  test('"Not applicable" dismisses the entry with a TODO reason, which stays visible', async () => {
    const { text, diagnostics } = await applyFix(DB, IssueCodes.SuggestedThreat, 'Not applicable: SQL injection');
    expect(text).toBe(DB.replace('{ protocol SQL }', '{ protocol SQL  dismiss "tm:sql-injection" "TODO: why it does not apply here" }'));
    expect(withCode(diagnostics, IssueCodes.SuggestedThreat)).toEqual([]);
    expect(withCode(diagnostics, IssueCodes.TodoPlaceholder)).toHaveLength(1);
  });

  test('with several entries, removing one leaves the others', async () => {
    const model = 'external U { kind user }\nboundary B { process P }\nflow F: U -> P { protocol HTTPS authn none authz none validation none }\n';
    const before = withCode((await check(model, IssueCodes.SuggestedThreat)).diagnostics, IssueCodes.SuggestedThreat).find(d => d.range.start.line === 2);
    const entries = (before?.data as { entries: string[] }).entries;
    expect(entries).toEqual(['tm:xss', 'tm:missing-authentication', 'tm:missing-authorisation', 'tm:input-validation']);
    const { diagnostics } = await applyFix(model, IssueCodes.SuggestedThreat, 'Not applicable: Cross-site scripting');
    const after = withCode(diagnostics, IssueCodes.SuggestedThreat).find(d => d.range.start.line === 2);
    expect((after?.data as { entries: string[] }).entries).toEqual(['tm:missing-authentication', 'tm:missing-authorisation', 'tm:input-validation']);
  });
});
