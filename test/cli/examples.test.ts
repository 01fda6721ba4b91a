// The project's own models, each with its exact findings on a fixed day: a change to the
// language that moves a finding shows up here as a one-line diff. examples/services/ import
// examples/platform/ (docs/language.md §12), so every file is checked with examples/ as its root.
import * as path from 'node:path';
import { expect, it } from 'vitest';
import type { FlatDiagnostic } from '../../server/cli/format.js';
import { runTm } from './run.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

it.each([
  {
    example: 'payments.tm',
    findings: ['suggested-threat@15', 'uncovered-stride@16', 'suggested-threat@17', 'uncovered-stride@18', 'suggested-threat@19', 'suggested-threat@33', 'suggested-threat@40', 'suggested-threat@42', 'suggested-threat@43', 'suggested-threat@50', 'open-fix-now@90', 'attack-cost@131'],
  },
  {
    example: 'iot-fleet.tm',
    findings: ['suggested-threat@13', 'suggested-threat@17', 'suggested-threat@22', 'suggested-threat@25', 'suggested-threat@26', 'suggested-threat@27', 'suggested-threat@28', 'suggested-threat@42', 'plaintext-sensitive@42', 'suggested-threat@49', 'suggested-threat@50', 'privileged-consumer@58', 'suggested-threat@58', 'suggested-threat@60', 'suggested-threat@67', 'uncovered-stride@68', 'suggested-threat@68', 'todo-placeholder@72', 'open-fix-now@90'],
  },
  {
    example: 'ci-pipeline.tm',
    findings: ['suggested-threat@15', 'suggested-threat@29', 'suggested-threat@37', 'suggested-threat@47', 'suggested-threat@54', 'suggested-threat@69', 'suggested-threat@79', 'missing-boundary-control@79', 'open-fix-now@92', 'todo-placeholder@96', 'unscored-threat@113', 'attack-cost@168'],
  },
  {
    example: 'threat-model.tm',
    findings: ['suggested-threat@78', 'suggested-threat@84', 'attack-cost@216'],
  },
  {
    // OWASP pytm's sample, translated (no threats yet: pytm derives them from its library). The
    // store-to-store replication is pytm's own, kept as it is: tm asks for the process between.
    example: 'pytm-sample.tm',
    findings: [
      'stale-review@6', 'uncovered-stride@28', 'uncovered-stride@33', 'suggested-threat@33', 'uncovered-stride@37',
      'uncovered-stride@38', 'suggested-threat@38', 'uncovered-stride@42', 'suggested-threat@42', 'uncovered-stride@49',
      'uncovered-stride@53', 'suggested-threat@53', 'unencrypted-sensitive-store@53', 'uncovered-stride@57',
      'suggested-threat@57', 'invalid-flow@63', 'suggested-threat@63', 'uncovered-stride@67', 'suggested-threat@67',
      'plaintext-sensitive@67', 'missing-boundary-control@67', 'uncovered-stride@74', 'suggested-threat@74',
      'missing-boundary-control@74', 'uncovered-stride@80', 'suggested-threat@80', 'missing-boundary-control@80',
      'suggested-threat@85', 'suggested-threat@91', 'suggested-threat@97',
    ],
  },
  {
    // Threagile's demo model, translated: its two direct links from an admin client to a data
    // store are kept as Threagile draws them (tm asks for the process between), its individual
    // risk rated repudiation lands on data stores (R applies to logs only), and its tracked
    // risks are unscored, as Threagile's rules rate them and tm does not run those rules.
    example: 'threagile-demo.tm',
    findings: [
      'stale-review@36', 'uncovered-stride@113', 'suggested-threat@113', 'uncovered-stride@122', 'suggested-threat@122',
      'uncovered-stride@127', 'suggested-threat@127', 'uncovered-stride@136', 'suggested-threat@136', 'uncovered-stride@141',
      'suggested-threat@141', 'unencrypted-sensitive-store@141', 'uncovered-stride@148', 'suggested-threat@148',
      'uncovered-stride@157', 'uncovered-stride@162', 'suggested-threat@162', 'uncovered-stride@174', 'suggested-threat@174',
      'uncovered-stride@179', 'suggested-threat@179', 'uncovered-stride@197', 'suggested-threat@197',
      'missing-boundary-control@197', 'uncovered-stride@204', 'suggested-threat@204', 'missing-boundary-control@204',
      'uncovered-stride@211', 'suggested-threat@211', 'missing-boundary-control@211', 'uncovered-stride@218',
      'suggested-threat@218', 'missing-boundary-control@218', 'invalid-flow@226', 'uncovered-stride@226', 'suggested-threat@226',
      'missing-boundary-control@226', 'invalid-flow@233', 'uncovered-stride@233', 'suggested-threat@233',
      'missing-boundary-control@233', 'uncovered-stride@240', 'suggested-threat@240', 'plaintext-sensitive@240',
      'missing-boundary-control@240', 'uncovered-stride@247', 'suggested-threat@247', 'missing-boundary-control@247',
      'uncovered-stride@253', 'suggested-threat@253', 'missing-boundary-control@253', 'uncovered-stride@260',
      'suggested-threat@260', 'missing-boundary-control@260', 'suggested-threat@266', 'uncovered-stride@272',
      'suggested-threat@272', 'plaintext-sensitive@272', 'missing-boundary-control@272', 'suggested-threat@279',
      'suggested-threat@286', 'uncovered-stride@293', 'suggested-threat@293', 'missing-boundary-control@293',
      'uncovered-stride@300', 'suggested-threat@300', 'missing-boundary-control@300', 'uncovered-stride@307',
      'suggested-threat@307', 'missing-boundary-control@307', 'suggested-threat@314', 'uncovered-stride@320',
      'suggested-threat@320', 'missing-boundary-control@320', 'uncovered-stride@326', 'suggested-threat@326',
      'missing-boundary-control@326', 'stride-not-applicable@338', 'open-fix-now@344', 'stride-not-applicable@346',
      'unscored-threat@355', 'unscored-threat@363', 'unscored-threat@371', 'unscored-threat@379', 'unscored-threat@387',
      'unscored-threat@396',
    ],
  },
  // A platform library of three files and two services that import it. The identity provider's
  // outage threat is half done (its own finding, in its own file); the services' findings are
  // about their crossings into the platform's boundaries, in the service: an AMQP event with
  // personal data, a consumer without authorisation, and a spoofed event whose fix is planned.
  {
    example: 'platform/idp.tm',
    findings: ['suggested-threat@14', 'suggested-threat@15', 'open-fix-now@49'],
  },
  { example: 'platform/gateway.tm', findings: [
      'suggested-threat@17', 'suggested-threat@20', 'suggested-threat@27', 'suggested-threat@34',
    ],
  },
  {
    example: 'services/billing.tm',
    findings: [
      'suggested-threat@18', 'suggested-threat@25', 'missing-boundary-control@25', 'suggested-threat@31', 'suggested-threat@38',
      'suggested-threat@46', 'suggested-threat@47', 'open-fix-now@55',
    ],
  },
])('examples/$example gives exactly its known findings', async ({ example, findings }) => {
  const run = await runTm(['check', '--format', 'json', '--today', '2026-11-23', '--root', 'examples', path.join('examples', example)], ROOT);
  expect(run.stderr).toBe('');
  expect((JSON.parse(run.stdout) as FlatDiagnostic[]).map(d => `${d.code}@${d.line}`)).toEqual(findings);
});

it('reports a library\'s findings once, in the library, when the whole folder is checked', async () => {
  const run = await runTm(['check', '--format', 'json', '--today', '2026-11-23', 'examples'], ROOT);
  expect(run.stderr).toBe('');
  const findings = (JSON.parse(run.stdout) as FlatDiagnostic[]).filter(d => d.code !== 'suggested-threat');
  const inFolder = (folder: string) => findings.filter(d => d.file.startsWith(path.join('examples', folder))).map(d => `${path.basename(d.file)}:${d.code}@${d.line}`);
  expect(inFolder('platform')).toEqual(['idp.tm:open-fix-now@49']);
  expect(inFolder('services')).toEqual([
    'billing.tm:missing-boundary-control@25', 'billing.tm:open-fix-now@55', 'orders.tm:plaintext-sensitive@28', 'orders.tm:open-fix-now@71',
  ]);
});
