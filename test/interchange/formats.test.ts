// tm import of OTM, TM-BOM, Threagile and pytm models: fixtures written for these tests (a
// small one per format whose every mapping is pinned, and a realistic one that must import
// whole and check without errors), format detection, and the import report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ImportFormat } from '../../server/interchange/import-model.js';
import { detectFormat, importModel, parseInput } from '../../server/interchange/import-model.js';
import type { Report } from '../../server/report/build-report.js';
import { buildReport } from '../../server/report/build-report.js';
import { analyzeModel } from '../../server/domain/analysis.js';
import { exportOtm } from '../../server/interchange/otm-export.js';
import { check, REPORT_OPTIONS } from '../report/models.js';
import { messageOf } from '../language/harness.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

async function imported(name: string) {
  const result = importModel(fixture(name));
  const checked = await check(result.text, 'imported.tm');
  const errors = checked.diagnostics.filter(diagnostic => diagnostic.severity === 1).map(diagnostic => `${diagnostic.range.start.line + 1}: ${diagnostic.code}: ${messageOf(diagnostic)}`);
  const report: Report = buildReport(analyzeModel(checked.model!), REPORT_OPTIONS);
  return { ...result, errors, report };
}

const targetsOf = (report: Report, label: string) => report.threats.find(threat => threat.label === label)?.targets.map(target => target.name);

describe('format detection', () => {
  test.each<[string, ImportFormat]>([
    ['otm-small.otm.yaml', 'otm'], ['otm-realistic.otm.json', 'otm'], ['tm-bom-small.tmbom.json', 'tm-bom'], ['tm-bom-realistic.tmbom.json', 'tm-bom'],
    ['threagile-small.yaml', 'threagile'], ['threagile-realistic.yaml', 'threagile'], ['pytm-small.json', 'pytm-json'], ['pytm-realistic.json', 'pytm-json'],
  ])('%s is %s', (name, format) => {
    expect(detectFormat(parseInput(fixture(name)))).toBe(format);
  });
});

describe('realistic models import whole and check without errors', () => {
  // In each, the store-to-store replication gets an implied process and a second flow.
  test.each([
    ['otm-realistic.otm.json', { elements: 10, flows: 10, threats: 7 }],
    ['tm-bom-realistic.tmbom.json', { elements: 10, flows: 10, threats: 7 }],
    ['threagile-realistic.yaml', { elements: 10, flows: 10, threats: 9 }],
    // One of its flows is the reply of another: that flow's `returns`.
    ['pytm-realistic.json', { elements: 10, flows: 10, threats: 8 }],
  ])('%s', async (name, counts) => {
    const { errors, report, report: { elements, flows, threats } } = await imported(name);
    expect(errors).toEqual([]);
    expect({ elements: elements.length, flows: flows.length, threats: threats.length }, JSON.stringify(report.elements.map(element => element.name))).toEqual(counts);
    expect(report.flows.some(flow => flow.crossing !== undefined)).toBe(true);
  });
});

