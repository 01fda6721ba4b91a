import { expect, test } from 'vitest';
import type { CodeLens } from 'vscode-languageserver';
import { services, textParams, withDocument } from './lsp-services.js';

/** `line: title` per lens. */
function lensesOf(text: string): Promise<string[]> {
  return withDocument(text, async document => {
    const lenses = await services.lsp.CodeLensProvider!.provideCodeLens(document, textParams(document)) as CodeLens[];
    return lenses.map(lens => `${lens.range.start.line}: ${lens.command?.title}`);
  });
}

const MODEL = [
  'external U',
  'boundary B {',
  '  process Api',
  '  store Db { exempt D "replicated" }',
  '}',
  'flow In: U -> Api',
  'flow Save: Api -> Db',
  'threat T1 { on Api, In stride S, I }',
  'threat T2 { on Api stride E }',
].join('\n');

test('each element and each crossing flow shows its coverage and threat count', async () => {
  expect(await lensesOf(MODEL)).toEqual([
    '0: S ✗ R ✗ · 0 threats',
    '2: S ✓ T ✗ R ✗ I ✓ D ✗ E ✓ · 2 threats',
    '3: T ✗ I ✗ D ✓ · 0 threats',
    '5: T ✗ I ✓ D ✗ · 1 threat',
  ]);
});

test('with flow coverage set to all, every flow has a lens', async () => {
  services.settings.update({ coverageFlows: 'all' });
  try {
    expect(await lensesOf(MODEL)).toContain('6: T ✗ I ✗ D ✗ · 0 threats');
  } finally {
    services.settings.update({ coverageFlows: 'crossing' });
  }
});

test('a half-typed model still gets lenses for what parsed', async () => {
  expect(await lensesOf('process P\nflow F: P ->\nthreat T { on P stride')).toEqual(['0: S ✗ T ✗ R ✗ I ✗ D ✗ E ✗ · 1 threat']);
});
