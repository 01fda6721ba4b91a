// The default pack loads without a problem, and each entry's examples suggest exactly what they say.
import { describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultPack, defaultPackAt } from '../../server/catalogue/default-pack.js';
import { readPackFile, standalonePack } from '../../server/catalogue/pack.js';
import { isInVersion, parseVersion, versionProblems } from '../../server/catalogue/versions.js';
import { suggestionsOf } from '../../server/catalogue/suggestions.js';
import { analyzeModel } from '../../server/domain/analysis.js';
import { parseModel } from '../language/harness.js';

describe('the default pack', () => {
  test('loads without problems in every version it has, with a version and entries', () => {
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../../catalogue/default.yaml'), 'utf8');
    const file = readPackFile(text, 'default.yaml', 'default');
    expect(versionProblems(file)).toEqual([]);
    const versions = new Set([file.version!, ...file.records.flatMap(record => [record.data.since, record.data.until]).filter(version => typeof version === 'string')]);
    for (const version of versions) {
      const fromText = standalonePack(file, file.records.filter(record => isInVersion(record, parseVersion(version)!)));
      expect(fromText.problems, version).toEqual([]);
      expect(fromText.pack.entries.map(entry => entry.id), version).toEqual(defaultPackAt(version).entries.map(entry => entry.id));
    }
    expect(defaultPack().version).toMatch(/^\d{4}\.\d+\.\d+$/);
    expect(defaultPack().entries.length).toBeGreaterThanOrEqual(25);
  });

  test('every entry explains itself: description, references and a mitigation', () => {
    for (const entry of defaultPack().entries) {
      expect(entry.id, entry.id).toMatch(/^tm:/);
      expect(entry.description, entry.id).not.toBe('');
      expect(entry.refs.some(ref => ref.startsWith('CWE-')), `${entry.id} cites a CWE`).toBe(true);
      expect(entry.mitigations.length, entry.id).toBeGreaterThan(0);
    }
  });

  const examples = defaultPack().entries.flatMap(entry => entry.examples.map((example, index) => ({ name: `${entry.id} example ${index + 1}`, entry, example })));
  test.each(examples)('$name', async ({ entry, example }) => {
    const model = await parseModel(example.model);
    expect(model.$document?.parseResult.parserErrors ?? []).toEqual([]);
    const suggested = [...suggestionsOf(analyzeModel(model), defaultPack())]
      .filter(([, suggestions]) => suggestions.some(suggestion => suggestion.entry === entry))
      .map(([target]) => target.name);
    expect(suggested.sort()).toEqual([...example.suggests].sort());
  });
});
