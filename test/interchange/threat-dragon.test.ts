// Threat Dragon interchange: import of the real Threat Dragon models and of hand-written
// ones (geometry, statuses, severities, hostile names), export validated against the v2
// schema, and export → import round trips.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import Ajv from 'ajv';
import { importValue } from '../../server/interchange/import-model.js';
import { exportThreatDragon } from '../../server/interchange/threat-dragon-export.js';
import type { TdCell, TdModel, TdThreat } from '../../server/interchange/threat-dragon-format.js';
import type { Report } from '../../server/report/build-report.js';
import { buildReport } from '../../server/report/build-report.js';
import { layoutGraph, modelGraph } from '../../server/diagram/index.js';
import { analyzeModel } from '../../server/domain/analysis.js';
import { runTm, scratchDir } from '../cli/run.js';
import { check, fixtureText, REPORT_OPTIONS } from '../report/models.js';
import { THROUGH_IMPLIED_PROCESS } from '../examples.js';
import { TD_DATA_PRESENT, TD_SKIP_REASON, threatDragonModels, threatDragonSchema } from './td-data.js';
import { messageOf } from '../language/harness.js';

const importThreatDragon = (input: unknown) => importValue(input, { from: 'threat-dragon' });

async function errorsOf(text: string): Promise<string[]> {
  const checked = await check(text, 'imported.tm');
  return checked.diagnostics.filter(diagnostic => diagnostic.severity === 1).map(diagnostic => `${diagnostic.range.start.line + 1}: ${String(diagnostic.code)}: ${messageOf(diagnostic)}`);
}

async function reportOf(text: string): Promise<Report> {
  return buildReport(analyzeModel((await check(text, 'model.tm')).model!), REPORT_OPTIONS);
}

async function exportText(text: string) {
  const analysis = analyzeModel((await check(text, 'model.tm')).model!);
  return exportThreatDragon(analysis, buildReport(analysis, REPORT_OPTIONS), await layoutGraph(modelGraph(analysis)));
}

// A minimal Threat Dragon model around the cells a test needs.
function tdModel(cells: TdCell[], title = 'Hand-written'): TdModel {
  return {
    version: '2.3.0',
    summary: { title, owner: 'team', description: 'About it' },
    detail: { contributors: [{ name: 'Ann' }], diagrams: [{ id: 0, title: 'Main', diagramType: 'STRIDE', thumbnail: '', version: '2.3.0', cells }], diagramTop: 1, reviewer: 'Bob', threatTop: 0 },
  };
}

function element(id: string, shape: string, name: string, x: number, y: number, data: Partial<TdCell['data']> = {}, threats: TdThreat[] = []): TdCell {
  return { id, shape, zIndex: 1, position: { x, y }, size: { width: 100, height: 60 }, data: { type: `tm.${shape}`, name, hasOpenThreats: false, threats, ...data } };
}

function box(id: string, label: string, x: number, y: number, width: number, height: number): TdCell {
  return { id, shape: 'trust-boundary-box', zIndex: -1, position: { x, y }, size: { width, height }, attrs: { label: { text: label } }, data: { type: 'tm.BoundaryBox', hasOpenThreats: false } };
}

function flow(id: string, source: string, target: string, name: string, data: Partial<TdCell['data']> = {}, threats: TdThreat[] = []): TdCell {
  return { id, shape: 'flow', zIndex: 10, source: { cell: source }, target: { cell: target }, data: { type: 'tm.Flow', name, hasOpenThreats: false, threats, ...data } };
}

function threat(title: string, type: string, status: string, severity: string, mitigation = '', extra: Partial<TdThreat> = {}): TdThreat {
  return { title, type, status, severity, mitigation, ...extra };
}

