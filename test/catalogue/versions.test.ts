// Versions of the default pack: an entry's `since` and `until` select exactly the entries each
// version had, so that a pinned repository's result never changes with a newer tm. A released
// version's entries are frozen here by a digest: changing one needs `until` on the old entry and
// `since` on its replacement, in a new version.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { defaultPackAt, defaultPackFile, defaultPackVersion, defaultRecordsAt, pinProblem } from '../../server/catalogue/default-pack.js';
import { readPackFile, standalonePack } from '../../server/catalogue/pack.js';
import { compareVersions, isInVersion, parseVersion, versionProblems } from '../../server/catalogue/versions.js';

/**
 * The released versions of catalogue/default.yaml and the digest of what decides a check's
 * result in each (ids, targets, letters, conditions, titles, triggers, references). A failure
 * here means a released version changed: restore it, and put the change in a new version
 * (`until` on the old entry, `since` on the new one, the pack's `version` raised). A version not
 * listed yet is added once it ships.
 */
const RELEASED: Record<string, string> = {
  // The 27 entries 2026.12.0 shipped with; issue #19's rewordings and new entries are 2026.12.1.
  '2026.12.0': '9beed6db5765c94899cb6e60893e61d9883524599cf12823ab416afd0b05ab42',
};

function digestAt(version: string): string {
  const decisive = defaultRecordsAt(version).map(({ data }) => [data.id, data.on, data.stride, data.when, data.title, data.because, data.refs]);
  return createHash('sha256').update(JSON.stringify(decisive)).digest('hex');
}

describe('versions', () => {
  test('compare component by component, a missing one counting as 0', () => {
    expect(parseVersion('2026.12.0')).toEqual([2026, 12, 0]);
    expect(parseVersion('v1')).toBeUndefined();
    expect(parseVersion('1.2.3.4.5')).toBeUndefined();
    expect(compareVersions([2026, 12], [2026, 12, 0])).toBe(0);
    expect(compareVersions([2026, 12, 1], [2026, 12, 0])).toBe(1);
    expect(compareVersions([2026, 9], [2026, 12])).toBe(-1);
  });

  const PACK = `version: 2027.2.0
entries:
  - id: tm:a
    title: A, first wording
    stride: [T]
    on: flow
    when: { crossing: true }
    because: "{name} crosses"
    until: 2027.1.0
  - id: tm:a
    title: A, narrowed
    stride: [T]
    on: flow
    when: { all: [ { crossing: true }, { protocol: http } ] }
    because: "{name} crosses"
    since: 2027.1.0
  - id: tm:b
    title: B
    stride: [I]
    on: flow
    when: { crossing: true }
    because: "{name} crosses"
    since: 2027.2.0`;

  test('a version selects the entries whose since ≤ version < until', () => {
    const file = readPackFile(PACK, 'default.yaml', 'default');
    expect(versionProblems(file)).toEqual([]);
    const at = (version: string) => standalonePack(file, file.records.filter(record => isInVersion(record, parseVersion(version)!))).pack.entries.map(entry => entry.title);
    expect(at('2026.12.0')).toEqual(['A, first wording']);
    expect(at('2027.1.0')).toEqual(['A, narrowed']);
    expect(at('2027.2.0')).toEqual(['A, narrowed', 'B']);
  });

  test.each([
    ['two entries with one id in the same versions', PACK.replace('    until: 2027.1.0\n', ''), 9, /already used by the entry on line 3 in the same versions/],
    ['`until` before `since`', PACK.replace('since: 2027.2.0', 'since: 2027.2.0\n    until: 2027.1.0'), 24, /`until` is a version after `since`/],
    ['`since` after the pack', PACK.replace('since: 2027.2.0', 'since: 2028.1.0'), 23, /`since` is after the pack's own version 2027.2.0/],
    ['a `since` that is not a version', PACK.replace('since: 2027.2.0', 'since: soon'), 23, /`since` is a version such as `2026.12.0`, not `soon`/],
  ])('%s is a problem at its line', (_, text, line, message) => {
    const problems = versionProblems(readPackFile(text, 'default.yaml', 'default'));
    expect(problems.map(problem => problem.line)).toEqual([line]);
    expect(problems[0].message).toMatch(message);
  });
});

describe('the default pack\'s versions', () => {
  test('have no version problems, and every version compiles without problems', () => {
    const file = defaultPackFile();
    expect(versionProblems(file)).toEqual([]);
    const boundaries = new Set([defaultPackVersion(), ...file.records.flatMap(record => [record.data.since, record.data.until]).filter(version => version !== undefined).map(String)]);
    for (const version of boundaries) {
      if (pinProblem(version) !== undefined) continue;
      expect(standalonePack(file, defaultRecordsAt(version)).problems, version).toEqual([]);
      expect(defaultPackAt(version).entries.length, version).toBeGreaterThan(0);
    }
  });

  test.each(Object.entries(RELEASED))('released version %s is unchanged', (version, digest) => {
    expect(pinProblem(version)).toBeUndefined();
    // The message gives the new digest: for a version that has not shipped yet, recording it is the whole fix.
    expect(digestAt(version), `the entries of the released default pack ${version} changed (now ${digestAt(version)}): see RELEASED in this file`).toBe(digest);
  });
});
