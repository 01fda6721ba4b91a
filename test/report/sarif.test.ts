// `tm check --format sarif`: every log is validated against the official SARIF 2.1.0 JSON schema
// (the OASIS 2.1.0 schema as published by Microsoft's SARIF SDK in @microsoft/jest-sarif), and
// its rule catalogue is the registry of diagnostics (server/language/issue-codes.ts).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { ALL_ISSUE_CODES, ISSUE_RULES } from '../../server/language/issue-codes.js';
import { runTm, scratchDir } from '../cli/run.js';

interface SarifLog {
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; defaultConfiguration: { level: string } }> } };
    artifacts: Array<{ location: { uri: string } }>;
    results: Array<{
      ruleId: string;
      ruleIndex?: number;
      level: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }>;
    }>;
  }>;
}

/** The schema is draft-04, which Ajv 8 reads as draft-07 once its draft-04 `$schema` and `id` are set aside: it uses no keyword whose meaning changed. */
function sarifValidator() {
  const schemaPath = createRequire(import.meta.url).resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  delete schema.id;
  // `unicodeRegExp: false`: the schema's `language` pattern has a stray `]`, valid only outside unicode mode.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', text => URL.canParse(text));
  ajv.addFormat('uri-reference', text => URL.canParse(text, 'file:///base/'));
  ajv.addFormat('date-time', text => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(text));
  return ajv.compile(schema);
}

const validateSarif = sarifValidator();

/** What the schema rejects in a log, one line per problem; empty when the log is valid. */
function schemaProblems(log: unknown): string[] {
  return validateSarif(log) ? [] : (validateSarif.errors ?? []).map(error => `${error.instancePath} ${error.message}`);
}

const MODEL = `model "M" { reviewed "2026-10-20" }
external User
boundary B { process Api { privilege admin } }
store Queue { kind queue }
flow In: User -> Api { protocol HTTP  carries pii }
flow Take: Queue -> Api
threat T "t" { on Api  stride S  likelihood 3  impact 3  accepted "fine" }
`;

const ODD_NAMES = ['models/my app.tm', 'models/100% [draft] #2.tm', 'models/ünïcödé/größe.tm', 'models/a?b&c=d.tm'];

async function sarifOf(files: Record<string, string>, args: string[]): Promise<{ code: number; log: SarifLog }> {
  const { dir, cleanup } = await scratchDir(files);
  try {
    const run = await runTm(['check', ...args, '--format', 'sarif', '--today', '2026-11-01'], dir);
    return { code: run.code, log: JSON.parse(run.stdout) as SarifLog };
  } finally {
    await cleanup();
  }
}

describe('tm check --format sarif', () => {
  test('several models with odd file names make one log that the SARIF 2.1.0 schema accepts', async () => {
    const files = Object.fromEntries([
      ...ODD_NAMES.map(name => [name, MODEL]),
      ['models/broken.tm', 'process {\nflow F: A ->'],
      ['models/clean.tm', ''],
    ]);
    const { code, log } = await sarifOf(files, ['models']);
    expect(code).toBe(1);
    expect(schemaProblems(log)).toEqual([]);
    const run = log.runs[0];
    // Artifact URIs are relative and URI-escaped: decoded, they are the paths.
    expect(run.artifacts.map(artifact => decodeURIComponent(artifact.location.uri)).sort()).toEqual(Object.keys(files).sort());
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex!].id).toBe(result.ruleId);
    }
    expect(new Set(run.results.map(result => result.ruleId))).toEqual(new Set(['incomplete-acceptance', 'plaintext-sensitive', 'privileged-consumer', 'syntax-error',
      'uncovered-stride', 'missing-boundary-control', 'open-fix-now', 'unresolved-reference', 'stale-review', 'suggested-threat']));
  });

  test("a suggested threat carries the suggested entries' references", async () => {
    const { log } = await sarifOf({ 'a.tm': 'process Front\nprocess Api\nstore Db { kind database }\nflow In: Front -> Api\nflow Q: Api -> Db { protocol SQL }\n' }, ['a.tm']);
    expect(schemaProblems(log)).toEqual([]);
    const suggestion = log.runs[0].results.find(result => result.ruleId === 'suggested-threat') as unknown as { properties: { references: Array<{ id: string; kind?: string; uri?: string }> } };
    expect(suggestion.properties.references).toContainEqual({ id: 'CWE-89', kind: 'CWE', uri: 'https://cwe.mitre.org/data/definitions/89.html' });
    expect(suggestion.properties.references.map(reference => reference.id)).toEqual(expect.arrayContaining(['CAPEC-66', 'A03:2021']));
  });

  test('the rule catalogue is the registry of diagnostics, with its severities', async () => {
    const { log } = await sarifOf({ 'a.tm': 'process P\n' }, ['a.tm']);
    expect(schemaProblems(log)).toEqual([]);
    const levels = { error: 'error', warning: 'warning', info: 'note' };
    expect(log.runs[0].tool.driver.rules.map(rule => [rule.id, rule.defaultConfiguration.level]))
      .toEqual(ALL_ISSUE_CODES.map(code => [code, levels[ISSUE_RULES[code].severity]]));
    expect(log.runs[0].results.find(result => result.ruleId === 'stale-review')!.level).toBe('note');
  });

  test('results sit on their .tm line and column, relative to the working directory, with mapped levels', async () => {
    const { log } = await sarifOf({ 'models/my app.tm': MODEL }, ['models']);
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
    // The only information findings of this model are the catalogue's suggestions, at `note`.
    expect(results.filter(result => result.level === 'note').map(result => result.ruleId)).toEqual(results.filter(result => result.ruleId === 'suggested-threat').map(() => 'suggested-threat'));
    expect(results.some(result => result.ruleId === 'suggested-threat')).toBe(true);
  });

  test('a clean run is a valid log with no results', async () => {
    const { code, log } = await sarifOf({ 'clean.tm': 'model "M" { reviewed "2026-10-20" }\n' }, ['clean.tm']);
    expect(code).toBe(0);
    expect(schemaProblems(log)).toEqual([]);
    expect(log.runs[0].results).toEqual([]);
  });

  test('the schema check rejects what a consumer would reject', async () => {
    const { log } = await sarifOf({ 'a.tm': 'process P\n' }, ['a.tm']);
    const broken = structuredClone(log) as unknown as { version: string; runs: Array<{ results: Array<{ level: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> }> };
    broken.version = '2.0.0';
    broken.runs[0].results[0].level = 'info';
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(schemaProblems(broken)).toEqual(expect.arrayContaining([
      '/version must be equal to one of the allowed values',
      '/runs/0/results/0/level must be equal to one of the allowed values',
      '/runs/0/results/0/locations/0/physicalLocation/region/startLine must be >= 1',
    ]));
  });
});