describe('import of the provided Threat Dragon models', () => {
  test.skipIf(!TD_DATA_PRESENT)(`every model imports to a file that parses and checks without errors${TD_DATA_PRESENT ? '' : ` (skipped: ${TD_SKIP_REASON})`}`, async () => {
    const models = threatDragonModels();
    expect(models.length).toBeGreaterThanOrEqual(4);
    for (const { name, json } of models) {
      const { text } = importThreatDragon(json);
      expect(await errorsOf(text), name).toEqual([]);
      const report = await reportOf(text);
      const cells = (json as TdModel).detail.diagrams.flatMap(diagram => diagram.cells);
      const elementCells = cells.filter(cell => ['actor', 'process', 'store'].includes(cell.shape));
      expect(report.elements, name).toHaveLength(elementCells.length);
      const tdThreats = cells.flatMap(cell => cell.data?.threats ?? []);
      expect(report.threats.length, name).toBeGreaterThan(0);
      expect(report.threats.length, name).toBeLessThanOrEqual(tdThreats.length);
    }
  });

  test.skipIf(!TD_DATA_PRESENT)(`the demo model keeps its owner, statuses and severities${TD_DATA_PRESENT ? '' : ` (skipped: ${TD_SKIP_REASON})`}`, async () => {
    const demo = threatDragonModels().find(model => model.name === 'v2-threat-model.json')!;
    const { text, report: entries } = importThreatDragon(demo.json);
    expect(entries.filter(entry => entry.status === 'left-out').map(entry => entry.detail))
      .toEqual(['Flow "Web Request" in diagram "Main Request Data Flow" not imported: it is not connected to an element at both ends.']);
    const report = await reportOf(text);
    expect(report).toMatchObject({ title: 'Demo Threat Model', owner: 'Mike Goodwin' });
    const accessing = report.threats.find(entry => entry.label === 'Accessing DB credentials')!;
    expect(accessing).toMatchObject({ letters: ['I'], likelihood: 2, impact: 3, status: 'planned', targets: [{ name: 'WorkerConfig' }] });
    expect(report.threats.find(entry => entry.label === 'Unauthorised access')).toMatchObject({ status: 'mitigated' });
    // Its three curved boundaries become zones, so the flows drawn across them cross boundaries.
    expect(report.boundaries.map(boundary => boundary.label).sort()).toEqual(['Trust boundary 1', 'Trust boundary 2', 'Trust boundary 3']);
    expect(report.flows.filter(entry => entry.crossing !== undefined).length).toBeGreaterThanOrEqual(5);
    // Threat Dragon's `HTTP/S` (HTTP or HTTPS) is kept as written, so tm judges it, not the import.
    expect(report.flows.find(entry => entry.name === 'WebResponse')).toMatchObject({ protocol: 'HTTP/S' });
  });
});

