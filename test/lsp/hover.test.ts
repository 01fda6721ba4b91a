import { describe, expect, test } from 'vitest';
import { loadPack } from '../../server/catalogue/pack.js';
import { catalogueEntryMarkdown } from '../../server/lsp/markdown.js';
import { hoverAt } from './lsp-services.js';

const MODEL = `
external Customer "Customer browser" { kind user }
boundary Shop "Shop backend" {
  process Api "API server"
  store Audit { kind log  exempt R "append-only, signed" }
}
flow Checkout: Customer -> Api { protocol HTTPS }
flow Record: Api -> Audit
threat T1 "Reads another user's invoice" {
  on Api, Checkout
  stride I, E
  likelihood 3  impact 3
  mitigation "Row-level authorization" planned
}
threat T2 "Unscored" { on Api stride S }
`;

function at(marker: string, text = MODEL): string {
  const index = text.indexOf(marker);
  return `${text.slice(0, index)}<|>${text.slice(index)}`;
}

describe('STRIDE letters', () => {
  test('a letter after `stride` explains the property, an example and mitigations', async () => {
    const hover = await hoverAt(at('E\n  likelihood'));
    expect(hover).toContain('E — Elevation of privilege');
    expect(hover).toContain('violates *Authorization*');
    expect(hover).toContain('*Example:*');
    expect(hover).toContain('least privilege');
  });

  test('a letter after `exempt`', async () => {
    expect(await hoverAt(at('R "append'))).toContain('R — Repudiation');
  });

  test('a name that happens to be a letter is a name, not a letter', async () => {
    const text = 'process S\nprocess B\nflow F: <|>S -> B';
    expect(await hoverAt(text)).toContain('**process S**');
  });
});

