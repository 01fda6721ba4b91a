// A repository's catalogue: team packs add entries, override default ones by id (keeping the id),
// extend them under ids of their own, turn them off, and pin the default pack's version. Every
// mistake is a problem at the team pack's line; the entries without one still apply.
import { describe, expect, test } from 'vitest';
import { assembleCatalogue } from '../../server/catalogue/catalogue.js';
import { defaultPack, defaultPackVersion } from '../../server/catalogue/default-pack.js';
import { readPackFile } from '../../server/catalogue/pack.js';
import { suggestionsOf } from '../../server/catalogue/suggestions.js';
import { analyzeModel } from '../../server/domain/analysis.js';
import { parseModel } from '../language/harness.js';

function catalogueOf(...texts: string[]) {
  return assembleCatalogue(texts.map((text, index) => readPackFile(text, `p${index + 1}.yaml`, 'team')));
}

function problemsOf(...texts: string[]): Array<[string, number, string]> {
  return catalogueOf(...texts).problems.map(problem => [problem.source, problem.line, problem.message]);
}

const OWN = `entries:
  - id: acme:grpc-reflection
    title: gRPC reflection left on
    stride: [I]
    on: flow
    when: { protocol: grpc }
    because: "{target} answers reflection requests from {source}"`;

/** Where the entries a test is about (`tm:sql-injection` and those of team packs) are suggested; the default pack's others may grow. */
async function suggested(text: string, ...packs: string[]): Promise<Record<string, string[]>> {
  const catalogue = catalogueOf(...packs);
  expect(catalogue.problems).toEqual([]);
  const model = await parseModel(text);
  const watched = (id: string) => id === 'tm:sql-injection' || !id.startsWith('tm:');
  return Object.fromEntries([...suggestionsOf(analyzeModel(model), catalogue.pack)]
    .map(([target, list]) => [target.name, list.map(each => each.entry.id).filter(watched)] as const)
    .filter(([, ids]) => ids.length > 0));
}

const SQL_MODEL = 'external U\nprocess Api\nstore Db { kind database }\nflow In: U -> Api\nflow Q: Api -> Db { protocol SQL }\nflow R: Api -> Db { protocol gRPC }';

