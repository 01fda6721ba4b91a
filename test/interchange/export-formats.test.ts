// tm export --format otm|tm-bom|threat-dragon: OTM and TM-BOM exports validate against schemas
// written from their specifications (test/interchange/schemas/; no npm package ships the
// official ones), Threat Dragon gets the statuses of tm's decisions, and export → import keeps
// every example's diagnostics and attack trees.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { validateOtm, validateTmBom } from './schema-validators.js';
import { exportOtm } from '../../server/interchange/otm-export.js';
import { exportTmBom } from '../../server/interchange/tm-bom-export.js';
import { exportThreatDragon } from '../../server/interchange/threat-dragon-export.js';
import { importModel } from '../../server/interchange/import-model.js';
import { buildReport } from '../../server/report/build-report.js';
import type { Report } from '../../server/report/build-report.js';
import { analyzeModel } from '../../server/domain/analysis.js';
import { layoutGraph, modelGraph } from '../../server/diagram/index.js';
import { check, fixtureText, REPORT_OPTIONS } from '../report/models.js';
import { THROUGH_IMPLIED_PROCESS } from '../examples.js';
import { runTm, scratchDir } from '../cli/run.js';
import { messageOf } from '../language/harness.js';

const examplesDir = path.resolve(import.meta.dirname, '../../examples');
const exampleText = (name: string) => fs.readFileSync(path.join(examplesDir, name), 'utf8');
const models: Array<[string, string]> = [
  ['test/report/fixtures/shop.tm', fixtureText('shop.tm')],
  ['test/report/fixtures/hostile.tm', fixtureText('hostile.tm')],
  ...fs.readdirSync(examplesDir).filter(name => name.endsWith('.tm') && !THROUGH_IMPLIED_PROCESS.has(name)).sort()
    .map(name => [`examples/${name}`, exampleText(name)] as [string, string]),
];

async function analysed(text: string) {
  const analysis = analyzeModel((await check(text, 'model.tm')).model!);
  return { analysis, report: buildReport(analysis, REPORT_OPTIONS) };
}

async function exported(format: 'otm' | 'tm-bom' | 'threat-dragon', text: string): Promise<unknown> {
  const { analysis, report } = await analysed(text);
  if (format === 'otm') return exportOtm(report, analysis.attacks).model;
  if (format === 'tm-bom') return exportTmBom(report, analysis.attacks).model;
  return exportThreatDragon(analysis, report, await layoutGraph(modelGraph(analysis))).model;
}

/** Diagnostics as a user reads them, without positions (attack costs too: the trees travel with the model's own fields). */
async function diagnosticsOf(text: string): Promise<string[]> {
  const checked = await check(text, 'model.tm');
  return checked.diagnostics.map(diagnostic => `${diagnostic.severity} ${diagnostic.code}: ${messageOf(diagnostic)}`).sort();
}

describe('exports validate against the formats\' schemas', () => {
  test.each(models)('%s', async (_name, text) => {
    const otm = await exported('otm', text);
    expect(validateOtm(otm), JSON.stringify(validateOtm.errors)).toBe(true);
    const tmBom = await exported('tm-bom', text);
    expect(validateTmBom(tmBom), JSON.stringify(validateTmBom.errors)).toBe(true);
  });

  test('the schemas reject what the specifications forbid (so a pass means something)', () => {
    expect(validateOtm({ otmVersion: '0.2.0', project: { name: 'x' } })).toBe(false);
    expect(validateTmBom({ version: '1', scope: {}, trust_zones: [], trust_boundaries: [], actors: [], components: [], data_stores: [], data_sets: [], data_flows: [] })).toBe(false);
    expect(validateTmBom({
      version: '1', scope: { title: 't', description: '', business_criticality: 'low', data_sensitivity: [], exposure: 'internal', tier: 'important' },
      trust_zones: [{ symbolic_name: 'Not Symbolic', title: 'x', description: '' }], trust_boundaries: [], actors: [], components: [], data_stores: [], data_sets: [], data_flows: [],
    })).toBe(false);
    // Formats and the fields of nested objects are checked too.
    const valid = { version: '1', scope: { title: 't', description: '', business_criticality: 'low', data_sensitivity: [], exposure: 'internal', tier: 'important' }, trust_zones: [], trust_boundaries: [], actors: [], components: [], data_stores: [], data_sets: [], data_flows: [] };
    expect(validateTmBom(valid)).toBe(true);
    expect(validateTmBom({ ...valid, reviewed_at: '2026-13-01' })).toBe(false);
    expect(validateTmBom({ ...valid, repo_link: 'not a link' })).toBe(false);
    expect(validateTmBom({ ...valid, assumptions: [{ description: 'x', validity: 'maybe' }] })).toBe(false);
    expect(validateOtm({ otmVersion: '0.2.0', project: { name: 'x', id: 'x' }, assets: [{ id: 'a', name: 'A', risk: { confidentiality: 1 } }] })).toBe(false);
  });
});