describe('import mappings', () => {
  test('boundary boxes nest by geometry; an element belongs to the innermost box holding its centre', async () => {
    const { text } = importThreatDragon(tdModel([
      box('outer', 'Cloud', 0, 0, 1000, 600),
      box('inner', 'Data tier', 500, 100, 400, 400),
      element('u', 'actor', 'User', -300, 0),
      element('p', 'process', 'Api', 100, 100),
      // Its box pokes out of the inner boundary, but its centre is inside.
      element('s', 'store', 'Orders', 460, 200),
      flow('f1', 'u', 'p', 'call'),
      flow('f2', 'p', 's', ''),
    ]));
    expect(await errorsOf(text)).toEqual([]);
    const report = await reportOf(text);
    expect(report.boundaries.map(entry => `${entry.name}<${entry.parent}`)).toEqual(['Cloud<outside', 'DataTier<Cloud']);
    expect(report.elements.map(entry => `${entry.name}@${entry.zone}`).sort()).toEqual(['Api@Cloud', 'Orders@DataTier', 'User@outside']);
    // An unnamed flow is named after its ends and has no label of its own.
    expect(report.flows.map(entry => `${entry.name}=${entry.label}`)).toEqual(['Call=call', 'ApiToOrders=ApiToOrders']);
    expect(text).toContain('flow ApiToOrders: Api -> Orders\n');
  });

  test('statuses and severities become decisions and scores, never invented ones', async () => {
    const { text } = importThreatDragon(tdModel([
      element('p', 'process', 'Api', 0, 0, {}, [
        threat('Open with plan', 'Spoofing', 'Open', 'High', 'Add MFA'),
        threat('Open without plan', 'Tampering', 'Open', 'Critical'),
        threat('Done', 'Repudiation', 'Mitigated', 'Medium', 'Audit log'),
        threat('Done, no text', 'Information disclosure', 'Mitigated', 'Low'),
        threat('Not here', 'Denial of service', 'NotApplicable', 'Low', 'No public endpoint'),
        threat('Unrated', 'Elevation of privilege', 'Open', 'TBA'),
        threat('CIA', 'Integrity', 'Open', 'Medium'),
        threat('Privacy', 'Linkability', 'Open', 'Medium'),
      ]),
      element('u', 'actor', 'User', -200, 0, { outOfScope: true, reasonOutOfScope: 'the browser is not ours' }),
      flow('f', 'u', 'p', 'call'),
    ]));
    expect(await errorsOf(text)).toEqual([]);
    const report = await reportOf(text);
    const byTitle = new Map(report.threats.map(entry => [entry.label, entry]));
    expect(byTitle.get('Open with plan')).toMatchObject({ letters: ['S'], likelihood: 2, impact: 3, status: 'planned', decisions: [{ kind: 'mitigation', text: 'Add MFA', status: 'planned' }] });
    expect(byTitle.get('Open without plan')).toMatchObject({ letters: ['T'], score: 9, status: 'open', decisions: [] });
    expect(byTitle.get('Done')).toMatchObject({ score: 4, status: 'mitigated' });
    // Done, but a stub: tm counts a stubbed mitigation as a plan until someone writes what was done.
    expect(byTitle.get('Done, no text')).toMatchObject({ score: 2, status: 'planned', decisions: [{ text: 'TODO: Threat Dragon marks this Mitigated but names no mitigation', status: 'done' }] });
    expect(byTitle.has('Not here')).toBe(false);
    expect(byTitle.get('Unrated')).not.toHaveProperty('score');
    expect(byTitle.get('CIA')).toMatchObject({ letters: ['T'] });
    expect(byTitle.get('Privacy')).toMatchObject({ letters: [] });
    expect(text).toContain('// Threat Dragon type "Linkability" has no STRIDE letter.');
    const coverage = new Map(report.coverage.map(entry => [entry.name, entry]));
    expect(coverage.get('Api')!.exemptions).toEqual([{ letters: ['D'], reason: 'Not applicable: Not here. No public endpoint' }]);
    expect(coverage.get('User')).toMatchObject({ exemptions: [], outOfScope: 'the browser is not ours' });
    expect(text).toContain('out-of-scope "the browser is not ours"');
  });

  test('descriptions are tm descriptions, a web application a web-app process; a two-way flow is one flow whose reply returns what it carries', async () => {
    const { text } = importThreatDragon(tdModel([
      element('p', 'process', 'Api', 0, 0, { description: 'Serves the app', isWebApplication: true }, [threat('Replay', 'Spoofing', 'Open', 'High', '', { description: 'Old tokens accepted' })]),
      element('u', 'actor', 'User', -200, 0),
      element('s', 'store', 'Db', 200, 0, { description: 'tm.holds: pii' }),
      flow('f', 'u', 'p', 'call', { description: 'The app calls the API\ntm.carries: pii', isBidirectional: true }),
      flow('g', 'p', 's', 'sync', { isBidirectional: true }),
    ]));
    expect(await errorsOf(text)).toEqual([]);
    const report = await reportOf(text);
    expect(report.elements.find(entry => entry.name === 'Api')).toMatchObject({ description: 'Serves the app', subkind: 'web-app' });
    expect(report.threats[0]).toMatchObject({ description: 'Old tokens accepted' });
    expect(report.flows.find(entry => entry.name === 'Call')).toMatchObject({ description: 'The app calls the API', carries: ['pii'], returns: ['pii'] });
    // Two-way without data: no `returns` can be written, and a note says so.
    expect(report.flows.find(entry => entry.name === 'Sync')).not.toHaveProperty('returns');
    expect(text).toContain('// tm import (approximated): Threat Dragon draws it bidirectional, but it names no data, so no `returns` could be written');
    expect(report.flows).toHaveLength(2);
  });

  test('direct links keep their data through an implied process; a self-loop and a text block become comments', async () => {
    const { text, report: entries } = importThreatDragon(tdModel([
      element('a', 'actor', 'A', 0, 0),
      element('b', 'actor', 'B', 200, 0),
      element('p', 'process', 'P', 400, 0),
      element('s', 'store', 'S', 600, 0),
      element('s2', 'store', 'S2', 800, 0),
      flow('ab', 'a', 'b', 'chat', {}, [threat('Eavesdrop', 'Information disclosure', 'Open', 'High')]),
      flow('ss', 's', 's2', 'replicate', { protocol: 'TLS' }),
      flow('pp', 'p', 'p', 'loop'),
      flow('ap', 'a', 'p', 'use', { protocol: 'HTTP/S', isBidirectional: true }),
      flow('ps', 'p', 's', 'save'),
      { id: 'txt', shape: 'td-text-block', zIndex: 2, attrs: { text: { text: 'Note one\nNote two' } }, data: { type: 'tm.Text', hasOpenThreats: false } },
    ]));
    expect(await errorsOf(text)).toEqual([]);
    const report = await reportOf(text);
    expect(report.elements.map(entry => entry.name)).toEqual(['A', 'B', 'P', 'S', 'S2', 'ImpliedAToB', 'ImpliedSToS2']);
    expect(report.flows.map(entry => `${entry.name}: ${entry.source} -> ${entry.target}`)).toEqual([
      'Chat: A -> ImpliedAToB', 'ChatOnward: ImpliedAToB -> B', 'Replicate: S -> ImpliedSToS2', 'ReplicateOnward: ImpliedSToS2 -> S2', 'Use: A -> P', 'Save: P -> S',
    ]);
    expect(report.flows.find(entry => entry.name === 'ReplicateOnward')).toMatchObject({ protocol: 'TLS' });
    // The direct link's threat goes on both halves.
    expect(report.threats.find(entry => entry.label === 'Eavesdrop')!.targets.map(target => target.name)).toEqual(['Chat', 'ChatOnward']);
    expect(text).toContain('// tm import (approximated): it joins an external entity and an external entity: it now goes to the implied process');
    expect(entries.filter(entry => entry.status === 'left-out').map(entry => entry.detail)).toEqual(['flow "loop" in diagram "Main" not imported: it goes from an element to itself']);
    expect(text).toContain('// Text: Note one\n// Note two');
    expect(text).toContain('// tm import (approximated): Threat Dragon draws it bidirectional, but it names no data');
    expect(text).toContain('flow Use: A -> P "use" {\n  protocol "HTTP/S"\n}');
  });

  test('a curved boundary becomes a zone: flows drawn across the curve cross a boundary, the others do not', async () => {
    const { text } = importThreatDragon(tdModel([
      element('u', 'actor', 'User', 0, 100),
      element('w', 'process', 'Web', 300, 100),
      element('d', 'store', 'Db', 300, 300),
      element('q', 'process', 'Queue', 0, 300),
      flow('uw', 'u', 'w', 'request'),
      flow('wd', 'w', 'd', 'save'),
      flow('uq', 'u', 'q', 'enqueue'),
      // A vertical line at x = 200 from y = 0 to y = 250: it cuts User → Web only.
      { id: 'c', shape: 'trust-boundary-curve', zIndex: 10, source: { x: 200, y: 0 }, target: { x: 200, y: 250 }, data: { type: 'tm.Boundary', name: 'DMZ', hasOpenThreats: false } },
    ]));
    expect(await errorsOf(text)).toEqual([]);
    const report = await reportOf(text);
    expect(report.elements.map(entry => `${entry.name}@${entry.zone}`).sort()).toEqual(['Db@DMZ', 'Queue@outside', 'User@outside', 'Web@DMZ']);
    expect(report.flows.map(entry => `${entry.name}:${entry.crossing !== undefined}`)).toEqual(['Request:true', 'Save:false', 'Enqueue:false']);
  });

  test('every Threat Dragon status becomes the tm decision of that name, with TODO stubs for what it does not record', async () => {
    const { text } = importThreatDragon(tdModel([
      element('p', 'process', 'Api', 0, 0, {}, [
        threat('Accepted one', 'Spoofing', 'Accepted', 'Low', 'Internal tool only'),
        threat('Accepted, no text', 'Tampering', 'Accepted', 'Low'),
        threat('Transferred one', 'Repudiation', 'Transferred', 'Low', 'Cloud provider logs it'),
        threat('Avoided one', 'Information disclosure', 'Avoided', 'Low', 'Feature removed'),
        threat('Eliminated one', 'Denial of service', 'Eliminated', 'Low'),
        threat('NA one', 'Elevation of privilege', 'NA', 'Low', 'Runs unprivileged'),
      ]),
      element('u', 'actor', 'User', -200, 0),
      flow('f', 'u', 'p', 'call'),
    ]));
    expect(await errorsOf(text)).toEqual([]);
    expect(text).toContain('accepted "Internal tool only" by "TODO: who accepted"');
    expect(text).toContain('accepted "TODO: why is this accepted" by "TODO: who accepted"');
    expect(text).toContain('transferred "Cloud provider logs it" to "TODO: to whom"');
    expect(text).toContain('eliminated "Feature removed"');
    expect(text).toContain('eliminated "TODO: Threat Dragon marks this Eliminated but says not how"');
    const report = await reportOf(text);
    expect(report.coverage.find(entry => entry.name === 'Api')!.exemptions).toEqual([{ letters: ['E'], reason: 'Not applicable: NA one. Runs unprivileged' }]);
    const statuses = new Map(report.threats.map(entry => [entry.label, entry.status]));
    expect(statuses.get('Avoided one')).toBe('eliminated');
    // Threat Dragon records no party: until someone names one, the stubbed transfer is not a decision.
    expect(statuses.get('Transferred one')).toBe('open');
  });

  test('duplicate ids: both cells are imported, a flow joins the first, and a flow sharing an element\'s id keeps its own threats', async () => {
    const { text } = importThreatDragon(tdModel([
      element('x', 'process', 'First', 0, 0),
      element('x', 'process', 'Second', 200, 0),
      element('u', 'actor', 'User', -200, 0),
      flow('u', 'u', 'x', 'call', {}, [threat('On the flow', 'Tampering', 'Open', 'High')]),
    ]));
    expect(await errorsOf(text)).toEqual([]);
    const report = await reportOf(text);
    expect(report.elements.map(entry => entry.name)).toEqual(['First', 'Second', 'User']);
    expect(report.flows.map(entry => `${entry.source} -> ${entry.target}`)).toEqual(['User -> First']);
    expect(report.threats.map(entry => `${entry.label} on ${entry.targets.map(target => target.name).join()}`)).toEqual(['On the flow on Call']);
    expect(text).toContain('// tm import (approximated): its id "x" is also another cell\'s');
  });

  test('values named like Object.prototype members are plain data', async () => {
    const { text } = importThreatDragon(tdModel([
      { ...element('p', 'constructor', 'Evil', 0, 0) },
      { ...element('q', '__proto__', 'Evil2', 0, 0) },
      element('r', 'process', 'Api', 0, 0, { privilegeLevel: 'toString' }, [threat('T', 'constructor', '__proto__', '__proto__')]),
    ]));
    expect(await errorsOf(text)).toEqual([]);
    expect(text).not.toMatch(/undefined/);
    expect(text).toContain('process Api "Api"');
  });

  test('hostile names become unique identifiers; every string is escaped for tm', async () => {
    const evil = 'say "hi" \\ */ // \n next';
    const { text } = importThreatDragon(tdModel([
      element('p1', 'process', 'model', 0, 0, { description: 'line one\n*/ line two' }, [threat(evil, 'Spoofing', 'Open', 'High', `fix "it" \\ now\nplease`)]),
      element('p2', 'process', 'Model', 200, 0),
      element('p3', 'process', '3 tier', 400, 0),
      element('p4', 'process', '', 600, 0),
      element('p5', 'process', 'Café über', 800, 0),
      element('u', 'actor', 'User', -200, 0),
      flow('f1', 'u', 'p1', 'a'), flow('f2', 'u', 'p2', 'a'), flow('f3', 'u', 'p3', 'a'), flow('f4', 'u', 'p4', 'a'), flow('f5', 'u', 'p5', 'a'),
    ], 'Title with "quotes" and \\ backslash\nand a line break'));
    expect(await errorsOf(text)).toEqual([]);
    const report = await reportOf(text);
    expect(report.title).toBe('Title with "quotes" and \\ backslash and a line break');
    expect(report.elements.map(entry => entry.name)).toEqual(['Model', 'Model2', 'Process3Tier', 'Process', 'CafeUber', 'User']);
    expect(report.elements[0].label).toBe('model');
    expect(report.flows.map(entry => entry.name)).toEqual(['A', 'A2', 'A3', 'A4', 'A5']);
    expect(report.threats[0]).toMatchObject({ label: 'say "hi" \\ */ // next', decisions: [{ text: 'fix "it" \\ now please' }] });
    // A description is one string: its line break becomes a space, and nothing in it ends the string.
    expect(report.elements[0].description).toBe('line one */ line two');
  });

  test('a file that is not a Threat Dragon model is a usage error', async () => {
    const { dir, cleanup } = await scratchDir({ 'bad.json': '{"detail": {}}', 'broken.json': '{' });
    try {
      expect(await runTm(['import', 'bad.json'], dir)).toMatchObject({ code: 2, stderr: 'tm import: bad.json: not a model tm can import: expected a Threat Dragon v2, OTM, TM-BOM, Threagile or pytm JSON model (--from names the format)\n' });
      expect(await runTm(['import', '--from', 'threat-dragon', 'bad.json'], dir)).toMatchObject({ code: 2, stderr: 'tm import: bad.json: not a Threat Dragon v2 model: detail.diagrams is missing\n' });
      expect((await runTm(['import', 'broken.json'], dir)).stderr).toMatch(/broken\.json: not JSON/);
    } finally {
      await cleanup();
    }
  });
});

