// The coverage table (docs/catalogue-coverage.md) is measured, never written by hand: tm runs on
// each translated sample, every suggestion it makes must have a judgement, and the page must be
// what the measurement renders. `TM_UPDATE_COVERAGE=1 npx vitest run test/catalogue/coverage.test.ts`
// rewrites the page after a change to the pack or the judgements.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultPack } from '../../server/catalogue/default-pack.js';
import { figures, measure, readJudgements, renderMeasurement, ROOT } from './coverage.js';

const PAGE = path.join(ROOT, 'docs/catalogue-coverage.md');

describe.each(['pytm.yaml', 'threagile.yaml'])('coverage of %s', file => {
  const judgements = readJudgements(file);
  const marker = path.basename(file, '.yaml');

  test('every tm entry the judgements name exists', () => {
    const named = [
      ...judgements.findings.flatMap(finding => Object.values(finding.expect ?? {}).flat()),
      ...Object.values(judgements.suggestions).flatMap(entries => Object.keys(entries)),
    ];
    expect(named.filter(id => !defaultPack().byId.has(id))).toEqual([]);
  });

  test('every suggestion on the model is judged, and every judged one is made', async () => {
    const measurement = await measure(judgements);
    expect(measurement.judged.map(({ place, entry }) => `${place} ${entry}`).sort()).toEqual(measurement.suggestions);
  });

  test('proposes at least 80 % of the expressible findings, with at most 10 % false suggestions', async () => {
    const { expressible, proposed, suggestions, falseSuggestions } = figures(await measure(judgements));
    expect(proposed / expressible).toBeGreaterThanOrEqual(0.8);
    expect(falseSuggestions / suggestions).toBeLessThanOrEqual(0.1);
  });

  test('docs/catalogue-coverage.md shows this measurement', async () => {
    const rendered = renderMeasurement(await measure(judgements));
    const start = `<!-- coverage:${marker} -->\n`;
    const end = `\n<!-- /coverage:${marker} -->`;
    const page = fs.readFileSync(PAGE, 'utf8');
    const from = page.indexOf(start) + start.length;
    const to = page.indexOf(end, from);
    expect(page.indexOf(start), `${PAGE} has the markers of ${marker}`).toBeGreaterThanOrEqual(0);
    expect(to).toBeGreaterThanOrEqual(from);
    const section = page.slice(from, to);
    if (process.env.TM_UPDATE_COVERAGE && section !== rendered) {
      fs.writeFileSync(PAGE, page.slice(0, from) + rendered + page.slice(to));
      return;
    }
    expect(section).toBe(rendered);
  });
});
