// Every construct of docs/language.md §§1–4 and 7 parses, into the values the analysis reads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Attack, AttackNode, Boundary, External, Flow, Model, Process, Store, Threat } from '../../server/language/generated/ast.js';
import { check, expectNoCode, findings, messageOf, withCode } from './harness.js';

/** The complete example of docs/language.md §1, verbatim. */
const SPEC_EXAMPLE = String.raw`model "Payments service" {
  owner "payments-team"
  reviewed "2026-03-12"
  revisit "when the worker gains shipping integration"
}

external Customer "Customer browser" { kind user }

boundary Shop "Shop backend" {
  process Api "API server"
  process Worker "Payments worker" { privilege service }
  store Orders "Orders DB" { kind database  holds pii, financial }
  store Jobs "Job queue" { kind queue }
  store Audit "Audit log" { kind log }
}

boundary Providers "Third-party providers" {
  external Stripe "Payment API" { kind service }
}

flow Checkout: Customer -> Api "checkout request" {
  protocol HTTPS
  carries credentials, pii
  authn "short-lived session token"
  authz "cart must belong to the caller"
  validation "JSON schema; total recomputed server-side"
}
flow SaveOrder: Api -> Orders { protocol SQL }
flow Enqueue: Api -> Jobs { protocol AMQP }
flow Dequeue: Jobs -> Worker { protocol AMQP }
flow Charge: Worker -> Stripe "capture payment" {
  protocol HTTPS
  authn "API key from the secret store"
  authz none
  validation "verify the response signature"
}
flow Record: Worker -> Audit "append event" { protocol SQL }

threat T1 "Logged-in user reads another user's invoice" {
  on Api
  stride I, E
  likelihood 3  impact 3
  mitigation "Row-level authorization in the invoice repository" done
  mitigation "Integration test for cross-user fetch" planned ticket "PAY-142"
}

threat T4 "Audit log tampered with after the fact" {
  on Audit
  stride R
  likelihood 1  impact 3
  accepted "DB admins are a trusted, audited group of three" by "security-lead"
}

threat T6 "Client edits the order total" {
  on Checkout
  stride T
  likelihood 3  impact 3
}

attack Invoices "Read another user's invoices" {
  realizes T1
  or {
    "Hijack the target's session" or {
      "Steal the session cookie via XSS" cost medium
      "Phish the user's password" cost medium
    }
    "Change the id in /api/invoices/{id}" cost trivial
    "Read the database directly" or {
      "SQL injection on a search field" cost medium
      "Leaked DB credentials in a repo" cost low
    }
  }
}
`;

async function parsed(text: string): Promise<Model> {
  const result = await check(text);
  expectNoCode(result, 'syntax-error');
  return result.document.parseResult.value;
}

function named<T extends { name: string }>(model: Model, name: string): T {
  const stack: unknown[] = [...model.declarations];
  while (stack.length > 0) {
    const node = stack.pop() as { name: string; members?: unknown[] };
    if (node.name === name) return node as unknown as T;
    stack.push(...(node.members ?? []));
  }
  throw new Error(`no declaration ${name}`);
}

