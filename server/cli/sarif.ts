// `tm check --format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub's upload-sarif).
// One rule per diagnostic code, from the registry the validator uses (server/language/issue-codes.ts);
// every result on its `.tm` line and column, artifact URIs relative to the working directory so
// the tool can map them onto the repository.
import * as path from 'node:path';
import { ALL_ISSUE_CODES, ISSUE_RULES } from '../language/issue-codes.js';
import type { CheckedFile } from './load.js';
import type { Severity } from './format.js';
import { flatten } from './format.js';
import { parseReference } from '../domain/references.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const TOOL_URI = 'https://github.com/tm-threat-models/tm';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(results: readonly CheckedFile[], cwd: string): string {
  const ruleIndex = new Map(ALL_ISSUE_CODES.map((code, index) => [code as string, index]));
  const uriOf = new Map(results.map(result => [result.file.displayPath, artifactUri(result.file.absolutePath, cwd)]));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'tm',
          informationUri: TOOL_URI,
          rules: ALL_ISSUE_CODES.map(code => {
            const { summary, help, severity } = ISSUE_RULES[code];
            return {
              id: code,
              name: ruleName(code),
              shortDescription: { text: summary },
              fullDescription: { text: `${summary} ${help}` },
              help: { text: help, markdown: help },
              helpUri: `${TOOL_URI}/blob/main/docs/language.md#${code}-${severity}`,
              defaultConfiguration: { level: LEVELS[severity] },
            };
          }),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(cwd) } },
      artifacts: results.map(result => ({ location: { uri: uriOf.get(result.file.displayPath), uriBaseId: '%SRCROOT%' } })),
      results: flatten(results).map(diagnostic => ({
        ruleId: diagnostic.code,
        ...(ruleIndex.has(diagnostic.code) ? { ruleIndex: ruleIndex.get(diagnostic.code) } : {}),
        level: LEVELS[diagnostic.severity],
        message: { text: diagnostic.message },
        ...(diagnostic.references ? { properties: { references: diagnostic.references.map(referenceProperty) } } : {}),
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: uriOf.get(diagnostic.file), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: diagnostic.line,
              startColumn: diagnostic.column,
              endLine: diagnostic.endLine,
              endColumn: diagnostic.endColumn,
            },
          },
        }],
      })),
      columnKind: 'utf16CodeUnits',
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** `CWE-89` with the page that explains it. */
function referenceProperty(text: string): { id: string; kind?: string; uri?: string } {
  const parsed = parseReference(text);
  return { id: text, ...(parsed ? { kind: parsed.kind } : {}), ...(parsed?.url ? { uri: parsed.url } : {}) };
}

/** `uncovered-stride` → `UncoveredStride`, the rule's readable name. */
function ruleName(code: string): string {
  return code.split('-').map(word => word[0].toUpperCase() + word.slice(1)).join('');
}

/** Relative to the working directory, with forward slashes and URI escaping. */
function artifactUri(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath).split(path.sep).join('/');
  return relative.split('/').map(encodeURIComponent).join('/');
}

function directoryUri(directory: string): string {
  const slashed = directory.split(path.sep).join('/');
  const withRoot = slashed.startsWith('/') ? slashed : `/${slashed}`;
  return `file://${withRoot.split('/').map(encodeURIComponent).join('/')}/`.replace(/\/+$/, '/');
}
