// What several suites share: the project's own example models, and the settings of the
// property-based tests (a fixed seed, so CI gives the same answer every run; `npm run fuzz`
// sets TM_FUZZ_RUNS and TM_FUZZ_SEED=random).
import * as fs from 'node:fs';
import * as path from 'node:path';

export const EXAMPLES_DIR = path.resolve(import.meta.dirname, '..', 'examples');

export const EXAMPLES: ReadonlyArray<{ name: string; text: string }> = fs.readdirSync(EXAMPLES_DIR)
  .filter(name => name.endsWith('.tm')).sort()
  .map(name => ({ name, text: fs.readFileSync(path.join(EXAMPLES_DIR, name), 'utf8') }));

/**
 * The translations of pytm's sample and Threagile's demo keep their tools' direct links between
 * two non-processes (an error in tm); every import brings such a link back through an implied
 * process, so the round trips test them apart. Each with its number of such links.
 */
export const THROUGH_IMPLIED_PROCESS: ReadonlyMap<string, number> = new Map([['pytm-sample.tm', 1], ['threagile-demo.tm', 2]]);

export function fuzzSettings(defaultRuns: number): { numRuns: number; seed: number; endOnFailure: boolean } {
  const seed = process.env.TM_FUZZ_SEED === 'random' ? Date.now() : Number(process.env.TM_FUZZ_SEED ?? 20261123);
  return { numRuns: Number(process.env.TM_FUZZ_RUNS ?? defaultRuns), seed, endOnFailure: true };
}