describe('export', () => {
  const validate = TD_DATA_PRESENT ? new Ajv({ allErrors: true, strict: false }).compile(threatDragonSchema()) : undefined;

  test.skipIf(!TD_DATA_PRESENT)(`validates against the Threat Dragon v2 schema, with the diagram laid out${TD_DATA_PRESENT ? '' : ` (skipped: ${TD_SKIP_REASON})`}`, async () => {
    const { model, notes } = await exportText(fixtureText('shop.tm'));
    expect(validate!(model), JSON.stringify(validate!.errors)).toBe(true);
    // The attack tree travels with the model's own fields in the summary.
    expect(notes).toEqual([]);
    expect(model.summary.description).toContain('tm.attacks: [{"name":"Steal"');
    const cells = model.detail.diagrams[0].cells;
    const web = cells.find(cell => cell.id === 'tm-Web')!;
    const cloud = cells.find(cell => cell.id === 'tm-Cloud')!;
    // The element's box lies inside its boundary's box: Threat Dragon reads membership from geometry.
    expect(web.position!.x).toBeGreaterThanOrEqual(cloud.position!.x);
    expect(web.position!.x + web.size!.width).toBeLessThanOrEqual(cloud.position!.x + cloud.size!.width);
    const s1 = cells.flatMap(cell => (cell.data?.threats ?? []).map(entry => ({ cell: cell.id, ...entry }))).filter(entry => entry.threatId === 'tm:S1');
    expect(s1.map(entry => entry.cell)).toEqual(['tm-Shopper', 'tm-Web']);
    expect(s1[0]).toMatchObject({ type: 'Spoofing', status: 'Open', severity: 'Critical', score: 'likelihood 3, impact 3' });
  });

  test('tm export writes JSON to a file', async () => {
    const { dir, cleanup } = await scratchDir({ 'shop.tm': fixtureText('shop.tm') });
    try {
      const run = await runTm(['export', '--format', 'threat-dragon', 'shop.tm', '-o', 'shop.json'], dir);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const model = JSON.parse(fs.readFileSync(path.join(dir, 'shop.json'), 'utf8')) as TdModel;
      expect(model.summary.title).toBe('Online shop');
      expect((await runTm(['export', '--format', 'pdf', 'shop.tm'], dir)).code).toBe(2);
    } finally {
      await cleanup();
    }
  });
});