describe('elements and flows', () => {
  test('at the declaration: kind, label, zone, coverage and threats', async () => {
    const hover = await hoverAt(at('Api "API server"'));
    expect(hover).toContain('**process Api** — API server');
    expect(hover).toContain('Zone: Shop');
    expect(hover).toContain('STRIDE: S ✓ T ✗ R ✗ I ✓ D ✗ E ✓');
    expect(hover).toContain('2 threats:');
    expect(hover).toContain('T1 Reads another user\'s invoice — 9 · fix now · planned');
    expect(hover).toContain('T2 Unscored — unscored · open');
  });

  test('at a reference, the same content as at the declaration', async () => {
    const atReference = await hoverAt(at('Api, Checkout'));
    expect(atReference).toBe(await hoverAt(at('Api "API server"')));
  });

  test('an element outside every boundary and covered by an exemption', async () => {
    expect(await hoverAt(at('Customer "Customer'))).toContain('Zone: outside');
    expect(await hoverAt(at('Audit {'))).toContain('STRIDE: T ✗ R ✓ I ✗ D ✗');
  });

  test('a flow shows the zones it crosses', async () => {
    const hover = await hoverAt(at('Checkout: '));
    expect(hover).toContain('**flow Checkout**');
    expect(hover).toContain('Crosses outside → Shop');
    expect(hover).toMatch(/STRIDE: T ✗ I ✓ D ✗$/m);
    const within = await hoverAt(at('Record: '));
    expect(within).toContain('Within Shop');
    expect(within).toContain('STRIDE: T ✗ I ✗ D ✗ (not required for this flow by the coverage setting)');
  });

  test.each([
    ['flow <|>F: A -> B { protocol HTTPS }', 'Channel: encrypted (HTTPS)'],
    ['flow <|>F: A -> B { protocol "HTTP/1.1" port 8080 }', 'Channel: plaintext (HTTP/1.1, port 8080)'],
    ['flow <|>F: A -> B { protocol HTTP encrypted }', 'Channel: encrypted (says `encrypted`)'],
    ['flow <|>F: A -> B { protocol SQL }', 'Channel: unverified (SQL) — not known to encrypt: say `encrypted` if it does'],
    ['flow <|>F: A -> B', 'Channel: unverified (no protocol named) — not known to encrypt: say `encrypted` if it does'],
  ])('a flow shows its channel (§11): %s', async (flow, channel) => {
    expect(await hoverAt(`process A\nprocess B\n${flow}`)).toContain(channel);
  });

  test('model text is escaped', async () => {
    const hover = await hoverAt('process <|>P "<img src=x> [link](http://x) *bold*"');
    // Every character that would open markup is backslash-escaped, so it shows as itself.
    const label = hover?.split('\n')[0].split(' — ')[1];
    expect(label).not.toMatch(/(^|[^\\])[<[*]/);
    expect(hover).toContain('\\<img src=x\\> \\[link\\](http://x) \\*bold\\*');
  });
});

describe('threats', () => {
  test('score, bucket and derived status', async () => {
    const hover = await hoverAt(at('T1 "'));
    expect(hover).toContain('**threat T1** — Reads another user\'s invoice');
    expect(hover).toContain('Score 9 · fix now (likelihood 3 × impact 3)');
    expect(hover).toContain('Status: planned');
    expect(hover).toContain('On Api, Checkout · stride I, E');
  });

  test('an unscored threat says what is missing', async () => {
    expect(await hoverAt(at('T2 "'))).toContain('Unscored: add `likelihood 1..3` and `impact 1..3`.');
  });
});

describe('attacks', () => {
  test('the goal, the threat it realizes and the cheapest path', async () => {
    const text = `${MODEL}attack <|>A "Read invoices" {\n  realizes T1\n  or {\n    "Hijack the session" and { "Steal cookie" cost medium "Bypass MFA" cost low }\n    "SQL injection" cost high\n  }\n}`;
    const hover = await hoverAt(text);
    expect(hover).toContain('**attack A** — Read invoices');
    expect(hover).toContain('Realizes T1');
    expect(hover).toContain('Cheapest path costs 5 (high); cut it first:\n- Hijack the session → Steal cookie\n- Hijack the session → Bypass MFA');
  });

  test('an attack lists the unexpanded leaves its cheapest path skips (§11)', async () => {
    const hover = await hoverAt('attack <|>A "goal" { or { "Bribe an admin" "Guess" cost low "Insider" or { "Plant" } } }');
    expect(hover).toContain('Cheapest path costs 2 (low); cut it first:\n- Guess\n\nNot counted: 2 unexpanded leaves (no cost yet):\n- Bribe an admin\n- Insider → Plant');
  });

  test('an attack without costed leaves says so', async () => {
    expect(await hoverAt('attack <|>A "goal"')).toContain('No complete path with valid costs yet.');
  });
});

describe('keywords', () => {
  test.each([
    ['exempt', 'counts as coverage'],
    ['mitigation', 'mitigated* once every mitigation is done'],
    ['accepted', 'accepted "why" by "who"'],
    ['transferred', 'transferred "why" to "whom"'],
    ['eliminated', 'eliminated "what was cut"'],
  ])('%s is explained', async (keyword, expected) => {
    const text = `process P { exempt R "x" }\nthreat T { on P accepted "a" by "b" transferred "c" to "d" eliminated "e" mitigation "f" }`;
    expect(await hoverAt(at(`${keyword} `, text))).toContain(expected);
  });

  test('other keywords and whitespace have no hover', async () => {
    expect(await hoverAt(at('likelihood'))).toBeUndefined();
    expect(await hoverAt(`${MODEL}\n   <|>  \n`)).toBeUndefined();
  });
});

describe('half-typed input', () => {
  test.each([
    'threat T { on <|>Api',
    'flow F: <|>X -> ',
    'threat T { stride <|>S, ',
    'process <|>',
    'threat <|>T { likelihood 9 impact',
  ])('%s hovers without throwing', async text => {
    expect(await hoverAt(text)).toSatisfy(hover => hover === undefined || typeof hover === 'string');
  });
});

describe('catalogue ids', () => {
  const WITH_ENTRY = `
external U
process Api
store Db { kind database }
flow In: U -> Api
flow Q: Api -> Db { protocol SQL  dismiss "tm:nosql-injection" "SQL only" }
threat T { on Q  stride T  catalogue "tm:sql-injection" }
threat Typo { on Q  stride T  catalogue "tm:sql-injektion" }
`;

  test('`catalogue "tm:…"` in a threat explains the entry, with its mitigations and linked references', async () => {
    const hover = await hoverAt(at('tm:sql-injection', WITH_ENTRY));
    expect(hover).toContain('**tm:sql-injection — SQL injection** (T, I)');
    expect(hover).toContain('Input that reaches a query as text');
    expect(hover).toContain('*Suggested on a flow when:* {source} takes input and sends queries to {target} (database)');
    expect(hover).toContain('- Parameterised queries or an ORM for every query; no string concatenation of input ([V5.3.4](');
    expect(hover).toContain('[CWE-89](https://cwe.mitre.org/data/definitions/89.html)');
    expect(hover).toMatch(/\*From catalogue\/default\.yaml, line \d+\.\*/);
  });

  test('`dismiss "tm:…"` explains the entry it dismisses', async () => {
    expect(await hoverAt(at('tm:nosql-injection', WITH_ENTRY))).toContain('**tm:nosql-injection — NoSQL injection**');
  });

  test('an unknown id has no entry to explain', async () => {
    expect(await hoverAt(at('tm:sql-injektion', WITH_ENTRY))).toBeUndefined();
  });

  test("a pack's text is escaped like a model's", () => {
    const { pack } = loadPack(`entries:
  - id: team:x
    title: "<img src=x onerror=alert(1)> [click](javascript:alert(1))"
    description: "**bold** <script>"
    stride: [T]
    on: flow
    when: { crossing: true }
    because: "{name} crosses"
    mitigations: [{ text: "<b>do</b>", refs: [CWE-79] }]`, 'team.yaml');
    const markdown = catalogueEntryMarkdown(pack.byId.get('team:x')!);
    expect(markdown).not.toMatch(/(?<!\\)<(img|script|b>)|(?<!\\)\]\(javascript/);
    expect(markdown).toContain('\\<img src=x onerror=alert(1)\\>');
  });
});
