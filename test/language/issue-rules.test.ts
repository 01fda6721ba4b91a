// The registry of diagnostics (server/language/issue-codes.ts) is the one place a code's severity
// and help live: the validator reports at that severity, SARIF's rule catalogue is built from it,
// and docs/language.md §6 says the same.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { IssueCode } from '../../server/language/issue-codes.js';
import { ALL_ISSUE_CODES, ISSUE_RULES } from '../../server/language/issue-codes.js';
import type { TmOptions } from '../../server/language/tm-settings.js';
import { check, messageOf, Severity } from './harness.js';

const root = path.resolve(import.meta.dirname, '../..');
const CROSSING = 'external U\nboundary B { process P }\n';
const nested = (depth: number, inner: string): string => depth === 0 ? inner : `boundary B${depth} { ${nested(depth - 1, inner)} }`;

/**
 * A model that makes each code, with the settings it needs; a new code fails here until it has
 * one. Three come from files, not text: test/hostile/padded-model.test.ts (validation-failed),
 * workspace-files.test.ts (unreadable-file) and test/cli/catalogue.test.ts (invalid-catalogue-pack,
 * on a team pack); five from several files, test/language/imports.test.ts (duplicate-import,
 * import-cycle, import-too-deep, ambiguous-reference, unused-import).
 */
type FromSeveralFiles = 'duplicate-import' | 'import-cycle' | 'import-too-deep' | 'ambiguous-reference' | 'unused-import';
const MISTAKES: Record<Exclude<IssueCode, 'validation-failed' | 'unreadable-file' | 'invalid-catalogue-pack' | FromSeveralFiles>, [string, Partial<TmOptions>?]> = {
  'uncovered-stride': ['external U { kind user }'],
  'missing-boundary-control': [`${CROSSING}flow F: U -> P`],
  'open-fix-now': ['process P\nthreat T { on P stride T likelihood 3 impact 3 }'],
  'incomplete-acceptance': ['process P\nthreat T { on P stride T likelihood 1 impact 1 accepted "fine" }'],
  'incomplete-exemption': ['process P { exempt S "" }'],
  'unscored-threat': ['process P\nthreat T { on P stride T }'],
  'todo-placeholder': ['process P { exempt S "TODO" }'],
  'invalid-flow': ['external A\nexternal C\nflow F: A -> C'],
  'plaintext-sensitive': [`${CROSSING}flow F: U -> P { protocol HTTP carries pii }`],
  'privileged-consumer': ['store Q { kind queue }\nprocess P { privilege root }\nflow F: Q -> P'],
  'orphan-element': ['process P'],
  'stride-not-applicable': ['external U { exempt D "not a store" }'],
  'out-of-range': ['process P\nthreat T { on P stride T likelihood 4 impact 1 }'],
  'unresolved-reference': ['threat T { on Nowhere stride S }'],
  'duplicate-name': ['process A\nprocess A'],
  'duplicate-field': ['process P { privilege root privilege user }'],
  'syntax-error': ['process {'],
  'too-deep': [nested(66, 'process P')],
  'file-too-large': ['process P', { maxFileSizeMB: 1e-6 }],
  'too-large': [Array.from({ length: 51 }, (_, i) => `process P${i}`).join('\n')],
  'stale-review': ['model "M" { reviewed "2020-01-01" }'],
  'attack-cost': ['attack A "goal" { or { "one" cost low  "two" cost high } }'],
  'too-many-diagnostics': [Array.from({ length: 600 }, (_, i) => `process P${i}`).join('\n')],
  'unverified-encryption': [`${CROSSING}flow F: U -> P { protocol SQL carries pii }`],
  'unencrypted-sensitive-store': ['store Vault { holds secrets }'],
  'unauthenticated-entry': [`${CROSSING}flow F: U -> P { protocol HTTPS carries pii authn none }`],
  'unexpanded-leaf': ['attack A "goal" { or { "one" cost low  "two" } }'],
  'invalid-reference': ['threat T { refs "CWE 89" }'],
  'invalid-date': ['threat T { accepted "fine" by "cto" date "2026-13-01" }'],
  'expired-decision': ['threat T { transferred "insured" to "insurer" until "2026-01-31" }', { today: '2026-02-01' }],
  'suggested-threat': ['external U\nprocess Api\nstore Db { kind database }\nflow In: U -> Api\nflow Q: Api -> Db'],
  'incomplete-dismissal': ['process Api\nstore Db { kind database }\nflow Q: Api -> Db { dismiss "tm:sql-injection" }'],
  'unknown-catalogue-entry': ['process P\nthreat T { on P stride T catalogue "tm:no-such-entry" }'],
  'missing-import': ['import "no-such-library.tm"'],
  'invalid-import': ['import "https://example.com/platform.tm"'],
  'duplicate-import-alias': ['import "a/lib.tm"\nimport "b/lib.tm"'],
  'target-not-on-threat': ['process P\nprocess Q\nflow F: P -> Q\nthreat T { on P stride T  mitigation "m" done for Q }'],
};

const languageDoc = fs.readFileSync(path.join(root, 'docs/language.md'), 'utf8');

describe('the registry of diagnostics', () => {
  test.each(ALL_ISSUE_CODES)('%s has an entry: severity, summary and help', code => {
    const rule = ISSUE_RULES[code] as typeof ISSUE_RULES[IssueCode] | undefined;
    expect(rule, `${code} has no entry in ISSUE_RULES`).toBeDefined();
    expect(Object.keys(Severity)).toContain(rule?.severity);
    expect(rule?.summary).toMatch(/^[A-Z].{10,}\.$/);
    expect(rule?.help).toMatch(/^[A-Z].{10,}\.$/);
  });

  test('docs/language.md §6 gives every code the registry\'s severity, in its table and its heading', () => {
    const tableRows = new Map([...languageDoc.matchAll(/^\| `([a-z-]+)` \| (\w+) \|/gm)].map(match => [match[1], match[2]]));
    const headings = new Map([...languageDoc.matchAll(/^### `([a-z-]+)` \((\w+)\)$/gm)].map(match => [match[1], match[2]]));
    for (const code of ALL_ISSUE_CODES) {
      expect(tableRows.get(code), `table row of ${code}`).toBe(ISSUE_RULES[code].severity);
      expect(headings.get(code), `heading of ${code}`).toBe(ISSUE_RULES[code].severity);
    }
    expect([...headings.keys()].sort()).toEqual([...ALL_ISSUE_CODES].sort());
  });

  test.each(Object.entries(MISTAKES))('%s is reported at its registered severity, and so is everything else on the model', async (code, [text, options]) => {
    const { diagnostics } = await check(text, options);
    expect(diagnostics.map(diagnostic => diagnostic.code)).toContain(code);
    for (const diagnostic of diagnostics) {
      const rule = ISSUE_RULES[String(diagnostic.code) as IssueCode];
      expect(diagnostic.severity, `${String(diagnostic.code)}: ${messageOf(diagnostic)}`).toBe(Severity[rule.severity]);
    }
  });

  test('a rule with a lesser severity reports its lesser findings at it: unencrypted-sensitive-store for pii only', async () => {
    expect(ISSUE_RULES['unencrypted-sensitive-store'].lesserSeverity).toBe('info');
    const { diagnostics } = await check('store Db { holds pii }');
    expect(diagnostics.filter(diagnostic => diagnostic.code === 'unencrypted-sensitive-store').map(diagnostic => diagnostic.severity)).toEqual([Severity.info]);
  });
});
