import { expect, test } from 'vitest';
import { analyzeModel } from '../../server/domain/analysis.js';
import { MITIGATION_CATALOGUE } from '../../server/domain/mitigation-catalogue.js';
import { applicableLetters } from '../../server/domain/stride.js';
import { withDocument } from './lsp-services.js';

const EVERY_KIND = 'external E\nprocess P\nstore S\nstore Log { kind log }\nflow F: E -> P';

test('every letter that applies to a kind of element or flow has a mitigation', async () => {
  const targets = await withDocument(EVERY_KIND, document => {
    const analysis = analyzeModel(document.parseResult.value);
    return [...analysis.elements, ...analysis.flows];
  });
  expect(targets.map(target => target.name)).toEqual(['E', 'P', 'S', 'Log', 'F']);
  for (const target of targets) {
    for (const letter of applicableLetters(target)) {
      expect(MITIGATION_CATALOGUE[target.$type][letter], `${target.$type} ${letter}`).toMatch(/^[a-z].{20,}[^.]$/);
    }
  }
});

test('the catalogue has nothing for letters that apply nowhere on that kind', () => {
  expect(Object.keys(MITIGATION_CATALOGUE.External)).toEqual(['S', 'R']);
  expect(Object.keys(MITIGATION_CATALOGUE.Flow)).toEqual(['T', 'I', 'D']);
  expect(Object.keys(MITIGATION_CATALOGUE.Store)).toEqual(['T', 'R', 'I', 'D']);
  expect(Object.keys(MITIGATION_CATALOGUE.Process)).toEqual(['S', 'T', 'R', 'I', 'D', 'E']);
});
