// `tm report`: the report data (buildReport), its three writers, the JSON schema, and the
// escaping of hostile model strings in every format.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import Ajv from 'ajv';
import { buildReport } from '../../server/report/build-report.js';
import { renderMarkdown } from '../../server/report/markdown.js';
import { renderHtml } from '../../server/report/html.js';
import { renderJsonReport } from '../../server/report/json.js';
import { reportDiagram } from '../../server/report/diagram.js';
import { escapeMarkdown } from '../../server/escape/markdown.js';
import { runTm, scratchDir } from '../cli/run.js';
import { analyze, fixtureText, golden, REPORT_OPTIONS, FIXTURES } from './models.js';

const schema = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/report-schema.json'), 'utf8')) as object;
const validateReport = new Ajv({ allErrors: true }).compile(schema);

async function shopReport() {
  const analysis = await analyze(fixtureText('shop.tm'), 'shop.tm');
  return { analysis, report: buildReport(analysis, REPORT_OPTIONS) };
}

describe('buildReport', () => {
  test('lists the unexpanded leaves an attack\'s cheapest path skips (docs/language.md §11)', async () => {
    const analysis = await analyze('attack A "goal" { or { "Bribe" "Guess" cost low "Insider" or { "Plant" } } }');
    const report = buildReport(analysis, REPORT_OPTIONS);
    expect(report.attacks[0]).toMatchObject({ cheapestPath: { cost: 2, steps: [['Guess']] }, unexpanded: [['Bribe'], ['Insider', 'Plant']] });
    expect(validateReport(JSON.parse(renderJsonReport(report))), JSON.stringify(validateReport.errors)).toBe(true);
    expect(renderMarkdown(report, { mermaid: '' })).toContain('Not counted: unexpanded leaves, which have no cost yet.\n\n- Bribe\n- Insider › Plant');
  });

  test('gives each target its status and each decision its `for` when decisions name targets (docs/language.md §4)', async () => {
    const analysis = await analyze('process Api\nstore Db\nflow Q: Api -> Db\nthreat T "Injection" { on Api, Db  stride T  likelihood 3  impact 3\n'
      + '  accepted "internal only" by "lead" ticket "SEC-9" for Api\n  mitigation "bound parameters" done for Db }\nthreat U { on Api  stride S  mitigation "m" done }');
    const report = buildReport(analysis, REPORT_OPTIONS);
    const [targeted, plain] = report.threats;
    expect(targeted).toMatchObject({ status: 'accepted', openFixNow: false, targets: [{ name: 'Api', status: 'accepted' }, { name: 'Db', status: 'mitigated' }] });
    expect(targeted.decisions.map(decision => decision.for)).toEqual([['Api'], ['Db']]);
    expect(plain.targets).toEqual([{ name: 'Api', label: 'Api' }]);
    expect(plain.decisions[0].for).toBeUndefined();
    expect(validateReport(JSON.parse(renderJsonReport(report))), JSON.stringify(validateReport.errors)).toBe(true);
    const markdown = renderMarkdown(report, { mermaid: '' });
    expect(markdown).toContain('| accepted | Api (accepted), Db (mitigated) |');
    expect(markdown).toContain('| T (for Db) | bound parameters | done |');
    expect(markdown).toContain('| T (for Api) | accepted | internal only | by lead | SEC-9 |');
    expect(renderHtml(report)).toContain('<td>T (for Api)</td>');
  });

  test('gives each flow its channel and port (docs/language.md §11), valid against the schema', async () => {
    const analysis = await analyze('external C\nboundary Z { process Api }\n'
      + 'flow Tunnel: C -> Api { protocol "HTTP/1.1" port 8080 encrypted }\nflow Plain: C -> Api { protocol Telnet }\nflow Bare: C -> Api');
    const report = buildReport(analysis, REPORT_OPTIONS);
    expect(report.flows.map(flow => [flow.name, flow.channel, flow.port])).toEqual([['Tunnel', 'encrypted', 8080], ['Plain', 'plaintext', undefined], ['Bare', 'unverified', undefined]]);
    expect(validateReport(JSON.parse(renderJsonReport(report))), JSON.stringify(validateReport.errors)).toBe(true);
    expect(renderMarkdown(report, await reportDiagram(analysis, 'crossing'))).toContain('| HTTP/1.1 port 8080 (encrypted) |');
  });

  test('ranks threats by score, unscored last, ties in source order', async () => {
    const { report } = await shopReport();
    expect(report.threats.map(threat => `${threat.rank}:${threat.name}:${threat.score ?? '-'}`))
      .toEqual(['1:S1:9', '2:S5:9', '3:S2:6', '4:S3:4', '5:S4:2', '6:S7:2', '7:S6:-']);
  });

  test('derives status, bucket and the done verdict from the domain rules', async () => {
    const { report } = await shopReport();
    const byName = new Map(report.threats.map(threat => [threat.name, threat]));
    expect(byName.get('S1')).toMatchObject({ status: 'planned', bucket: 'fix now', openFixNow: true, letters: ['S'] });
    expect(byName.get('S2')).toMatchObject({ status: 'open', openFixNow: true });
    expect(byName.get('S3')).toMatchObject({ status: 'transferred', bucket: 'fix soon' });
    expect(byName.get('S3')?.decisions).toEqual([{
      kind: 'transferred', text: 'PCI scope sits with the provider', to: 'Card gateway Ltd', ticket: 'PCI-4', date: '2026-01-15', until: '2027-01-15', effective: true,
    }]);
    // Past its until (2026-10-31 on the report's day, 2026-11-01) an acceptance no longer counts.
    expect(byName.get('S4')).toMatchObject({ status: 'open', decisions: [{ kind: 'accepted', ticket: 'PRIV-9', until: '2026-10-31', expired: true, effective: false }] });
    expect(byName.get('S5')).toMatchObject({ status: 'eliminated', openFixNow: false });
    // A stubbed acceptance is not a decision yet (docs/language.md §10): open, and marked not effective.
    expect(byName.get('S7')).toMatchObject({ status: 'open', decisions: [{ kind: 'accepted', effective: false }] });
    expect(byName.get('S6')).not.toHaveProperty('score');
    expect(report.verdict).toEqual({ done: false, fixNowOpen: 2, threats: 7 });
  });

  test('lists crossings with their zones and every control state', async () => {
    const { report } = await shopReport();
    const browse = report.flows.find(flow => flow.name === 'Browse')!;
    expect(browse.crossing).toEqual({ from: 'outside', to: 'Cloud' });
    expect(browse.controls).toEqual({
      authn: { state: 'declared', text: 'session cookie' },
      authz: { state: 'none' },
      validation: { state: 'stub', text: 'TODO: describe input validation' },
    });
    expect(report.flows.find(flow => flow.name === 'Pay')!.controls.authz).toEqual({ state: 'missing' });
    expect(report.flows.find(flow => flow.name === 'Store')!.crossing).toEqual({ from: 'Cloud', to: 'Data' });
  });

  test('gives the cheapest attack path and coverage with exemptions', async () => {
    const { report } = await shopReport();
    expect(report.attacks[0].cheapestPath).toEqual({
      cost: 5, costLabel: '5 (high)',
      steps: [['Steal the session cookie', 'Find an XSS'], ['Steal the session cookie', 'Deliver the payload']],
    });
    const events = report.coverage.find(entry => entry.name === 'Events')!;
    expect(events).toMatchObject({ covered: ['R', 'D'], uncovered: ['T', 'I'], exemptions: [{ letters: ['R'], reason: 'append-only, replicated off-site' }] });
    expect(report.coverage.find(entry => entry.name === 'Log')).toMatchObject({ checked: true });
    expect(report.review).toEqual({ verdict: 'fresh', ageDays: 31, maxAgeDays: 90, today: '2026-11-01' });
  });
});