describe('OTM', () => {
  test('zones nest by parent, component types give kinds, states and mitigations give decisions', async () => {
    const { errors, report, text } = await imported('otm-small.otm.yaml');
    expect(errors).toEqual([]);
    expect(report).toMatchObject({ title: 'Ticket desk', owner: 'support-team', description: 'Customers open tickets; agents answer them.' });
    expect(report.boundaries.map(boundary => `${boundary.name}<${boundary.parent}`)).toEqual(['Internet<outside', 'CloudAccount<outside', 'DataTier<CloudAccount']);
    expect(report.elements.map(element => `${element.kind} ${element.name}@${element.zone}${element.subkind ? ` ${element.subkind}` : ''}`)).toEqual([
      'external CustomerBrowser@Internet user', 'process TicketAPI@CloudAccount', 'store TicketsDB@DataTier database',
    ]);
    // Bidirectional: one flow whose reply returns what it carries.
    expect(report.flows.map(flow => `${flow.name}: ${flow.source} -> ${flow.target}`)).toEqual(['OpenTicket: CustomerBrowser -> TicketAPI', 'StoreTicket: TicketAPI -> TicketsDB']);
    expect(report.flows.find(flow => flow.name === 'StoreTicket')).toMatchObject({ carries: ['Ticket'], returns: ['Ticket'] });
    const sqli = report.threats.find(threat => threat.label === 'SQL injection through the ticket text')!;
    expect(sqli).toMatchObject({ letters: ['T', 'E'], likelihood: 2, impact: 3, status: 'mitigated', decisions: [{ kind: 'mitigation', text: 'Prepared statements', status: 'done' }] });
    expect(report.threats.find(threat => threat.label === 'Ticket read on the wire')).toMatchObject({ letters: ['I'], likelihood: 1, impact: 2, status: 'planned' });
    expect(sqli.references).toEqual([{ id: 'CWE-89', kind: 'CWE', url: 'https://cwe.mitre.org/data/definitions/89.html' }]);
    // Trust ratings by quarters: 10 none, 70 medium, 90 high.
    expect(report.boundaries.map(boundary => `${boundary.name} ${boundary.trust}`)).toEqual(['Internet none', 'CloudAccount medium', 'DataTier high']);
    expect(text).not.toContain('References:');
  });

  test('a two-way dataflow that names no data is one flow, with a note (listed in the report) asking what comes back', () => {
    const { text, report } = importModel(JSON.stringify({
      otmVersion: '0.2.0', project: { name: 'Two-way', id: 'p' }, trustZones: [],
      components: [{ id: 'a', name: 'A', type: 'web-service' }, { id: 'b', name: 'B', type: 'web-service' }],
      dataflows: [{ id: 'ab', name: 'Sync', source: 'a', destination: 'b', bidirectional: true }],
    }));
    expect(text.match(/^flow /gm)).toHaveLength(1);
    expect(text).toContain('// tm import (approximated): OTM draws it bidirectional, but it names no data, so no `returns` could be written');
    expect(report).toContainEqual(expect.objectContaining({ status: 'approximated', declaration: 'flow Sync', detail: expect.stringContaining('no `returns` could be written') }));
  });

  test('a foreign two-way dataflow survives import → export → import as one bidirectional dataflow', async () => {
    const otm = exportOtm((await imported('otm-small.otm.yaml')).report, []).model as { dataflows: Array<{ id: string; bidirectional: boolean; attributes: Record<string, string> }> };
    expect(otm.dataflows.find(flow => flow.id === 'StoreTicket')).toMatchObject({ bidirectional: true, attributes: { 'tm.returns': 'Ticket' } });
    const again = importModel(JSON.stringify(otm));
    const checked = await check(again.text, 'again.tm');
    const flows = buildReport(analyzeModel(checked.model!), REPORT_OPTIONS).flows;
    expect(flows.map(flow => `${flow.name}: ${flow.carries.join(',')} / ${flow.returns?.join(',') ?? 'no reply'}`)).toEqual(['OpenTicket:  / no reply', 'StoreTicket: Ticket / Ticket']);
  });
});

describe('TM-BOM', () => {
  test('actors, components and stores keep their zones; data sets, controls and risks become classes, decisions and scores', async () => {
    const { errors, report, text } = await imported('tm-bom-small.tmbom.json');
    expect(errors).toEqual([]);
    expect(report).toMatchObject({ title: 'Badge reader', reviewed: '2026-10-01', description: 'Office doors open for staff badges.' });
    expect(report.elements.map(element => `${element.kind} ${element.name}@${element.zone}`)).toEqual(['process DoorController@OfficeNetwork', 'store BadgeDatabase@OfficeNetwork', 'external StaffMember@outside']);
    expect(report.elements.find(element => element.name === 'BadgeDatabase')).toMatchObject({ holds: ['pii'], encrypted: true, subkind: 'database' });
    const tap = report.flows.find(flow => flow.name === 'Tap')!;
    // The trust boundary's methods are the crossing flow's controls.
    expect(tap.controls).toMatchObject({ authn: { state: 'declared', text: 'TM-BOM trust boundary: token' }, authz: { state: 'declared', text: 'TM-BOM trust boundary: rbac' } });
    expect(report.flows.find(flow => flow.name === 'Lookup')).toMatchObject({ protocol: 'TLS' });
    const clone = report.threats.find(threat => threat.label === 'A cloned badge opens the door')!;
    expect(clone).toMatchObject({ name: 'BadgeClone', likelihood: 3, impact: 3, status: 'planned', decisions: [{ text: 'Challenge-response badges', status: 'planned' }] });
    expect(targetsOf(report, 'A cloned badge opens the door')).toEqual(['DoorController']);
    expect(clone.references?.map(reference => reference.id)).toEqual(['CAPEC-397', 'CWE-294']);
    expect(text).toContain('refs "CAPEC-397", "CWE-294"');
    expect(text).toContain('// TM-BOM control Camera at the door: wont_do (not a decision)');
  });

  test('assumptions are part of the model\'s description, with their validity and topics', async () => {
    const { report, text } = await imported('tm-bom-realistic.tmbom.json');
    expect(report.description).toContain('Assumption (TM-BOM): The gateway terminates TLS (confirmed; about edge)');
    expect(text).not.toContain('(left out): assumption');
  });
});

