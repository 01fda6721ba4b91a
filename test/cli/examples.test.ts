// The project's own models, each with its exact findings on a fixed day: a change to the
// language that moves a finding shows up here as a one-line diff.
import * as path from 'node:path';
import { expect, it } from 'vitest';
import type { FlatDiagnostic } from '../../server/cli/format.js';
import { runTm } from './run.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

it.each([
  {
    example: 'payments.tm',
    findings: ['uncovered-stride@16', 'uncovered-stride@18', 'open-fix-now@90', 'attack-cost@131'],
  },
  {
    example: 'iot-fleet.tm',
    findings: ['plaintext-sensitive@42', 'privileged-consumer@58', 'uncovered-stride@68', 'todo-placeholder@72', 'open-fix-now@90'],
  },
  {
    example: 'ci-pipeline.tm',
    findings: ['missing-boundary-control@79', 'open-fix-now@92', 'todo-placeholder@96', 'unscored-threat@113', 'attack-cost@168'],
  },
  {
    example: 'threat-model.tm',
    findings: ['attack-cost@216'],
  },
])('examples/$example gives exactly its known findings', async ({ example, findings }) => {
  const run = await runTm(['check', '--format', 'json', '--today', '2026-11-23', path.join('examples', example)], ROOT);
  expect(run.stderr).toBe('');
  expect((JSON.parse(run.stdout) as FlatDiagnostic[]).map(d => `${d.code}@${d.line}`)).toEqual(findings);
});
