// Nesting thousands of levels deep must give one `too-deep` on the first node past 64 levels
// (docs/language.md §10) and never a stack overflow: not in the parser, the CST, linking, validation or
// any editor feature.
import { afterEach, describe, expect, test } from 'vitest';
import type { LangiumDocument } from 'langium';
import { MAX_BLOCK_DEPTH } from '../../server/language/parsing/lexer.js';
import { renderModelSvg } from '../../server/diagram/index.js';
import type { Model } from '../../server/language/generated/ast.js';
import { check, codesOf, dispose, exerciseFeatures, messageText, renderOutputs, syntaxErrors } from './harness.js';

/** `levels` boundaries nested in one another, an element at the bottom and a flow into it. */
function nestedBoundaries(levels: number): string {
  const open = Array.from({ length: levels }, (_, i) => `boundary B${i} {\n`).join('');
  return `process Top\n${open}process Deep "at the bottom" { privilege user }\n${'}\n'.repeat(levels)}flow F: Top -> Deep\n`;
}

/** An attack tree whose goal has `levels` nested `or` nodes above one leaf. */
function nestedAttack(levels: number): string {
  const open = Array.from({ length: levels }, (_, i) => `"step ${i}" or {\n`).join('');
  return `attack A "goal" { or {\n${open}"leaf" cost low\n${'}\n'.repeat(levels)}} }\n`;
}

let document: LangiumDocument<Model> | undefined;
afterEach(async () => {
  if (document) await dispose(document);
  document = undefined;
});

describe.each([
  ['boundaries', nestedBoundaries],
  ['attack-tree nodes', nestedAttack],
])('%s nested deep', (_, build) => {
  test.each([65, 1_000, 10_000, 100_000])('%i levels: one too-deep on level 65, no syntax error', async levels => {
    document = await check(build(levels));
    const tooDeep = (document.diagnostics ?? []).filter(diagnostic => diagnostic.code === 'too-deep');
    expect(tooDeep).toHaveLength(1);
    // Line 1 opens the model; the n-th nested level starts on line n + 1.
    expect(tooDeep[0].range.start.line).toBe(65);
    expect(syntaxErrors(document)).toEqual([]);
    expect(codesOf(document)).not.toContain('unresolved-reference');
  });
});

test('every editor feature works on a file nested 10,000 levels deep', async () => {
  const text = nestedBoundaries(10_000) + nestedAttack(10_000);
  document = await check(text);
  const offsets = [0, text.indexOf('Deep'), text.indexOf('B9999'), text.lastIndexOf('Deep'), text.indexOf('"step 9999"'), text.length];
  await expect(exerciseFeatures(document, offsets)).resolves.toBeDefined();
  renderOutputs(document);
  expect(await renderModelSvg(document.parseResult.value)).toContain('<svg');
});

test('a flow into an element nested 10,000 deep still resolves and is checked', async () => {
  document = await check(`${nestedBoundaries(10_000)}threat T "x" { on Deep stride S likelihood 1 impact 1 }\n`);
  expect(codesOf(document)).not.toContain('unresolved-reference');
  expect(syntaxErrors(document)).toEqual([]);
});

test('bare braces nested 100,000 deep: one clear syntax error about the nesting, no crash', async () => {
  document = await check(`process P { ${'{'.repeat(100_000)}${'}'.repeat(100_000)} }\n`);
  const nesting = syntaxErrors(document).filter(diagnostic => messageText(diagnostic).includes(`deeper than ${MAX_BLOCK_DEPTH} levels`));
  expect(nesting).toHaveLength(1);
});

test('unbalanced deep nesting (never closed) does not crash', async () => {
  document = await check(nestedBoundaries(100_000).replace(/}\n/g, ''));
  expect(codesOf(document)).toContain('syntax-error');
  expect(codesOf(document)).toContain('too-deep');
});
