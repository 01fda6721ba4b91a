// Completion and hover in a team pack, from its text alone (a half-written pack does not parse):
// the fields of a pack and of an entry, facts and their values in a condition, letters, targets,
// and the ids an override may name.
import { describe, expect, test } from 'vitest';
import { defaultPack } from '../../server/catalogue/default-pack.js';
import { teamPackCompletions, teamPackHover } from '../../server/lsp/team-pack-features.js';

function at(marked: string): [string, number] {
  const offset = marked.indexOf('<|>');
  return [marked.replace('<|>', ''), offset];
}

function labels(marked: string): string[] {
  return teamPackCompletions(...at(marked), defaultPack()).map(item => item.label);
}

function hover(marked: string): string | undefined {
  const result = teamPackHover(...at(marked), defaultPack());
  return result && (result.contents as { value: string }).value;
}

const ENTRY = 'entries:\n  - id: acme:x\n    title: X\n';

describe('completion in a team pack', () => {
  test('top-level fields', () => {
    expect(labels('<|>')).toEqual(['version', 'default-pack', 'entries']);
    expect(labels('entries: []\nde<|>')).toContain('default-pack');
  });

  test('the fields of an entry, the team\'s relations among them', () => {
    const fields = labels(`${ENTRY}    <|>`);
    expect(fields).toEqual(expect.arrayContaining(['id', 'title', 'stride', 'on', 'when', 'because', 'mitigations', 'examples', 'override', 'extends', 'disabled']));
    expect(labels('entries:\n  - <|>')).toContain('override');
  });

  test('the fields of a mitigation and of an example', () => {
    expect(labels(`${ENTRY}    mitigations:\n      - <|>`)).toEqual(['text', 'refs']);
    expect(labels(`${ENTRY}    examples:\n      - model: x\n        <|>`)).toEqual(['model', 'suggests']);
  });

  test('facts in a condition, those of the entry\'s `on`', () => {
    const flow = labels(`${ENTRY}    on: flow\n    when:\n      all:\n        - <|>`);
    expect(flow).toEqual(expect.arrayContaining(['all', 'any', 'not', 'protocol', 'carries', 'source.kind', 'target.holds']));
    const store = labels(`${ENTRY}    on: store\n    when:\n      <|>`);
    expect(store).toEqual(expect.arrayContaining(['holds', 'encrypted', 'kind']));
    expect(store).not.toContain('protocol');
    expect(labels(`${ENTRY}    on: flow\n    when: { <|>`)).toContain('channel');
    expect(labels(`${ENTRY}    on: flow\n    when: { all: [ { crossing: true }, { <|>`)).toContain('authn');
  });

  test('the values of a fact, of `on` and `stride`, and the ids an override names', () => {
    expect(labels(`${ENTRY}    on: flow\n    when:\n      target.kind: <|>`)).toEqual(expect.arrayContaining(['database', 'queue', 'user']));
    expect(labels(`${ENTRY}    on: flow\n    when: { all: [ { channel: <|>`)).toEqual(['encrypted', 'plaintext', 'unverified']);
    expect(labels(`${ENTRY}    on: <|>`)).toEqual(['flow', 'process', 'store', 'external']);
    expect(labels(`${ENTRY}    on: external\n    stride: [<|>`)).toEqual(['S', 'R']);
    expect(labels('entries:\n  - override: <|>')).toContain('tm:sql-injection');
  });
});

describe('hover in a team pack', () => {
  test('a fact says what it is and its values', () => {
    expect(hover(`${ENTRY}    on: flow\n    when:\n      target.k<|>ind: database`)).toMatch(/^\*\*target\.kind\*\*: .*\n\nOne of: .*`database`/);
    expect(hover(`${ENTRY}    on: flow\n    when: { all: [ { chan<|>nel: plaintext } ] }`)).toMatch(/^\*\*channel\*\*/);
  });

  test('a field says what it is for', () => {
    expect(hover('entries:\n  - id: acme:x\n    ti<|>tle: X')).toMatch(/^\*\*title\*\*: A short name/);
    expect(hover('default-pa<|>ck: none')).toMatch(/^\*\*default-pack\*\*: Pins the version/);
    expect(hover('entries:\n  - over<|>ride: tm:sql-injection')).toMatch(/^\*\*override\*\*/);
  });

  test('an id shows the entry it names', () => {
    expect(hover('entries:\n  - override: tm:sql-inj<|>ection')).toMatch(/^\*\*SQL injection\*\* \(`tm:sql-injection`, on flow, STRIDE T, I\)/);
    expect(hover('entries:\n  - override: tm:nothing<|>')).toBeUndefined();
  });
});
