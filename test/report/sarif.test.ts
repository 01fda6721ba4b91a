// `tm check --format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. No SARIF schema is
// vendored; `checkSarifStructure` checks the parts of the 2.1.0 format that upload-sarif and
// the code-scanning UI rely on.
import { describe, expect, test } from 'vitest';
import { ALL_ISSUE_CODES } from '../../server/language/issue-codes.js';
import { RULE_TEXT } from '../../server/cli/sarif.js';
import { runTm, scratchDir } from '../cli/run.js';

interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; shortDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }> } };
    results: Array<{
      ruleId: string;
      ruleIndex?: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }>;
    }>;
  }>;
}

const LEVELS = ['none', 'note', 'warning', 'error'];

/** The structural rules of SARIF 2.1.0 that a consumer depends on; returns what is wrong. */
function checkSarifStructure(log: SarifLog): string[] {
  const problems: string[] = [];
  if (log.version !== '2.1.0') problems.push(`version ${log.version}`);
  if (!/sarif-2\.1\.0/.test(log.$schema)) problems.push(`$schema ${log.$schema}`);
  if (!Array.isArray(log.runs) || log.runs.length === 0) return [...problems, 'no runs'];
  for (const run of log.runs) {
    if (typeof run.tool?.driver?.name !== 'string') problems.push('tool.driver.name missing');
    const ids = run.tool.driver.rules.map(rule => rule.id);
    if (new Set(ids).size !== ids.length) problems.push('duplicate rule ids');
    for (const rule of run.tool.driver.rules) {
      if (!rule.shortDescription?.text || !rule.help?.text) problems.push(`rule ${rule.id} lacks text`);
      if (!LEVELS.includes(rule.defaultConfiguration?.level)) problems.push(`rule ${rule.id} level`);
    }
    for (const result of run.results) {
      if (!ids.includes(result.ruleId)) problems.push(`result rule ${result.ruleId} not declared`);
      if (result.ruleIndex !== undefined && ids[result.ruleIndex] !== result.ruleId) problems.push(`ruleIndex of ${result.ruleId}`);
      if (!LEVELS.includes(result.level)) problems.push(`level ${result.level}`);
      if (typeof result.message?.text !== 'string' || result.message.text === '') problems.push('empty message');
      for (const { physicalLocation } of result.locations) {
        const { uri } = physicalLocation.artifactLocation;
        if (/^(\/|[a-z]+:)/i.test(uri)) problems.push(`uri ${uri} is not relative`);
        const { startLine, startColumn, endLine, endColumn } = physicalLocation.region;
        if (!(startLine >= 1 && startColumn >= 1 && endLine >= startLine && endColumn >= 1)) problems.push(`region of ${result.ruleId}`);
      }
    }
  }
  return problems;
}

const MODEL = `model "M" { reviewed "2026-10-20" }
external User
boundary B { process Api { privilege admin } }
store Queue { kind queue }
flow In: User -> Api { protocol HTTP  carries pii }
flow Take: Queue -> Api
threat T "t" { on Api  stride S  likelihood 3  impact 3  accepted "fine" }
`;

describe('tm check --format sarif', () => {
  test('one rule per diagnostic code, each with help text', () => {
    for (const code of ALL_ISSUE_CODES) {
      expect(RULE_TEXT[code].summary.length, code).toBeGreaterThan(10);
      expect(RULE_TEXT[code].help.length, code).toBeGreaterThan(10);
    }
  });

  test('results sit on their .tm line and column, relative to the working directory, with mapped levels', async () => {
    const { dir, cleanup } = await scratchDir({ 'models/my app.tm': MODEL });
    try {
      const run = await runTm(['check', 'models', '--format', 'sarif', '--today', '2026-11-01'], dir);
      expect(run.code).toBe(1);
      const log = JSON.parse(run.stdout) as SarifLog;
      expect(checkSarifStructure(log)).toEqual([]);
      expect(log.runs[0].tool.driver.rules.map(rule => rule.id)).toEqual([...ALL_ISSUE_CODES]);
      const results = log.runs[0].results;
      const acceptance = results.find(result => result.ruleId === 'incomplete-acceptance')!;
      expect(acceptance.level).toBe('error');
      expect(acceptance.locations[0].physicalLocation).toEqual({
        artifactLocation: { uri: 'models/my%20app.tm', uriBaseId: '%SRCROOT%' },
        // On the `accepted` keyword (docs/language.md §10).
        region: { startLine: 7, startColumn: 58, endLine: 7, endColumn: 66 },
      });
      expect(results.find(result => result.ruleId === 'plaintext-sensitive')!.level).toBe('warning');
      expect(results.find(result => result.ruleId === 'privileged-consumer')!.locations[0].physicalLocation.region.startLine).toBe(6);
      expect(results.some(result => result.level === 'note')).toBe(false);
    } finally {
      await cleanup();
    }
  });

  test('info diagnostics are notes; a clean run has no results', async () => {
    const { dir, cleanup } = await scratchDir({ 'a.tm': 'process P\n', 'b.tm': '' });
    try {
      const log = JSON.parse((await runTm(['check', 'a.tm', '--format', 'sarif'], dir)).stdout) as SarifLog;
      expect(checkSarifStructure(log)).toEqual([]);
      expect(log.runs[0].results.find(result => result.ruleId === 'stale-review')!.level).toBe('note');
    } finally {
      await cleanup();
    }
  });

  test('the structural check catches what a consumer would reject', () => {
    const broken = {
      $schema: 'x', version: '2.0.0',
      runs: [{ tool: { driver: { name: 'tm', rules: [{ id: 'a', shortDescription: { text: 'a' }, help: { text: 'a' }, defaultConfiguration: { level: 'warning' } }] } },
        results: [{ ruleId: 'b', level: 'info', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: '/abs.tm' }, region: { startLine: 0, startColumn: 1, endLine: 0, endColumn: 1 } } }] }] }],
    };
    expect(checkSarifStructure(broken)).toEqual(['version 2.0.0', '$schema x', 'result rule b not declared', 'level info', 'uri /abs.tm is not relative', 'region of b']);
  });
});