describe('Threagile', () => {
  test('assets, nested boundaries, links with data sent and received, shared runtimes and risk tracking', async () => {
    const { errors, report, text } = await imported('threagile-small.yaml');
    expect(errors).toEqual([]);
    expect(report).toMatchObject({ title: 'Photo sharing', owner: 'Platform team', reviewed: '2026-09-15' });
    expect(report.boundaries.map(boundary => `${boundary.name}<${boundary.parent}`)).toEqual(['Cloud<outside', 'StorageAccount<Cloud']);
    expect(report.elements.map(element => `${element.kind} ${element.name}@${element.zone}`)).toEqual(['process UploadAPI@Cloud', 'store PhotoStore@StorageAccount', 'external PhoneApp@outside']);
    expect(report.elements.find(element => element.name === 'PhotoStore')).toMatchObject({ holds: ['Photos'], encrypted: true, technology: 'block-storage', subkind: 'bucket' });
    expect(report.elements.find(element => element.name === 'UploadAPI')).toMatchObject({ subkind: 'api', technology: 'web-service-rest' });
    expect(report.boundaries.map(boundary => `${boundary.name} ${boundary.subkind}`)).toEqual(['Cloud cloud-account', 'StorageAccount network']);
    // Data assets with their ratings; merge keys: Session Tokens inherits from Photos, and is confidential.
    expect(report.dataAssets).toEqual([
      expect.objectContaining({ name: 'Photos', sensitivity: 'internal', integrity: 'high', availability: 'medium', classes: ['internal'] }),
      expect.objectContaining({ name: 'SessionTokens', sensitivity: 'confidential', integrity: 'high', categories: [], classes: ['confidential'] }),
    ]);
    // The data received is the flow's `returns`.
    expect(report.flows.find(flow => flow.name === 'Upload')).toMatchObject({ protocol: 'https', carries: ['Photos', 'SessionTokens'], returns: ['Photos'], controls: { authn: { text: 'Threagile: session-id' } } });
    expect(text).not.toContain('receives back');
    expect(text).toContain('// Runs on the shared runtime Kubernetes');
    const oversized = report.threats.find(threat => threat.label === 'Oversized Uploads at Upload API')!;
    expect(oversized).toMatchObject({ letters: ['D'], likelihood: 2, impact: 2, decisions: [{ kind: 'mitigation', text: 'Size limit in the gateway', status: 'in-progress', ticket: 'PHOTO-7' }] });
    // A risk found by Threagile's own rules becomes a threat of its own, with its decision.
    const waf = report.threats.find(threat => threat.label.startsWith('missing waf'))!;
    expect(waf).toMatchObject({ targets: [{ name: 'UploadAPI' }], decisions: [{ kind: 'accepted', text: 'Traffic is low', by: 'Ben', date: '2026-09-21' }], status: 'accepted' });
    expect(report.elements.find(element => element.name === 'PhoneApp')).toMatchObject({ outOfScope: 'The user\'s phone' });
    expect(text).toContain('out-of-scope "The user\'s phone"');
  });
});