describe('export → import keeps every example\'s diagnostics', () => {
  for (const format of ['threat-dragon', 'otm', 'tm-bom'] as const) {
    test.each(models)(`${format}: %s`, async (_name, text) => {
      const model = await exported(format, text);
      const { text: imported } = importModel(JSON.stringify(model));
      expect(await diagnosticsOf(imported)).toEqual(await diagnosticsOf(text));
    });
  }
});

/** What a model says in the language's own fields beyond the diagram: every format carries it back. */
function ownFields(report: Report) {
  const byName = <T extends { name: string }>(items: readonly T[]) => [...items].sort((a, b) => a.name.localeCompare(b.name));
  return {
    description: report.description, references: report.references, dataAssets: report.dataAssets,
    elements: byName(report.elements).map(({ name, description, references, technology, subkind, outOfScope, holds }) => ({ name, description, references, technology, subkind, outOfScope, holds })),
    boundaries: byName(report.boundaries).map(({ name, description, references, subkind, trust, outOfScope }) => ({ name, description, references, subkind, trust, outOfScope })),
    flows: byName(report.flows).map(({ name, description, references, carries, returns, protocol, port, outOfScope }) => ({ name, description, references, carries, returns, protocol, port, outOfScope })),
    threats: byName(report.threats).map(({ name, description, references, decisions }) => ({ name, description, references, decisions })),
    attacks: byName(report.attacks),
  };
}

describe('export → import keeps descriptions, references, data assets, replies, kinds, trust, out-of-scope and attack trees', () => {
  for (const format of ['threat-dragon', 'otm', 'tm-bom'] as const) {
    test.each(models)(`${format}: %s`, async (_name, text) => {
      const { text: imported } = importModel(JSON.stringify(await exported(format, text)));
      expect(ownFields((await analysed(imported)).report)).toEqual(ownFields((await analysed(text)).report));
    });
  }
  describe.each([...THROUGH_IMPLIED_PROCESS])('examples/%s, whose direct links come back through implied processes', (name, links) => {
    test.each(['threat-dragon', 'otm', 'tm-bom'] as const)('%s', async format => {
      const original = exampleText(name);
      const { text: imported } = importModel(JSON.stringify(await exported(format, original)));
      expect((await diagnosticsOf(imported)).filter(line => line.startsWith('1 '))).toEqual([]);
      const fields = ownFields((await analysed(imported)).report);
      const implied = fields.elements.filter(element => element.name.startsWith('Implied')).map(element => element.name);
      const onward = fields.flows.filter(flow => flow.name.endsWith('Onward')).map(flow => flow.name);
      expect([implied.length, onward.length]).toEqual([links, links]);
      fields.elements = fields.elements.filter(element => !implied.includes(element.name));
      fields.flows = fields.flows.filter(flow => !onward.includes(flow.name));
      expect(fields).toEqual(ownFields((await analysed(original)).report));
    });
  });
});

describe('decisions about some of their threat\'s targets (`for`)', () => {
  const original = `process Api
store Db { kind database }
flow Q: Api -> Db { protocol SQL }
threat T "Injection" { on Api, Db, Q  stride T  likelihood 3  impact 3
  accepted "internal only" by "lead" ticket "SEC-9" for Api
  mitigation "bound parameters" done owner "dana" for Db, Q
  eliminated "the raw endpoint was removed" for Q
}
threat U "Everything" { on Api  stride S  mitigation "mTLS" done }
`;

  test.each(['threat-dragon', 'otm', 'tm-bom'] as const)('%s: export then import keeps each decision\'s targets and each target\'s status', async format => {
    const { text: imported } = importModel(JSON.stringify(await exported(format, original)));
    expect(imported).toContain('accepted "internal only" by "lead" ticket "SEC-9" for Api');
    expect(imported).toContain('eliminated "the raw endpoint was removed" for Q');
    const report = (await analysed(imported)).report;
    expect(ownFields(report)).toEqual(ownFields((await analysed(original)).report));
    expect(report.threats.find(threat => threat.name === 'T')!.targets.map(target => `${target.name}: ${target.status}`)).toEqual(['Api: accepted', 'Db: mitigated', 'Q: eliminated']);
  });

  test('Threat Dragon: the copy of a threat on each target has that target\'s status, and the decision lines say for whom', async () => {
    const model = await exported('threat-dragon', original) as { detail: { diagrams: Array<{ cells: Array<{ id: string; data?: { threats?: Array<{ title: string; status: string; mitigation: string }> } }> }> } };
    const statuses = model.detail.diagrams[0].cells.flatMap(cell => (cell.data?.threats ?? []).filter(threat => threat.title === 'Injection').map(threat => `${cell.id}: ${threat.status}`));
    expect(statuses).toEqual(['tm-Api: Accepted', 'tm-Db: Mitigated', 'tm-Q: Eliminated']);
    const mitigation = model.detail.diagrams[0].cells.find(cell => cell.id === 'tm-Api')!.data!.threats!.find(threat => threat.title === 'Injection')!.mitigation;
    expect(mitigation).toBe('Accepted (by "lead", ticket "SEC-9", for ["Api"]): internal only\nMitigation (done, owner "dana", for ["Db","Q"]): bound parameters\nEliminated (for ["Q"]): the raw endpoint was removed');
  });
});