describe('the example of docs/language.md §1', () => {
  it('parses without syntax errors and with every reference resolved', async () => {
    const result = await check(SPEC_EXAMPLE);
    expectNoCode(result, 'syntax-error');
    expectNoCode(result, 'unresolved-reference');
  });

  it('gives exactly these findings on 2026-11-23', async () => {
    expect(findings((await check(SPEC_EXAMPLE)).diagnostics)).toEqual([
      'stale-review@1',
      'uncovered-stride@7', 'uncovered-stride@10', 'suggested-threat@10', 'uncovered-stride@11', 'uncovered-stride@12', 'suggested-threat@12',
      'unencrypted-sensitive-store@12', 'uncovered-stride@13', 'uncovered-stride@14', 'suggested-threat@14', 'uncovered-stride@18', 'uncovered-stride@21',
      'suggested-threat@21', 'suggested-threat@28', 'suggested-threat@30', 'uncovered-stride@31', 'suggested-threat@37',
      'open-fix-now@39', 'open-fix-now@54', 'attack-cost@60',
    ]);
  });

  it('reads the values the analysis needs', async () => {
    const model = await parsed(SPEC_EXAMPLE);
    expect(model.headers[0]).toMatchObject({ title: 'Payments service', owner: ['payments-team'], reviewed: ['2026-03-12'] });
    expect(named<Store>(model, 'Orders')).toMatchObject({ label: 'Orders DB', kind: ['database'], holds: ['pii', 'financial'] });
    const checkout = named<Flow>(model, 'Checkout');
    expect(checkout.source.ref?.name).toBe('Customer');
    expect(checkout.target.ref?.name).toBe('Api');
    expect(checkout).toMatchObject({ label: 'checkout request', protocol: ['HTTPS'], carries: ['credentials', 'pii'] });
    expect(checkout.authn[0].text).toBe('short-lived session token');
    expect(named<Flow>(model, 'Charge').authz[0].none).toBe(true);
    const t1 = named<Threat>(model, 'T1');
    expect(t1.letters).toEqual(['I', 'E']);
    expect(t1.decisions.map(decision => decision.$type)).toEqual(['Mitigation', 'Mitigation']);
    expect(named<Attack>(model, 'Invoices').trees[0].children.map(node => node.text)).toEqual([
      'Hijack the target\'s session', 'Change the id in /api/invoices/{id}', 'Read the database directly',
    ]);
  });
});

