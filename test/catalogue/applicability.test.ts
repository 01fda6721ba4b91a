// The memo of which entries apply (server/catalogue/applicability.ts) answers exactly what
// evaluating every entry's condition answers, for every element and flow, across models and
// edits (one memo serves every model, as in the editor from one keystroke to the next), also
// when it starts again at its size limit.
import { beforeAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApplicabilityMemo } from '../../server/catalogue/applicability.js';
import { defaultPack } from '../../server/catalogue/default-pack.js';
import { modelFacts } from '../../server/catalogue/facts.js';
import type { CatalogueEntry, CataloguePack } from '../../server/catalogue/pack.js';
import { suggestionsOf } from '../../server/catalogue/suggestions.js';
import type { ModelAnalysis } from '../../server/domain/analysis.js';
import { analyzeModel } from '../../server/domain/analysis.js';
import type { ThreatTarget } from '../../server/language/generated/ast.js';
import { parseModel } from '../language/harness.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../examples');

/** The example models, each entry's example models, and edits of the examples: every fourth line left out in turn. */
function models(): string[] {
  const files = fs.readdirSync(EXAMPLES).filter(name => name.endsWith('.tm')).map(name => fs.readFileSync(path.join(EXAMPLES, name), 'utf8'));
  const edits = files.flatMap(text => {
    const lines = text.split('\n');
    return lines.map((_, index) => index).filter(index => index % 4 === 0).map(index => lines.filter((__, at) => at !== index).join('\n'));
  });
  return [...files, ...defaultPack().entries.flatMap(entry => entry.examples.map(example => example.model)), ...edits];
}

const TEXTS = models();
const ON: ReadonlyArray<CatalogueEntry['on']> = ['flow', 'process', 'store', 'external'];

function onOf(target: ThreatTarget): CatalogueEntry['on'] {
  return target.$type === 'Flow' ? 'flow' : target.$type.toLowerCase() as CatalogueEntry['on'];
}

let analyses: ModelAnalysis[] = [];

beforeAll(async () => {
  analyses = await Promise.all(TEXTS.map(async text => analyzeModel(await parseModel(text))));
});

function checkMemos(maxSteps?: number): number {
  const entriesOn = (on: CatalogueEntry['on']) => defaultPack().entries.filter(entry => entry.on === on);
  const memos = new Map(ON.map(on => [on, new ApplicabilityMemo(entriesOn(on), maxSteps)]));
  let compared = 0;
  for (const [index, analysis] of analyses.entries()) {
    for (const [target, facts] of modelFacts(analysis)) {
      const evaluated = entriesOn(onOf(target)).filter(entry => entry.applies(facts)).map(entry => entry.id);
      expect(memos.get(onOf(target))!.applying(facts).map(entry => entry.id), `${target.name} in model ${index}`).toEqual(evaluated);
      compared++;
    }
  }
  return compared;
}

describe('the memo of which entries apply', () => {
  test('answers what evaluating every condition answers, for every element and flow of the examples and their edits', () => {
    expect(TEXTS.length).toBeGreaterThan(300);
    expect(checkMemos()).toBeGreaterThan(5000);
  });

  test('answers the same when it starts again at its size limit', () => {
    expect(checkMemos(40)).toBeGreaterThan(5000);
  });

  test('suggestions after a sequence of edits, with one pack throughout, are those of a fresh pack', () => {
    const pack = defaultPack();
    for (const analysis of analyses) {
      const listed = (catalogue: CataloguePack) =>
        [...suggestionsOf(analysis, catalogue)].map(([target, suggestions]) => [target.name, suggestions.map(({ entry, trigger }) => `${entry.id}: ${trigger}`)]);
      // A copy of the pack has memos of its own, which have seen no other model.
      expect(listed(pack)).toEqual(listed({ ...pack }));
    }
  });
});