describe('OTM assets', () => {
  const text = `model "Shop" { owner "o" }
data Card "Card numbers" { sensitivity restricted  category financial  integrity critical }
data Catalog "Product catalogue" { sensitivity public }
external U
process Api
store Db { kind database  holds Card, Catalog, pii }
flow Buy: U -> Api { carries Card  returns Catalog }
flow Save: Api -> Db { carries Card, pii }
`;

  test('data assets are OTM assets with ratings; stores name what they hold, dataflows what they carry either way', async () => {
    const model = await exported('otm', text) as { assets: unknown[]; components: Array<{ id: string; assets?: unknown }>; dataflows: Array<{ id: string; assets?: unknown }> };
    expect(validateOtm(model), JSON.stringify(validateOtm.errors)).toBe(true);
    expect(model.assets).toEqual([
      { id: 'Card', name: 'Card numbers', risk: { confidentiality: 100, integrity: 100, availability: 50 }, attributes: { 'tm.rating-placeholder': 'availability' } },
      { id: 'Catalog', name: 'Product catalogue', risk: { confidentiality: 0, integrity: 50, availability: 50 }, attributes: { 'tm.rating-placeholder': 'integrity, availability' } },
    ]);
    expect(model.components.find(component => component.id === 'Db')?.assets).toEqual({ stored: ['Card', 'Catalog'] });
    expect(model.dataflows.map(flow => [flow.id, flow.assets])).toEqual([['Buy', ['Card', 'Catalog']], ['Save', ['Card']]]);
  });

  test('another tool reading only OTM\'s own fields gets the assets back with their ratings', async () => {
    const model = await exported('otm', text) as Record<string, unknown>;
    // What a tool that knows nothing of tm keeps: no tm.* attributes.
    const plain = JSON.parse(JSON.stringify(model, (key, value: unknown) => key === 'attributes' ? undefined : value)) as unknown;
    const { text: imported } = importModel(JSON.stringify(plain));
    expect(imported).toMatch(/data CardNumbers "Card numbers" \{\s*sensitivity restricted\s*integrity critical\s*availability high\s*\}/);
    expect(imported).toMatch(/data ProductCatalogue "Product catalogue" \{\s*sensitivity public\s*integrity high\s*availability high\s*\}/);
    expect(imported).toMatch(/holds CardNumbers, ProductCatalogue/);
  });
});

describe('attack trees on export', () => {
  test('steps past the nesting limit (too-deep, not analysed) are written as unexpanded leaves; the rest round-trips', async () => {
    let tree = '"bottom" cost low';
    for (let level = 0; level < 200; level++) tree = `"step ${level}" or { ${tree} }`;
    const original = `model "Deep" { owner "o" }\nprocess Api\nthreat T "t" { on Api  stride S }\nattack Deep "goal" { realizes T  or { ${tree} } }\n`;
    const model = await exported('otm', original) as { project: { attributes: Record<string, string> } };
    const steps = (JSON.stringify(JSON.parse(model.project.attributes['tm.attacks'])).match(/"text":/g) ?? []).length;
    expect(steps).toBe(64);
    const { text } = importModel(JSON.stringify(model));
    expect((await check(text, 'deep.tm')).diagnostics.filter(diagnostic => diagnostic.severity === 1)).toEqual([]);
  });
});

describe('Threat Dragon export', () => {
  test('writes Accepted, Transferred and Eliminated for those decisions, never NotApplicable', async () => {
    const model = await exported('threat-dragon', `
model "Decisions" { owner "o" }
process Api
threat A "Accepted one" { on Api  stride S  accepted "Low value" by "Lead" }
threat B "Transferred one" { on Api  stride T  transferred "Insured" to "Insurer" }
threat C "Eliminated one" { on Api  stride R  eliminated "Feature removed" }
`) as { detail: { diagrams: Array<{ cells: Array<{ data?: { threats?: Array<{ title: string; status: string }> } }> }> } };
    const statuses = model.detail.diagrams[0].cells.flatMap(cell => cell.data?.threats ?? []).map(threat => `${threat.title}: ${threat.status}`);
    expect(statuses).toEqual(['Accepted one: Accepted', 'Transferred one: Transferred', 'Eliminated one: Eliminated']);
  });
});

describe('tm export on the command line', () => {
  test('--format otm and tm-bom write JSON named after the model in a folder', async () => {
    const { dir, cleanup } = await scratchDir({ 'shop.tm': fixtureText('shop.tm') });
    try {
      expect(await runTm(['export', '--format', 'otm', 'shop.tm', '-o', 'out/'], dir)).toMatchObject({ code: 0 });
      expect(await runTm(['export', '--format', 'tm-bom', 'shop.tm', '-o', 'out/'], dir)).toMatchObject({ code: 0 });
      expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['shop.otm.json', 'shop.tmbom.json']);
      const run = await runTm(['import', 'out/shop.otm.json'], dir);
      expect(run).toMatchObject({ code: 0 });
      expect(run.stdout).toContain('model "Online shop"');
    } finally {
      await cleanup();
    }
  });
});