describe('descriptions, references and data assets', () => {
  const MODEL = `model "Contracts" { refs "https://example.com/design" }
data Contracts "Customer contracts" { sensitivity restricted  category pii, financial  integrity high  description "signed PDFs" }
external Client { description "the customer's browser"  refs "T1189" }
boundary Vpc "Production VPC" {
  kind network  trust medium  description "private subnets"
  process Api "API" { kind api  technology "Spring Boot 3" }
  store Db { holds Contracts, internal }
}
flow Query: Api -> Db { protocol SQL  carries internal  returns pii, Contracts  description "reads contracts" }
threat T1 "SQL injection" {
  on Query  stride T  likelihood 2  impact 3
  refs "CWE-89", "CAPEC-66"
  mitigation "parameterised queries" done refs "V5.3.4"
}`;

  test('the report data carries them, and the JSON follows the schema', async () => {
    const report = buildReport(await analyze(MODEL), REPORT_OPTIONS);
    expect(report.references).toEqual([{ id: 'https://example.com/design', kind: 'URL', url: 'https://example.com/design' }]);
    expect(report.dataAssets).toEqual([{
      name: 'Contracts', label: 'Customer contracts', sensitivity: 'restricted', categories: ['pii', 'financial'], integrity: 'high',
      classes: ['pii', 'financial'], description: 'signed PDFs',
    }]);
    expect(report.elements.find(element => element.name === 'Api')).toMatchObject({ subkind: 'api', technology: 'Spring Boot 3' });
    expect(report.elements.find(element => element.name === 'Db')).toMatchObject({ holds: ['internal', 'Contracts'] });
    expect(report.boundaries[0]).toMatchObject({ subkind: 'network', trust: 'medium', description: 'private subnets' });
    expect(report.flows[0]).toMatchObject({ carries: ['internal'], returns: ['pii', 'Contracts'], description: 'reads contracts' });
    expect(report.threats[0].references).toEqual([
      { id: 'CWE-89', kind: 'CWE', url: 'https://cwe.mitre.org/data/definitions/89.html' },
      { id: 'CAPEC-66', kind: 'CAPEC', url: 'https://capec.mitre.org/data/definitions/66.html' },
    ]);
    expect(report.threats[0].decisions[0].references).toMatchObject([{ id: 'V5.3.4', kind: 'ASVS' }]);
    const json = renderJsonReport(report);
    expect(validateReport(JSON.parse(json)), JSON.stringify(validateReport.errors)).toBe(true);
  });

  test('Markdown and HTML list them in their own sections', async () => {
    const analysis = await analyze(MODEL);
    const report = buildReport(analysis, REPORT_OPTIONS);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('## Data assets');
    expect(markdown).toContain('## Descriptions and references');
    expect(markdown).toContain('CWE-89 (https://cwe.mitre.org/data/definitions/89.html)');
    expect(markdown).toContain('signed PDFs');
    const html = renderHtml(report);
    expect(html).toContain('Descriptions and references');
    expect(html).toContain('the customer&#39;s browser');
  });
});

