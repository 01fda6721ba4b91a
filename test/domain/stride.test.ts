import { expect, it } from 'vitest';
import type { ThreatTarget } from '../../server/language/generated/ast.js';
import { applicableLetters, describeLetters, inStrideOrder, isStrideLetter, STRIDE_INFO, STRIDE_LETTERS } from '../../server/domain/stride.js';
import { allDeclarations } from '../../server/domain/analysis.js';
import { parseModel } from '../language/harness.js';

it('applicable letters per kind (docs/language.md §5)', async () => {
  const model = await parseModel(`external E process P store S { kind database } store L { kind log } store N
    flow F: E -> P`);
  const letters = Object.fromEntries([...allDeclarations(model)].map(node => [node.name, applicableLetters(node as ThreatTarget).join('')]));
  expect(letters).toEqual({ E: 'SR', P: 'STRIDE', S: 'TID', L: 'TRID', N: 'TID', F: 'TID' });
});

it('inStrideOrder sorts and removes duplicates', () => {
  expect(inStrideOrder(['E', 'S', 'I', 'S'])).toEqual(['S', 'I', 'E']);
});

it('describeLetters names each letter', () => {
  expect(describeLetters(['S', 'D'])).toBe('S (Spoofing), D (Denial of service)');
});

it.each([...STRIDE_LETTERS])('%s is a STRIDE letter with its property', letter => {
  expect(isStrideLetter(letter)).toBe(true);
  expect(STRIDE_INFO[letter].threat[0]).toBe(letter);
});

it.each(['s', 'X', 'ST', ''])('%j is not a STRIDE letter', word => {
  expect(isStrideLetter(word)).toBe(false);
});