describe('fields', () => {
  it('every field of every declaration, in any order', async () => {
    const model = await parsed(`
      model "M" { description "d" revisit "r" reviewed "2026-11-23" owner "o" }
      external Ext "E" { exempt R "signed requests" kind device }
      process Proc { exempt D "idle" privilege admin }
      store Db { encrypted holds health, secrets kind cache exempt T "read-only" }
      flow F: Ext -> Proc "label" { validation none exempt I "public data" authz "role" authn none carries public, internal protocol mTLS }
      threat Th "title" { mitigation "m" likelihood low on Proc, F impact high stride S }
    `);
    expect(model.headers[0]).toMatchObject({ owner: ['o'], reviewed: ['2026-11-23'], revisit: ['r'], description: ['d'] });
    expect(named<External>(model, 'Ext')).toMatchObject({ label: 'E', kind: ['device'] });
    expect(named<External>(model, 'Ext').exemptions[0]).toMatchObject({ letters: ['R'], reason: 'signed requests' });
    expect(named<Process>(model, 'Proc').privilege).toEqual(['admin']);
    expect(named<Store>(model, 'Db')).toMatchObject({ kind: ['cache'], holds: ['health', 'secrets'], encrypted: ['encrypted'] });
    expect(named<Flow>(model, 'F')).toMatchObject({ protocol: ['mTLS'], carries: ['public', 'internal'] });
    const threat = named<Threat>(model, 'Th');
    expect(threat.targets.map(target => target.ref?.name)).toEqual(['Proc', 'F']);
    expect(threat.likelihood[0].alias).toBe('low');
    expect(threat.impact[0].alias).toBe('high');
  });

  it.each([
    'external', 'process', 'store', 'boundary',
  ])('a %s block may be omitted or empty', async keyword => {
    const model = await parsed(`${keyword} A\n${keyword} B "label"\n${keyword} C {}\n${keyword} D "label" { }`);
    expect(model.declarations.map(declaration => declaration.name)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('a flow, threat and attack block may be omitted, and the model header has every field optional', async () => {
    const model = await parsed('model\nprocess A process B\nflow F: A -> B\nthreat T\nattack X');
    expect(model.headers).toHaveLength(1);
    expect(model.declarations.map(declaration => declaration.$type)).toEqual(['Process', 'Process', 'Flow', 'Threat', 'Attack']);
  });

  it('decisions: a mitigation\'s status, owner and ticket in any order, and every decision kind', async () => {
    const model = await parsed(`threat T {
      mitigation "a" ticket "X-1" done owner "alice"
      mitigation "b" owner "bob" in-progress
      mitigation "c"
      accepted "reason" by "carol"
      accepted "no name yet"
      transferred "insured" to "insurer"
      eliminated "feature removed"
    }`);
    const [a, b, c, accepted, incomplete, transferred, eliminated] = named<Threat>(model, 'T').decisions;
    expect(a).toMatchObject({ text: 'a', status: ['done'], owner: ['alice'], ticket: ['X-1'] });
    expect(b).toMatchObject({ status: ['in-progress'], owner: ['bob'] });
    expect(c).toMatchObject({ status: [], owner: [], ticket: [] });
    expect(accepted).toMatchObject({ reason: 'reason', by: 'carol' });
    expect(incomplete).toMatchObject({ reason: 'no name yet' });
    expect(incomplete).not.toHaveProperty('by');
    expect(transferred).toMatchObject({ reason: 'insured', to: 'insurer' });
    expect(eliminated).toMatchObject({ what: 'feature removed' });
  });

  it('nested boundaries hold elements and boundaries', async () => {
    const model = await parsed('boundary A { boundary B { boundary C { process P } store S } external E }');
    const a = named<Boundary>(model, 'A');
    expect(a.members.map(member => member.name)).toEqual(['B', 'E']);
    expect(named<Boundary>(model, 'C').members.map(member => member.name)).toEqual(['P']);
  });

  it('attack trees nest `or` and `and` with named and numeric costs', async () => {
    const model = await parsed('threat T\nattack A "goal" { and { "x" or { "y" cost 4 "z" cost extreme } "w" cost 0 } realizes T }');
    const attack = named<Attack>(model, 'A');
    expect(attack.realizes[0].ref?.name).toBe('T');
    const [x, w] = attack.trees[0].children;
    expect(attack.trees[0].gate).toBe('and');
    expect(x.gate).toBe('or');
    expect(x.children.map((node: AttackNode) => node.cost)).toMatchObject([{ value: 4 }, { named: 'extreme' }]);
    expect(w.cost).toMatchObject({ value: 0 });
  });
});

describe('lexical rules', () => {
  it('line and block comments may sit anywhere, and whitespace is insignificant', async () => {
    const model = await parsed('// a line\nprocess /* inline */ A /* a\nblock\ncomment */ "label" { privilege // trailing\n root }');
    expect(named<Process>(model, 'A')).toMatchObject({ label: 'label', privilege: ['root'] });
  });

  it('a whole model fits on one line', async () => {
    const result = await check('external C process A flow F: C -> A threat T { on A stride S likelihood 1 impact 1 mitigation "m" done }');
    expectNoCode(result, 'syntax-error');
    expectNoCode(result, 'unresolved-reference');
  });

  it('strings take \\" and \\\\ escapes', async () => {
    const model = await parsed(String.raw`process A "say \"hi\" \\ bye"`);
    expect(named<Process>(model, 'A').label).toBe('say "hi" \\ bye');
  });

  it('a string does not run past the end of its line', async () => {
    const result = await check('process A "unclosed\nprocess B');
    expect(withCode(result, 'syntax-error').length).toBeGreaterThan(0);
    expect(result.document.parseResult.value.declarations.map(declaration => declaration.name)).toContain('B');
  });

  it.each(['model', 'process', 'threat', 'kind', 'none', 'or', 'pii', 'low'])('the keyword `%s` is reserved and cannot be a name', async keyword => {
    expect(withCode(await check(`process ${keyword}`), 'syntax-error').length).toBeGreaterThan(0);
  });

  it.each(['_private', 'Api2', 'snake_case_name', 'X'])('`%s` is a name', async name => {
    expect((await parsed(`process ${name}`)).declarations[0].name).toBe(name);
  });

  it('keywords are lower case: `Process` is a name, not a keyword', async () => {
    expect(withCode(await check('Process A'), 'syntax-error').length).toBeGreaterThan(0);
  });
});

describe('docs/language.md', () => {
  const blocks = [...fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/language.md'), 'utf8').matchAll(/```tm\n([\s\S]*?)```/g)].map(match => match[1]);

  it('opens with a complete example that parses and resolves', async () => {
    const result = await check(blocks[0]);
    expectNoCode(result, 'syntax-error');
    expectNoCode(result, 'unresolved-reference');
  });

  it.each(blocks.map((block, index) => ({ index, block })))('snippet $index is made of tm tokens', async ({ block }) => {
    const lexing = withCode(await check(block), 'syntax-error').filter(d => /^(Unexpected character|This string is not closed)/.test(messageOf(d)));
    expect(lexing).toEqual([]);
  });
});