// The goldens pin the writers; they get a fixed stand-in diagram so that a change to the
// diagram renderer (tested in test/diagram) does not move them.
const STAND_IN = { mermaid: 'flowchart LR\n  n_A --> n_B', svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>' };

describe('writers (golden files of test/report/fixtures/shop.tm)', () => {
  test('Markdown', async () => {
    const { report } = await shopReport();
    const markdown = renderMarkdown(report, { mermaid: STAND_IN.mermaid, svgPath: 'shop.svg' });
    expect(markdown).toBe(golden('shop.md', markdown));
    expect(markdown).toContain('| 1 | S1 (Session hijacking) | S | 3 | 3 | 9 | fix now | planned | Shopper (Shopper\'s browser), Web (Storefront) |');
    expect(markdown).toContain('![Data-flow diagram](<shop.svg>)');
  });

  test('the diagram is the one renderer\'s: Mermaid in Markdown, SVG in HTML', async () => {
    const { analysis, report } = await shopReport();
    const diagram = await reportDiagram(analysis, 'crossing');
    const markdown = renderMarkdown(report, { mermaid: diagram.mermaid });
    expect(markdown).toContain(`\`\`\`mermaid\n${diagram.mermaid.trimEnd()}\n\`\`\``);
    expect(diagram.mermaid).toContain('subgraph b_Cloud');
    const html = renderHtml(report, { svg: diagram.svg });
    expect(html).toContain(`<figure class="diagram">${diagram.svg}</figure>`);
    expect(diagram.svg).toContain('data-id="Web"');
  });

  test('HTML: self-contained, no script, print rules, inline SVG', async () => {
    const { report } = await shopReport();
    const html = renderHtml(report, { svg: STAND_IN.svg });
    expect(html).toBe(golden('shop.html', html));
    expect(html).not.toMatch(/<script|javascript:|\son[a-z]+=/i);
    expect(html).not.toMatch(/<link|src="http/i);
    expect(html).toContain('@media print');
    expect(html).toMatch(/<figure class="diagram"><svg[\s\S]*<\/svg><\/figure>/);
  });

  test('JSON follows docs/report-schema.json and carries schemaVersion', async () => {
    const { report } = await shopReport();
    const json = renderJsonReport(report);
    expect(json).toBe(golden('shop.json', json));
    const parsed = JSON.parse(json) as { schemaVersion: string };
    expect(parsed.schemaVersion).toBe('1.2');
    expect(validateReport(parsed), JSON.stringify(validateReport.errors)).toBe(true);
  });

  test('the schema rejects a report that breaks it', async () => {
    const { report } = await shopReport();
    expect(validateReport({ ...report, threats: [{ ...report.threats[0], status: 'fine' }] })).toBe(false);
    expect(validateReport({ ...report, schemaVersion: '2.0' })).toBe(false);
  });
});

describe('hostile model strings', () => {
  async function hostile() {
    const analysis = await analyze(fixtureText('hostile.tm'), 'hostile.tm');
    const report = buildReport(analysis, REPORT_OPTIONS);
    const diagram = await reportDiagram(analysis, 'crossing');
    return { report, diagram };
  }

  test('Markdown: pipes, backticks, HTML and markup are escaped; table rows keep their columns', async () => {
    const { report, diagram } = await hostile();
    const markdown = renderMarkdown(report, { mermaid: diagram.mermaid });
    // Outside the Mermaid block (whose labels the diagram renderer escapes), no raw HTML survives.
    const prose = markdown.replace(/```+mermaid\n[\s\S]*?\n```+/, '');
    expect(prose).not.toMatch(/(?<!\\)<(script|img|b>|i>)/);
    expect(markdown).toContain('# Evil \\| \\`model\\` \\<script\\>alert(1)\\</script\\> \\& "quotes" \\\\ back');
    const threatRow = markdown.split('\n').find(line => line.startsWith('| 1 |'))!;
    // 9 columns: 10 unescaped pipes.
    expect(threatRow.match(/(?<!\\)\|/g)).toHaveLength(10);
    const mitigationRow = markdown.split('\n').find(line => line.startsWith('| H1 |'))!;
    expect(mitigationRow).toContain('\\- list \\| \\`x\\` \\<i\\>');
    expect(mitigationRow).toContain('1\\. ordered');
    expect(markdown).toContain('\\@everyone \\*bold\\* \\_it\\_ \\[link\\]');
    // The Mermaid block cannot be closed early by a label holding a fence.
    const mermaid = /```+mermaid\n([\s\S]*?)\n```+/.exec(markdown)![1];
    expect(mermaid).not.toContain('```');
  });

  test('escapeMarkdown leaves no character that starts markup', () => {
    expect(escapeMarkdown('a|b`c*d_e[f]g<h>i~j&k$l@m\\n')).toBe('a\\|b\\`c\\*d\\_e\\[f\\]g\\<h\\>i\\~j\\&k\\$l\\@m\\\\n');
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('12) not a list')).toBe('12\\) not a list');
    expect(escapeMarkdown('line\nbreak')).toBe('line break');
  });

  test('HTML: every model string is text, never markup', async () => {
    const { report, diagram } = await hostile();
    const html = renderHtml(report, { svg: diagram.svg });
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<\/td><td>\s*<\/td>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;/td&gt;&lt;td&gt;');
    expect(html).toContain('&quot;quotes&quot;');
  });

  test('JSON: strings survive exactly', async () => {
    const { report } = await hostile();
    const parsed = JSON.parse(renderJsonReport(report)) as typeof report;
    expect(parsed.title).toBe('Evil | `model` <script>alert(1)</script> & "quotes" \\ back');
    expect(parsed.threats[0].decisions[0]).toMatchObject({ text: '- list | `x` <i>', owner: '1. ordered', ticket: '</td><td>' });
  });
});

describe('suggested threats', () => {
  const MODEL = 'process Api\nboundary B { store Db { kind database } }\nflow F: Api -> Db { protocol "<img src=x onerror=alert(1)>|`x`" }\n';

  test('are listed with where, why and the entry, escaped in Markdown and HTML and exact in JSON', async () => {
    const report = buildReport(await analyze(MODEL), REPORT_OPTIONS);
    const suggestion = report.suggestions!.find(each => each.entry === 'tm:unverified-channel')!;
    expect(suggestion).toMatchObject({ target: 'F', targetKind: 'flow', title: 'Encryption across a boundary left to configuration', letters: ['T', 'I'] });
    expect(suggestion.trigger).toContain('<img src=x onerror=alert(1)>|`x`');
    expect(suggestion.references![0]).toMatchObject({ id: 'CWE-319', kind: 'CWE' });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('## Suggested threats');
    const row = markdown.split('\n').find(line => line.includes('tm:unverified-channel'))!;
    expect(row).toContain('\\<img src=x onerror=alert(1)\\>\\|\\`x\\`');
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(7);
    const html = renderHtml(report, { svg: '<svg/>' });
    expect(html).toContain('Suggested threats');
    expect(html).not.toMatch(/<img/);
    expect((JSON.parse(renderJsonReport(report)) as typeof report).suggestions).toEqual(report.suggestions);
  });

  test('a model with nothing to suggest has no section and no field', async () => {
    const report = buildReport(await analyze('process Api'), REPORT_OPTIONS);
    expect(report.suggestions).toBeUndefined();
    expect(renderMarkdown(report)).not.toContain('Suggested threats');
  });

  test('an added or dismissed entry is not listed, nor anything out of scope', async () => {
    const settled = `${MODEL}threat T { on F  stride T  catalogue "tm:unverified-channel" }\n`;
    expect(buildReport(await analyze(settled), REPORT_OPTIONS).suggestions?.map(each => each.entry)).not.toContain('tm:unverified-channel');
    const outOfScope = MODEL.replace('`x`" }', '`x`"  out-of-scope "the DBA team\'s" }');
    expect(buildReport(await analyze(outOfScope), REPORT_OPTIONS).suggestions?.filter(each => each.target === 'F')).toBeUndefined();
  });
});

describe('tm report (CLI)', () => {
  test('-o folder/ writes the Markdown report and the SVG it links', async () => {
    const { dir, cleanup } = await scratchDir({ 'shop.tm': fixtureText('shop.tm') });
    try {
      const run = await runTm(['report', 'shop.tm', '-o', 'out/', '--today', '2026-11-01'], dir);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const markdown = fs.readFileSync(path.join(dir, 'out/shop.md'), 'utf8');
      expect(markdown).toContain('![Data-flow diagram](<shop.svg>)');
      expect(fs.readFileSync(path.join(dir, 'out/shop.svg'), 'utf8')).toMatch(/^<svg /);
    } finally {
      await cleanup();
    }
  });

  test('--format html -o file, and json to stdout', async () => {
    const { dir, cleanup } = await scratchDir({ 'shop.tm': fixtureText('shop.tm') });
    try {
      expect((await runTm(['report', 'shop.tm', '--format', 'html', '-o', 'shop.html'], dir)).code).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'shop.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
      const json = await runTm(['report', 'shop.tm', '--format', 'json', '--today', '2026-11-01'], dir);
      expect(JSON.parse(json.stdout)).toMatchObject({ schemaVersion: '1.2', title: 'Online shop', review: { ageDays: 31 } });
    } finally {
      await cleanup();
    }
  });

  test('a model with errors still reports what parsed, and says so', async () => {
    const { dir, cleanup } = await scratchDir({ 'broken.tm': 'model "Broken"\nprocess Api\nflow F: Api -> Nowhere\n' });
    try {
      const run = await runTm(['report', 'broken.tm', '--format', 'json'], dir);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('broken.tm has 1 error');
      expect(JSON.parse(run.stdout)).toMatchObject({ title: 'Broken', elements: [{ name: 'Api' }] });
    } finally {
      await cleanup();
    }
  });

  test('usage errors exit 2', async () => {
    expect((await runTm(['report', path.join(FIXTURES, 'shop.tm'), '--format', 'pdf'], FIXTURES)).code).toBe(2);
    expect((await runTm(['report'], FIXTURES)).code).toBe(2);
  });
});

test('buildReport(analysis) alone uses the settings\' defaults and today\'s date', async () => {
  const analysis = await analyze(fixtureText('shop.tm'), 'shop.tm');
  const report = buildReport(analysis);
  expect(report.review).toMatchObject({ maxAgeDays: 90, today: new Date().toISOString().slice(0, 10) });
  expect(report.coverage.find(entry => entry.name === 'Browse')).toMatchObject({ checked: true });
});