describe('attack trees in the summary', () => {
  test('a model without diagrams keeps them', async () => {
    const attacks = JSON.stringify([{ name: 'Phish', goal: 'Steal a password', realizes: [], trees: [{ gate: 'or', children: [{ text: 'Send a fake login page', cost: 'low' }] }] }]);
    const { text } = importThreatDragon({ version: '2.3.0', summary: { title: 'No diagrams', description: `tm.attacks: ${attacks}` }, detail: { diagrams: [] } });
    expect(await errorsOf(text)).toEqual([]);
    expect(text).toContain('attack Phish "Steal a password" {\n  or {\n    "Send a fake login page" cost low\n  }\n}');
  });
});

describe('export → import round trip', () => {
  /** Everything, attack trees included (they travel in the summary). Order is not meaning. */
  function comparable(report: Report) {
    const byName = <T extends { name: string }>(items: T[]) => [...items].sort((a, b) => a.name.localeCompare(b.name));
    return {
      ...report,
      attacks: byName(report.attacks),
      elements: byName(report.elements),
      boundaries: byName(report.boundaries).map(boundary => ({ ...boundary, members: [...boundary.members].sort() })),
      threats: byName(report.threats).map(({ rank: _rank, ...entry }) => ({ ...entry, targets: byName(entry.targets) })),
      coverage: byName(report.coverage),
      suggestions: report.suggestions && [...report.suggestions].sort((a, b) => `${a.target} ${a.entry}`.localeCompare(`${b.target} ${b.entry}`)),
    };
  }

  // tm's examples: the repository's examples/ when it has them, else the shared ones.
  const examplesDir = [path.resolve(import.meta.dirname, '../../examples'), path.resolve(import.meta.dirname, '../../../shared/examples')]
    .find(dir => fs.existsSync(dir) && fs.readdirSync(dir).some(name => name.endsWith('.tm')));
  const models: Array<[string, () => string]> = [
    ['test/report/fixtures/shop.tm', () => fixtureText('shop.tm')],
    // Those with direct links come back through implied processes (export-formats.test.ts).
    ...(examplesDir ? fs.readdirSync(examplesDir).filter(name => name.endsWith('.tm') && !THROUGH_IMPLIED_PROCESS.has(name)).sort()
      .map(name => [`examples/${name}`, () => fs.readFileSync(path.join(examplesDir, name), 'utf8')] as [string, () => string]) : []),
  ];

  test.each(models)('%s', async (_name, read) => {
    const original = read();
    const { model } = await exportText(original);
    const { text } = importThreatDragon(JSON.parse(JSON.stringify(model)));
    expect(await errorsOf(text)).toEqual([]);
    expect(comparable(await reportOf(text))).toEqual(comparable(await reportOf(original)));
  });

  test('export carries descriptions, references, replies and out-of-scope as Threat Dragon fields', async () => {
    const original = `model "M" { description "the system"  refs "https://example.com/adr/1" }
external U "User" { description "a customer"  refs "T1189" }
boundary B { description "the VPC"
  process P { description "the API"  refs "CWE-20"  out-of-scope "a vendor product" }
}
flow F: U -> P { protocol HTTPS  carries pii  returns public  description "calls the API"  refs "CAPEC-66" }
threat X "Injection" { on P  stride T  description "SQL built by hand"  refs "CWE-89" }`;
    const { model } = await exportText(original);
    const cells = model.detail.diagrams[0].cells;
    const cell = (name: string) => cells.find(candidate => candidate.id === `tm-${name}`)!;
    expect(model.summary.description).toBe('the system\ntm.refs: ["https://example.com/adr/1"]');
    expect(cell('U').data!.description).toBe('a customer\ntm.name: U\ntm.refs: ["T1189"]');
    expect(cell('P').data).toMatchObject({ outOfScope: true, reasonOutOfScope: 'a vendor product' });
    expect(cell('F').data).toMatchObject({ isBidirectional: true });
    // Drawn as Threat Dragon draws its own bidirectional flows: a block arrowhead at each end.
    expect(cell('F').attrs).toMatchObject({ line: { sourceMarker: { name: 'block' }, targetMarker: { name: 'block' } } });
    expect(cell('F').data!.description).toContain('calls the API\n');
    expect(cell('F').data!.description).toContain('tm.returns: public');
    expect(cell('P').data!.threats![0].description).toBe('SQL built by hand\ntm.refs: ["CWE-89"]');
  });

  test('export carries a decision\'s ticket, date and until in the mitigation text, and import reads them back', async () => {
    const original = `process P
threat X "Injection" { on P  stride T
  accepted "internal only" by "cto" ticket "SEC-12" date "2026-11-01" until "2027-05-01"
  transferred "insured" to "Insurer \\"Ltd\\"" until "2027-01-01" }`;
    const { model } = await exportText(original);
    const threat = model.detail.diagrams[0].cells.find(candidate => candidate.id === 'tm-P')!.data!.threats![0];
    expect(threat.mitigation).toBe('Accepted (by "cto", ticket "SEC-12", date "2026-11-01", until "2027-05-01"): internal only\nTransferred (to "Insurer \\"Ltd\\"", until "2027-01-01"): insured');
    const { text } = importThreatDragon(JSON.parse(JSON.stringify(model)));
    expect(text).toContain('accepted "internal only" by "cto" ticket "SEC-12" date "2026-11-01" until "2027-05-01"');
    expect(text).toContain('transferred "insured" to "Insurer \\"Ltd\\"" until "2027-01-01"');
  });

  test('hostile strings survive the round trip', async () => {
    // Import writes no line break into a string (tm's strings have no newline escape), so the
    // fixture's `\n` escapes are left out here.
    const original = fixtureText('hostile.tm').replace(/\\n/g, ' ').replace('owner "', 'reviewed "2026-10-10"\n  owner "');
    const { model } = await exportText(original);
    const { text } = importThreatDragon(JSON.parse(JSON.stringify(model)));
    expect(comparable(await reportOf(text))).toEqual(comparable(await reportOf(original)));
  });
});
