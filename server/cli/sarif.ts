// `tm check --format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub's upload-sarif).
// One rule per diagnostic code, every result on its `.tm` line and column, artifact URIs
// relative to the working directory so the tool can map them onto the repository.
import * as path from 'node:path';
import type { IssueCode } from '../language/issue-codes.js';
import { ALL_ISSUE_CODES } from '../language/issue-codes.js';
import type { CheckedFile } from './load.js';
import type { Severity } from './format.js';
import { flatten } from './format.js';
import { parseReference } from '../domain/references.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const TOOL_URI = 'https://github.com/tm-threat-models/tm';

interface RuleText {
  /** One line: what the rule finds. */
  summary: string;
  /** What to do about it. */
  help: string;
  severity: Severity;
}

/** What each code means (docs/language.md §6), shown by code-scanning tools next to each finding. */
export const RULE_TEXT: Readonly<Record<IssueCode, RuleText>> = {
  'uncovered-stride': { severity: 'warning', summary: 'A STRIDE letter that applies to an element or flow is covered by no threat and no exemption.', help: 'Add a threat on the element or flow that lists the letter, or `exempt` the letter with a reason.' },
  'missing-boundary-control': { severity: 'warning', summary: 'A flow that crosses a trust boundary does not declare authn, authz or validation.', help: 'Declare each missing control as a description, or as `none` when there deliberately is none.' },
  'open-fix-now': { severity: 'warning', summary: 'A threat scoring 6 or more is open or only planned.', help: 'Finish its mitigations (mark them done), or accept, transfer or eliminate it with a reason and a name.' },
  'incomplete-acceptance': { severity: 'error', summary: 'An `accepted` decision lacks its reason or the name of who accepted.', help: 'Write `accepted "why" by "who"`; an acceptance without both is not a decision.' },
  'incomplete-exemption': { severity: 'warning', summary: 'An `exempt` has an empty reason and covers nothing.', help: 'Say why the letter does not apply here.' },
  'unscored-threat': { severity: 'info', summary: 'A threat has no likelihood or no impact, so it has no score and no bucket.', help: 'Add `likelihood` and `impact` (1..3 or low, medium, high).' },
  'todo-placeholder': { severity: 'info', summary: 'A decision, exemption reason or control is still a TODO stub.', help: 'Replace the stub with the real decision, reason or control.' },
  'invalid-flow': { severity: 'error', summary: 'A flow joins two external entities, two stores, an external entity and a store, or an element to itself.', help: 'Data must pass through a process: route the flow through the process that moves the data.' },
  'plaintext-sensitive': { severity: 'warning', summary: 'A crossing flow carries sensitive data over a protocol known not to encrypt.', help: 'Use an encrypting protocol (HTTPS, TLS, mTLS, SSH, …) or stop sending the data across the boundary.' },
  'privileged-consumer': { severity: 'warning', summary: 'A process running as root or admin reads from a queue.', help: 'Consume the queue with a less privileged process, or record a threat and its mitigation.' },
  'orphan-element': { severity: 'warning', summary: 'No flow touches this element.', help: 'Add the flows that reach it, or remove it from the model.' },
  'stride-not-applicable': { severity: 'warning', summary: 'A threat or exemption names a STRIDE letter that does not apply to its targets\' kinds.', help: 'Use a letter that applies to the element or flow (STRIDE per element), or attach the threat elsewhere.' },
  'out-of-range': { severity: 'error', summary: 'A likelihood or impact is outside 1..3.', help: 'Use 1, 2 or 3 (or low, medium, high).' },
  'unresolved-reference': { severity: 'error', summary: 'A name does not resolve to an element, flow or threat of this file.', help: 'Fix the name, or declare what it refers to; a boundary cannot be a flow end.' },
  'duplicate-name': { severity: 'error', summary: 'A name is declared twice in the file.', help: 'Rename one of the declarations: names are unique across elements, boundaries, flows, threats and attacks.' },
  'duplicate-field': { severity: 'error', summary: 'A single-valued field is written twice in one block; the first value counts.', help: 'Remove the repeated field.' },
  'syntax-error': { severity: 'error', summary: 'The text does not parse.', help: 'Fix the syntax at the position shown; the language reference lists every declaration.' },
  'too-deep': { severity: 'error', summary: 'Boundaries or attack-tree nodes are nested deeper than 64 levels.', help: 'Flatten the nesting; deeper levels are not analysed.' },
  'file-too-large': { severity: 'error', summary: 'The file exceeds the maximum size and was not parsed.', help: 'Split the model, or raise the limit (--max-size, tm.maxFileSizeMB).' },
  'too-large': { severity: 'info', summary: 'The model has more than 50 elements or more than 80 threats.', help: 'Model at a higher altitude, or split the system into several models.' },
  'stale-review': { severity: 'info', summary: 'The model\'s reviewed date is missing, malformed or older than the maximum age.', help: 'Review the model with its owners and update `reviewed "YYYY-MM-DD"`.' },
  'attack-cost': { severity: 'info', summary: 'The cheapest path through an attack tree and its cost.', help: 'Cut the cheapest path first: mitigate one of its leaves.' },
  'invalid-reference': { severity: 'warning', summary: 'A `refs` entry is none of the reference forms tm knows (CWE, CAPEC, ASVS, ATT&CK, OWASP Top 10 ids, https URLs).', help: 'Write the reference in one of the accepted forms, or move free text into `description`.' },
};

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
          rules: ALL_ISSUE_CODES.map(code => ({
            id: code,
            name: ruleName(code),
            shortDescription: { text: RULE_TEXT[code].summary },
            fullDescription: { text: `${RULE_TEXT[code].summary} ${RULE_TEXT[code].help}` },
            help: { text: RULE_TEXT[code].help, markdown: RULE_TEXT[code].help },
            helpUri: `${TOOL_URI}/blob/main/docs/language.md#${code}-${RULE_TEXT[code].severity}`,
            defaultConfiguration: { level: LEVELS[RULE_TEXT[code].severity] },
          })),
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
