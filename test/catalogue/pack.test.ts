// Loading a pack: every problem is reported at the pack's line, an entry with a problem is left
// out, and hostile packs (aliases, size, count, depth) are refused in bounded time.
import { describe, expect, test } from 'vitest';
import { loadPack, PACK_LIMITS } from '../../server/catalogue/pack.js';

const ENTRY = `
  - id: team:thing
    title: A thing
    stride: [T]
    on: flow
    when: { target.kind: database }
    because: "{source} writes to {target}"`;

function problemsOf(text: string): Array<[number, string]> {
  return loadPack(text, 'pack.yaml').problems.map(problem => [problem.line, problem.message]);
}

describe('a pack', () => {
  test('a sound entry is loaded with its fields and line', () => {
    const { pack, problems } = loadPack(`version: 1.0.0\nentries:${ENTRY}\n    refs: [CWE-89, A03:2021]\n    mitigations:\n      - text: Do it\n        refs: [V5.3.4]`, 'p');
    expect(problems).toEqual([]);
    expect(pack.version).toBe('1.0.0');
    expect(pack.entries).toHaveLength(1);
    expect(pack.byId.get('team:thing')).toMatchObject({ title: 'A thing', stride: ['T'], on: 'flow', line: 3, refs: ['CWE-89', 'A03:2021'], mitigations: [{ text: 'Do it', refs: ['V5.3.4'] }] });
  });

  test.each([
    ['an unknown fact', ENTRY.replace('target.kind', 'target.colour'), 6, /unknown fact `target.colour`/],
    ['an unknown value', ENTRY.replace('database }', 'databse }'), 6, /`target.kind` is never `databse`/],
    ['a fact of flows on an element', ENTRY.replace('on: flow', 'on: store'), 6, /unknown fact `target.kind` for entries `on: store`/],
    ['a bad id', ENTRY.replace('team:thing', 'Thing'), 2, /the id `Thing` is not of the form/],
    ['a letter that is not STRIDE', ENTRY.replace('[T]', '[T, X]'), 4, /`X` is not a STRIDE letter/],
    ['a letter that does not apply', ENTRY.replace('[T]', '[S]'), 4, /`S` is not a STRIDE letter that applies to a flow/],
    ['an unknown key', `${ENTRY}\n    severity: high`, 8, /unknown key `severity`/],
    ['an unknown placeholder', ENTRY.replace('{source}', '{caller}'), 7, /unknown placeholder `\{caller\}`/],
    ['a bad reference', `${ENTRY}\n    refs: [CWE89]`, 8, /`CWE89` is not a reference/],
    ['an oversize field', `${ENTRY}\n    description: ${'x'.repeat(PACK_LIMITS.text + 1)}`, 8, /`description` has 4001 characters/],
    ['a condition with two keys', ENTRY.replace('{ target.kind: database }', '{ target.kind: database, crossing: true }'), 6, /exactly one key/],
    ['a missing title', ENTRY.replace('    title: A thing\n', ''), 2, /`title` is required/],
  ])('%s is a problem at its line, and the entry is left out', (_, entry, line, message) => {
    const { pack, problems } = loadPack(`entries:${entry}`, 'p');
    expect(problems.map(problem => problem.line)).toEqual([line]);
    expect(problems[0].message).toMatch(message);
    expect(pack.entries).toEqual([]);
  });

  test('a duplicate id is a problem on the second entry; the first stays', () => {
    const problems = problemsOf(`entries:${ENTRY}${ENTRY}`);
    expect(problems).toEqual([[8, 'the id `team:thing` is already used by the entry on line 2']]);
    expect(loadPack(`entries:${ENTRY}${ENTRY}`, 'p').pack.entries).toHaveLength(1);
  });

  test('a YAML syntax error is reported at its line', () => {
    expect(problemsOf('entries:\n  - id: [unclosed\n')[0][0]).toBeGreaterThanOrEqual(2);
  });

  test('an alias bomb is refused', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`), 'entries: []'].join('\n');
    const problems = problemsOf(bomb);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0][1]).toMatch(/alias/i);
  });

  test('an oversize pack and too many entries are refused whole', () => {
    expect(problemsOf(`# ${'x'.repeat(PACK_LIMITS.size)}`)[0][1]).toMatch(/more than the 1000000 a pack may have/);
    const many = `entries:\n${Array.from({ length: PACK_LIMITS.entries + 1 }, (_, i) => `  - id: t:e${i}`).join('\n')}`;
    expect(problemsOf(many)).toEqual([[2, 'the pack has 1001 entries, more than the 1000 a pack may have']]);
  });

  test('a condition nested past the limit is refused without overflowing', () => {
    const deep = `${'{ not: '.repeat(200)}{ crossing: true }${' }'.repeat(200)}`;
    expect(problemsOf(`entries:${ENTRY.replace('{ target.kind: database }', deep)}`)[0][1]).toMatch(/nest at most 16 levels/);
  });
});