describe('team packs', () => {
  test('a team entry is added after the default entries and is suggested', async () => {
    const { pack, problems } = catalogueOf(OWN);
    expect(problems).toEqual([]);
    expect(pack.entries.length).toBe(defaultPack().entries.length + 1);
    expect(pack.entries.at(-1)).toMatchObject({ id: 'acme:grpc-reflection', source: 'p1.yaml', line: 2 });
    expect(await suggested(SQL_MODEL, OWN)).toEqual({ Q: ['tm:sql-injection'], R: ['tm:sql-injection', 'acme:grpc-reflection'] });
  });

  test('an override keeps the id and the fields it does not give, in the default entry\'s place', () => {
    const { pack, problems } = catalogueOf('entries:\n  - override: tm:sql-injection\n    title: SQL injection (use the query builder)');
    expect(problems).toEqual([]);
    const entry = pack.byId.get('tm:sql-injection')!;
    expect(entry).toMatchObject({ title: 'SQL injection (use the query builder)', source: 'p1.yaml', line: 2, base: { relation: 'override', id: 'tm:sql-injection' } });
    expect(entry.refs).toEqual(defaultPack().byId.get('tm:sql-injection')!.refs);
    expect(pack.entries.map(each => each.id)).toEqual(defaultPack().entries.map(each => each.id));
  });

  test('an override with a condition of its own changes where the entry applies', async () => {
    expect(await suggested(SQL_MODEL, 'entries:\n  - override: tm:sql-injection\n    when: { protocol: sql }')).toEqual({ Q: ['tm:sql-injection'] });
  });

  test('`disabled: true` turns an entry off: never suggested, its id still known', async () => {
    const { pack } = catalogueOf('entries:\n  - override: tm:sql-injection\n    disabled: true');
    expect(pack.entries.some(entry => entry.id === 'tm:sql-injection')).toBe(false);
    expect(pack.byId.get('tm:sql-injection')?.disabled).toBe(true);
    expect(await suggested(SQL_MODEL, 'entries:\n  - override: tm:sql-injection\n    disabled: true')).toEqual({});
  });

  test('an entry that extends another takes its fields under its own id; both apply', async () => {
    const extending = 'entries:\n  - id: acme:sql-over-grpc\n    extends: tm:sql-injection\n    title: SQL injection behind a gRPC facade\n    when: { all: [ { protocol: grpc }, { target.kind: database } ] }';
    const { pack } = catalogueOf(extending);
    expect(pack.byId.get('acme:sql-over-grpc')).toMatchObject({ stride: ['T', 'I'], base: { relation: 'extends', id: 'tm:sql-injection' } });
    expect(await suggested(SQL_MODEL, extending)).toEqual({ Q: ['tm:sql-injection'], R: ['tm:sql-injection', 'acme:sql-over-grpc'] });
  });

  test('an extension sees the override of its base, in whichever file', () => {
    const { pack, problems } = catalogueOf(
      'entries:\n  - id: acme:b\n    extends: acme:a\n    title: B',
      `${OWN.replace('acme:grpc-reflection', 'acme:a')}`,
      'entries:\n  - override: acme:a\n    stride: [T]',
    );
    expect(problems).toEqual([]);
    expect(pack.byId.get('acme:b')).toMatchObject({ title: 'B', stride: ['T'] });
  });

  test.each([
    ['a new entry with the default prefix', OWN.replace('acme:grpc-reflection', 'tm:grpc-reflection'), 2, /ids starting with `tm:` belong to the default pack/],
    ['an override of an unknown id', 'entries:\n  - override: tm:sql-injektion\n    title: x', 2, /no entry `tm:sql-injektion` in the default pack/],
    ['an extension of an unknown id', 'entries:\n  - id: acme:x\n    extends: acme:nothing', 3, /no entry `acme:nothing`/],
    ['an override with another id', 'entries:\n  - override: tm:sql-injection\n    id: acme:sql', 3, /an override keeps the id/],
    ['override and extends at once', 'entries:\n  - override: tm:sql-injection\n    extends: tm:xss\n    title: x', 3, /either overrides another .* or extends one/],
    ['`disabled` without `override`', `${OWN}\n    disabled: true`, 8, /`disabled: true` goes with `override/],
    ['an entry without an id', 'entries:\n  - title: x', 2, /`id` is required/],
    ['`since` in a team pack', `${OWN}\n    since: 2026.12.0`, 8, /unknown key `since`/],
    ['an inherited field that no longer fits', 'entries:\n  - override: tm:sql-injection\n    on: store', 2, /unknown fact `source.type` for entries `on: store` .*inherited from `tm:sql-injection`/],
    ['a field of the override that does not fit', 'entries:\n  - override: tm:sql-injection\n    stride: [S]', 3, /`S` is not a STRIDE letter that applies to a flow/],
    ['an unknown top-level key', `${OWN}\nmodel: x`, 8, /unknown key `model` \(a pack has `version`, `default-pack`, `entries`\)/],
  ])('%s is a problem at its line', (_, text, line, message) => {
    const problems = problemsOf(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map(([, at]) => at)).toEqual(problems.map(() => line));
    expect(problems[0][2]).toMatch(message);
  });

  test('the same id in two files is a problem at the second; the first stays', () => {
    const { pack, problems } = catalogueOf(OWN, OWN.replace('title: gRPC reflection left on', 'title: Second'));
    expect(problems.map(problem => [problem.source, problem.line, problem.message])).toEqual([['p2.yaml', 2, 'the id `acme:grpc-reflection` is already used by the entry on line 2 of p1.yaml']]);
    expect(pack.byId.get('acme:grpc-reflection')?.title).toBe('gRPC reflection left on');
  });

  test('two overrides of one id: the second is a problem', () => {
    const override = 'entries:\n  - override: tm:sql-injection\n    title: X';
    expect(problemsOf(override, override.replace('X', 'Y'))).toEqual([['p2.yaml', 2, '`tm:sql-injection` is already overridden by the entry on line 2 of p1.yaml; merge the two overrides']]);
  });

  test('a cycle of extensions is a problem on each entry of it; they are left out, the rest applies', () => {
    const cycle = 'entries:\n  - id: acme:a\n    extends: acme:b\n  - id: acme:b\n    extends: acme:c\n  - id: acme:c\n    extends: acme:a\n  - id: acme:d\n    extends: acme:a';
    const { pack, problems } = catalogueOf(cycle, OWN);
    expect(problems.map(problem => [problem.line, problem.message])).toEqual([
      [3, '`extends` makes a cycle: acme:a → acme:b → acme:c → acme:a; an entry cannot inherit from itself'],
      [5, '`extends` makes a cycle: acme:a → acme:b → acme:c → acme:a; an entry cannot inherit from itself'],
      [7, '`extends` makes a cycle: acme:a → acme:b → acme:c → acme:a; an entry cannot inherit from itself'],
    ]);
    expect(['acme:a', 'acme:b', 'acme:c', 'acme:d'].some(id => pack.byId.has(id))).toBe(false);
    expect(pack.byId.has('acme:grpc-reflection')).toBe(true);
    expect(catalogueOf('entries:\n  - id: acme:self\n    extends: acme:self').problems.map(problem => problem.message)).toEqual(['`extends` makes a cycle: acme:self → acme:self; an entry cannot inherit from itself']);
  });

  test('a broken team pack leaves the default pack and the other packs whole', () => {
    const { pack, problems } = catalogueOf('entries:\n  - id: [unclosed\n', OWN);
    expect(problems).toHaveLength(1);
    expect(problems[0].source).toBe('p1.yaml');
    expect(pack.entries.length).toBe(defaultPack().entries.length + 1);
  });
});

describe('pinning the default pack', () => {
  test('without a pin, the catalogue has the current default pack', () => {
    expect(catalogueOf(OWN).defaultVersion).toBe(defaultPackVersion());
  });

  test('a pin selects that version; `none` leaves the default pack out', () => {
    expect(catalogueOf(`default-pack: ${defaultPackVersion()}\n${OWN}`).defaultVersion).toBe(defaultPackVersion());
    const none = catalogueOf(`default-pack: none\n${OWN}`);
    expect(none.problems).toEqual([]);
    expect(none.pack.entries.map(entry => entry.id)).toEqual(['acme:grpc-reflection']);
    expect(catalogueOf('default-pack: none\nentries:\n  - override: tm:sql-injection\n    title: x').problems[0].message).toMatch(/the default pack is off/);
  });

  test.each([
    ['a version newer than this tm has', '2999.1.0', /this tm has the default pack up to version .*, not 2999.1.0: install a newer tm/],
    ['a version before the first', '2020.1.0', /the default pack starts at version/],
    ['not a version', 'latest', /`default-pack` is a version such as/],
    ['a version YAML reads as a number', '2026.10', /write the version with three parts or in quotes/],
  ])('%s is a problem at the pin, and the current version applies', (_, pin, message) => {
    const catalogue = catalogueOf(`default-pack: ${pin}\n${OWN}`);
    expect(catalogue.problems.map(problem => problem.line)).toEqual([1]);
    expect(catalogue.problems[0].message).toMatch(message);
    expect(catalogue.defaultVersion).toBe(defaultPackVersion());
  });

  test('two files pinning different versions: the second is a problem', () => {
    expect(problemsOf(`default-pack: ${defaultPackVersion()}\nentries: []`, 'default-pack: none\nentries: []')).toEqual([
      ['p2.yaml', 1, `the default pack is already pinned to ${defaultPackVersion()} in p1.yaml (line 1); pin it in one file`],
    ]);
  });
});

describe('docs/catalogue.md', () => {
  test('its team pack example loads without a problem, and its examples hold', async () => {
    const fs = await import('node:fs');
    const doc = fs.readFileSync(new URL('../../docs/catalogue.md', import.meta.url), 'utf8');
    const example = /```yaml\n(# \.tm\/catalogue\/web\.yaml\n[\s\S]*?)```/.exec(doc)![1];
    const { pack, problems } = catalogueOf(example);
    expect(problems).toEqual([]);
    expect(pack.byId.get('tm:log-injection')?.disabled).toBe(true);
    expect(pack.byId.get('acme:sql-injection-reports')?.base).toEqual({ relation: 'extends', id: 'tm:sql-injection' });
    const model = await parseModel(pack.byId.get('acme:grpc-reflection')!.examples[0].model);
    expect([...suggestionsOf(analyzeModel(model), pack)].map(([target, list]) => [target.name, list.some(each => each.entry.id === 'acme:grpc-reflection')])).toContainEqual(['F', true]);
  });
});