describe('pytm', () => {
  test('elements by class, nested boundaries, replies, findings grouped per threat, assumptions as decisions', async () => {
    const { errors, report, text } = await imported('pytm-small.json');
    expect(errors).toEqual([]);
    expect(report.boundaries.map(boundary => `${boundary.name}<${boundary.parent}`)).toEqual(['Internet<outside', 'VPC<outside', 'DBSubnet<VPC']);
    expect(report.elements.map(element => `${element.kind} ${element.name}@${element.zone}`)).toEqual(['external User@Internet', 'process WebServer@VPC', 'store SQLDatabase@DBSubnet']);
    expect(report.elements.find(element => element.name === 'SQLDatabase')).toMatchObject({ holds: ['pii'], encrypted: true });
    // Data with a classification are data assets; the reply is the request's `returns`, not a flow of its own.
    expect(report.dataAssets).toEqual([
      expect.objectContaining({ name: 'Comment', sensitivity: 'public', classes: ['public'] }),
      expect.objectContaining({ name: 'SessionCookie', sensitivity: 'restricted', categories: ['credentials'] }),
    ]);
    expect(report.flows.find(flow => flow.name === 'PostComment')).toMatchObject({
      protocol: 'HTTPS', carries: ['Comment', 'SessionCookie'], returns: ['Comment'], controls: { authn: { text: 'pytm: the destination authenticates the source (session cookie)' } },
    });
    expect(report.flows.map(flow => flow.name)).toEqual(['PostComment', 'InsertComment']);
    const sqli = report.threats.find(threat => threat.label === 'SQL injection')!;
    expect(sqli).toMatchObject({ name: 'INP02', likelihood: 3, impact: 3, targets: [{ name: 'InsertComment' }, { name: 'SQLDatabase' }] });
    expect(sqli.references?.map(reference => reference.id)).toEqual(['CAPEC-66']);
    const php = report.threats.find(threat => threat.label === 'PHP remote file inclusion')!;
    expect(php.decisions).toEqual([expect.objectContaining({ kind: 'accepted', text: 'Excluded by the assumption: The web server runs no PHP. (excludes INP16)', by: 'TODO: who accepted' })]);
    // Assumptions stay in the model as part of the description of what they are about.
    expect(report.description).toContain('Assumption (pytm): The web server runs no PHP');
    expect(text).not.toContain('(left out): assumption');
  });
});

describe('references', () => {
  test('those in a form tm knows are `refs`; any other stays in a note and the report, never an invalid-reference warning', async () => {
    const { text, report: entries } = importModel(JSON.stringify({
      name: 'Refs', elements: [{ __class__: 'Server', name: 'Web' }], flows: [],
      findings: [{ threat_id: 'X1', description: 'Thing', target: 'Web', references: 'https://capec.mitre.org/data/definitions/66.html, http://example.com/plain, https://owasp.org/x' }],
    }));
    const checked = await check(text, 'refs.tm');
    expect(checked.diagnostics.map(diagnostic => diagnostic.code)).not.toContain('invalid-reference');
    expect(text).toContain('refs "CAPEC-66", "https://owasp.org/x"');
    expect(entries).toContainEqual(expect.objectContaining({ status: 'approximated', declaration: 'threat X1', detail: 'references in no form tm knows, kept here: http://example.com/plain' }));
  });
});

describe('the import report', () => {
  test('lists every declaration as mapped or approximated, and what was left out, with where it came from', () => {
    const { report } = importModel(fixture('threagile-small.yaml'));
    expect(report.filter(entry => entry.detail === undefined).map(entry => `${entry.status} ${entry.declaration}`)).toEqual([
      'mapped data Photos', 'mapped data SessionTokens',
      'mapped boundary Cloud', 'mapped process UploadAPI', 'mapped boundary StorageAccount', 'mapped store PhotoStore', 'approximated external PhoneApp',
      'mapped flow Upload', 'mapped flow Save', 'mapped threat T1', 'approximated threat T2',
    ]);
    expect(report).toContainEqual({ status: 'left-out', source: 'the model', detail: expect.stringContaining('shared runtime Kubernetes (upload-api)') });
    expect(report).toContainEqual(expect.objectContaining({ status: 'approximated', declaration: 'threat T2', detail: expect.stringContaining('a risk found by a Threagile rule') }));
  });
});
