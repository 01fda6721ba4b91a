// Every importer on hostile or hand-edited input (#21 "Bad input", #23 items 8, 9, 13 and 14):
// whatever the fields hold — keys named like Object.prototype members, duplicate ids, parents in
// a cycle, nesting thousands deep, strings that read as .tm text, YAML alias bombs — the import
// is a clear ImportError or a .tm file that parses and checks without errors and declares
// exactly what the import report lists. Never a crash, a hang or an injected declaration.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { ImportFormat } from '../../server/interchange/import-model.js';
import { ImportError, importModel, importValue, MAX_IMPORT_VALUES, parseInput } from '../../server/interchange/import-model.js';
import { buildReport } from '../../server/report/build-report.js';
import { analyzeModel } from '../../server/domain/analysis.js';
import { check, REPORT_OPTIONS } from '../report/models.js';
import { messageOf } from '../language/harness.js';

/** The import's text checks without errors, and its declarations are exactly those the report lists. */
async function expectSafeImport(value: unknown, from?: ImportFormat): Promise<string> {
  let result;
  try {
    result = importValue(value, from ? { from } : {});
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return '';
  }
  const checked = await check(result.text, 'hostile.tm');
  const errors = checked.diagnostics.filter(diagnostic => diagnostic.severity === 1).map(diagnostic => `${diagnostic.range.start.line + 1}: ${diagnostic.code}: ${messageOf(diagnostic)}`);
  expect(errors, result.text).toEqual([]);
  const report = buildReport(analyzeModel(checked.model!), REPORT_OPTIONS);
  const declared = [
    ...report.boundaries.map(boundary => `boundary ${boundary.name}`),
    ...report.elements.map(element => `${element.kind} ${element.name}`),
    ...report.flows.map(flow => `flow ${flow.name}`),
    ...report.threats.map(threat => `threat ${threat.name}`),
    ...(report.dataAssets ?? []).map(asset => `data ${asset.name}`),
    ...report.attacks.map(attack => `attack ${attack.name}`),
  ].sort();
  const listed = result.report.filter(entry => entry.detail === undefined && entry.declaration !== undefined).map(entry => entry.declaration!).sort();
  expect(declared, result.text).toEqual(listed);
  return result.text;
}

const INJECTIONS = ['"', '\\', '"\nprocess Injected "x', '} process Injected', '*/ process Injected /*', '// x\nprocess Injected', '\u2028process Injected', 'model', 'threat', 'T'];
const PROTO = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype'];
const hostileText = fc.oneof(fc.string(), fc.constantFrom(...INJECTIONS, ...PROTO, '', 'é ü', '3 tier'));
const ids = fc.constantFrom('a', 'b', 'c', ...PROTO);
/** The expected value most of the time, anything at all sometimes. */
const maybe = <T>(value: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.anything() });
const list = <T>(item: fc.Arbitrary<T>, maxLength = 5) => maybe(fc.array(item, { maxLength }));

/** What tm's export writes as `tm.attacks`, with anything at all in its places. */
const attackNode: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>(tie => ({
  node: fc.oneof({ depthSize: 'small' },
    fc.record({ text: maybe(hostileText), cost: maybe(fc.oneof(fc.constantFrom('low', 'extreme', '__proto__'), fc.double(), fc.integer())) }),
    fc.record({ text: maybe(hostileText), gate: maybe(fc.constantFrom('or', 'and', 'xor')), children: fc.array(tie('node'), { maxLength: 3 }) })),
})).node;
const attackList = fc.array(fc.record({
  name: maybe(fc.oneof(hostileText, ids)), goal: maybe(hostileText), realizes: list(fc.oneof(ids, hostileText)), description: maybe(hostileText), refs: list(hostileText),
  trees: list(fc.record({ gate: maybe(fc.constantFrom('or', 'and', 'constructor')), children: fc.array(attackNode, { maxLength: 3 }) })),
}), { maxLength: 3 });

const otm = fc.record({
  otmVersion: fc.constant('0.2.0'),
  project: maybe(fc.record({ name: maybe(hostileText), id: maybe(ids), owner: maybe(hostileText), attributes: maybe(fc.oneof(
    fc.dictionary(fc.constantFrom('tm.name', 'tm.reviewed', 'tm.kind'), hostileText),
    fc.record({ 'tm.attacks': fc.oneof(hostileText, attackList.map(value => JSON.stringify(value))) }),
  )) })),
  trustZones: list(fc.record({ id: maybe(ids), name: maybe(hostileText), risk: maybe(fc.record({ trustRating: maybe(fc.integer()) })), parent: maybe(fc.record({ trustZone: maybe(ids) })), attributes: maybe(fc.record({ 'tm.name': hostileText, 'tm.outside': fc.constantFrom('true', 'false') })) })),
  components: list(fc.record({
    id: maybe(ids), name: maybe(hostileText), type: maybe(fc.constantFrom('web-client', 'database', 'queue', 'web-service', '__proto__')),
    parent: maybe(fc.oneof(fc.record({ trustZone: maybe(ids) }), fc.record({ component: maybe(ids) }))),
    attributes: maybe(fc.record({ 'tm.name': hostileText, 'tm.kind': hostileText, 'tm.holds': hostileText, 'tm.exempt': fc.array(hostileText) })),
    threats: list(fc.record({ threat: maybe(ids), state: maybe(fc.constantFrom('mitigated', 'exposed', 'accepted', 'weird')), mitigations: list(fc.record({ mitigation: maybe(ids), state: maybe(hostileText) })) })),
  })),
  dataflows: list(fc.record({
    id: maybe(ids), name: maybe(hostileText), source: maybe(ids), destination: maybe(ids), bidirectional: maybe(fc.boolean()),
    attributes: maybe(fc.record({ 'tm.protocol': hostileText, 'tm.authn': hostileText, 'tm.carries': hostileText })),
  })),
  threats: list(fc.record({
    id: maybe(ids), name: maybe(hostileText), categories: list(fc.constantFrom('Spoofing', 'Tampering', '__proto__', 'Other')), cwes: list(hostileText),
    risk: maybe(fc.record({ likelihood: maybe(fc.integer({ min: -10, max: 200 })), impact: maybe(fc.integer({ min: -10, max: 200 })) })),
    attributes: maybe(fc.record({ 'tm.decisions': fc.array(fc.constantFrom('Accepted (by ""): x', 'Mitigation (done): y', 'Eliminated: z', 'garbage')), 'tm.likelihood': hostileText })),
  })),
  mitigations: list(fc.record({ id: maybe(ids), name: maybe(hostileText), riskReduction: maybe(fc.integer()) })),
});

const tmBom = fc.record({
  version: maybe(fc.constant('1.0')),
  scope: fc.record({ title: maybe(hostileText), description: maybe(hostileText) }),
  reviewed_at: maybe(hostileText),
  assumptions: list(fc.record({ description: maybe(hostileText), validity: maybe(fc.constantFrom('confirmed', 'rejected', '__proto__')), topics: list(hostileText) })),
  trust_zones: list(fc.record({ symbolic_name: maybe(ids), title: maybe(hostileText) })),
  trust_boundaries: list(fc.record({ trust_zone_a: maybe(ids), trust_zone_b: maybe(ids), authentication_methods: list(hostileText) })),
  actors: list(fc.record({ symbolic_name: maybe(ids), title: maybe(hostileText), type: maybe(fc.constantFrom('user', 'system', '__proto__')), trust_zone: maybe(ids) })),
  components: list(fc.record({ symbolic_name: maybe(ids), title: maybe(hostileText), trust_zone: maybe(ids), parent_component: maybe(ids) })),
  data_stores: list(fc.record({ symbolic_name: maybe(ids), title: maybe(hostileText), type: maybe(fc.constantFrom('sql', 'object', 'constructor')), trust_zone: maybe(ids) })),
  data_sets: list(fc.record({ title: maybe(hostileText), placements: list(fc.record({ data_store: maybe(ids), encrypted: maybe(fc.boolean()) })), data_sensitivity: list(fc.constantFrom('pii', 'cred', 'toString', 'op')) })),
  data_flows: list(fc.record({ symbolic_name: maybe(ids), title: maybe(hostileText), source: maybe(fc.record({ type: fc.constant('actor'), object: maybe(ids) })), destination: maybe(fc.record({ type: fc.constant('component'), object: maybe(ids) })) })),
  threats: list(fc.record({ symbolic_name: maybe(ids), title: maybe(hostileText), components_affected: list(ids), weaknesses: list(fc.record({ cwe_id: maybe(fc.integer()) })) })),
  controls: list(fc.record({ title: maybe(hostileText), threats: list(ids), status: maybe(fc.constantFrom('active', 'suggested', 'wont_do', '__proto__')) })),
  risks: list(fc.record({ threats: list(ids), likelihood: maybe(fc.constantFrom('likely', 'rare', 'constructor')), impact: maybe(fc.constantFrom('major', 'minor', 'toString')) })),
  extensions: maybe(fc.record({ 'tm.invalid/tm-bom/v1': maybe(fc.record({ zones: maybe(fc.dictionary(ids, fc.record({ 'tm.parent': ids, 'tm.name': hostileText }))), threats: maybe(fc.dictionary(ids, fc.record({ 'tm.targets': fc.array(ids), 'tm.stride': hostileText }))) })) })),
});

const named = <T>(value: fc.Arbitrary<T>) => maybe(fc.dictionary(hostileText, value, { maxKeys: 4 }));
const threagile = fc.record({
  threagile_version: fc.constant('1.0.0'),
  title: maybe(hostileText),
  data_assets: named(fc.record({ id: maybe(ids), confidentiality: maybe(fc.constantFrom('public', 'confidential', '__proto__')), description: maybe(hostileText) })),
  technical_assets: fc.dictionary(hostileText, fc.record({
    id: maybe(ids), type: maybe(fc.constantFrom('external-entity', 'process', 'datastore', 'constructor')), technology: maybe(hostileText),
    out_of_scope: maybe(fc.boolean()), data_assets_stored: list(ids),
    communication_links: named(fc.record({ target: maybe(ids), protocol: maybe(hostileText), authentication: maybe(fc.constantFrom('none', 'token', '__proto__')), data_assets_sent: list(ids), data_assets_received: list(ids) })),
  }), { maxKeys: 5 }),
  trust_boundaries: named(fc.record({ id: maybe(ids), technical_assets_inside: list(ids), trust_boundaries_nested: list(ids) })),
  shared_runtimes: named(fc.record({ technical_assets_running: list(ids) })),
  individual_risk_categories: named(fc.record({ id: maybe(ids), stride: maybe(fc.constantFrom('spoofing', 'toString')), risks_identified: named(fc.record({ most_relevant_technical_asset: maybe(ids), exploitation_likelihood: maybe(fc.constantFrom('likely', '__proto__')) })) })),
  risk_tracking: named(fc.record({ status: maybe(fc.constantFrom('accepted', 'mitigated', 'false-positive', 'constructor')), justification: maybe(hostileText), checked_by: maybe(hostileText) })),
});

const pytm = fc.record({
  name: maybe(hostileText),
  assumptions: list(fc.oneof(hostileText, fc.record({ name: hostileText, exclude: fc.array(ids) }))),
  boundaries: list(fc.record({ name: maybe(ids), inBoundary: maybe(ids) })),
  elements: list(fc.record({ __class__: maybe(fc.constantFrom('Actor', 'Server', 'Datastore', 'Lambda', '__proto__')), name: maybe(ids), inBoundary: maybe(ids), inScope: maybe(fc.boolean()), controls: maybe(fc.dictionary(hostileText, fc.boolean())) })),
  data: list(fc.record({ name: maybe(ids), classification: maybe(fc.constantFrom('Classification.SECRET', 'Classification.PUBLIC', 'constructor')), isPII: maybe(fc.boolean()) })),
  flows: fc.array(fc.record({ name: maybe(ids), source: maybe(ids), sink: maybe(ids), protocol: maybe(hostileText), data: list(ids), responseTo: maybe(ids), controls: maybe(fc.record({ authenticatesSource: fc.boolean(), authenticationScheme: hostileText })) }), { maxLength: 5 }),
  findings: list(fc.record({ target: maybe(ids), description: maybe(hostileText), threat_id: maybe(ids), severity: maybe(fc.constantFrom('High', 'Very High', '__proto__')), references: maybe(hostileText), response: maybe(fc.constantFrom('mitigated', 'accepted', 'constructor')) })),
  excluded_findings: list(fc.record({ target: maybe(ids), description: maybe(hostileText), threat_id: maybe(ids), assumption: maybe(fc.record({ name: hostileText })) })),
});

describe('random hostile trees never crash an importer, and their output checks without errors', () => {
  test.each<[ImportFormat, fc.Arbitrary<unknown>]>([['otm', otm], ['tm-bom', tmBom], ['threagile', threagile], ['pytm-json', pytm]])('%s', async (format, arbitrary) => {
    await fc.assert(fc.asyncProperty(arbitrary, async input => {
      await expectSafeImport(input, format);
      // Through the text and the detection too.
      await expectSafeImport(parseInput(JSON.stringify(input)));
    }), { numRuns: 60, seed: 20261207 });
  }, 120_000);
});

/** A chain of `depth` containers, each inside the previous, built by each format's own field. */
function nested(format: ImportFormat, depth: number): unknown {
  const names = Array.from({ length: depth }, (_, index) => `z${index}`);
  switch (format) {
    case 'otm': return {
      otmVersion: '0.2.0', project: { name: 'Deep', id: 'deep' },
      trustZones: names.map((id, index) => ({ id, name: id, risk: { trustRating: 50 }, ...(index > 0 ? { parent: { trustZone: names[index - 1] } } : {}) })),
      components: [{ id: 'p', name: 'P', type: 'web-service', parent: { trustZone: names[depth - 1] } }],
    };
    case 'threagile': return {
      threagile_version: '1.0.0', title: 'Deep', technical_assets: { P: { id: 'p', type: 'process' } },
      trust_boundaries: Object.fromEntries(names.map((id, index) => [id, { id, technical_assets_inside: index === depth - 1 ? ['p'] : [], trust_boundaries_nested: index + 1 < depth ? [names[index + 1]] : [] }])),
    };
    case 'pytm-json': return {
      name: 'Deep', flows: [], boundaries: names.map((name, index) => ({ name, inBoundary: index > 0 ? names[index - 1] : null })),
      elements: [{ __class__: 'Server', name: 'P', inBoundary: names[depth - 1] }],
    };
    case 'threat-dragon': return {
      version: '2.3.0', summary: { title: 'Deep' },
      detail: { diagrams: [{ title: 'D', cells: [
        ...names.map((id, index) => ({ id, shape: 'trust-boundary-box', position: { x: index, y: index }, size: { width: 20_000 - 2 * index, height: 20_000 - 2 * index } })),
        { id: 'p', shape: 'process', position: { x: 9_990, y: 9_990 }, size: { width: 10, height: 10 }, data: { name: 'P' } },
      ] }] },
    };
    default: throw new Error(format);
  }
}

describe('nesting and parent cycles (#23 item 8: no unbounded recursion)', () => {
  test.each<ImportFormat>(['otm', 'threagile', 'pytm-json', 'threat-dragon'])('%s: 5,000 nested boundaries import, cut at tm\'s limit of 64', async format => {
    const text = await expectSafeImport(nested(format, 5_000), format);
    expect(text).toContain(`nested deeper than 64 boundaries`);
    expect(text).toMatch(/process P "P"/);
  }, 120_000);

  test('an attack tree 5,000 levels deep is cut at tm\'s limit; its text cannot end the block', async () => {
    // Built as text: JSON.stringify itself recurses.
    let node = JSON.stringify({ text: '"} process Injected "x', cost: 'low' });
    for (let level = 0; level < 5_000; level++) node = `{"text":"step ${level}","gate":"${level % 2 ? 'or' : 'and'}","children":[${node},${JSON.stringify({ text: '} threat X "y', cost: 1.5 })}]}`;
    const attacks = `[{"name":"Deep","goal":"\\"\\nprocess Injected","realizes":["Nowhere","__proto__"],"trees":[{"gate":"or","children":[${node}]}]}]`;
    const text = await expectSafeImport({ otmVersion: '0.2.0', project: { name: 'Deep tree', id: 'd', attributes: { 'tm.attacks': attacks } } }, 'otm');
    expect(text).toContain('its tree is nested deeper than 64 levels');
    expect(text).toContain('it realizes "Nowhere", which is no threat of the model');
    expect(text).not.toMatch(/^\s*process Injected/m);
  }, 120_000);

  test('TM-BOM: a component 5,000 parents deep sits in the zone of the first ancestor that has one', async () => {
    const names = Array.from({ length: 5_000 }, (_, index) => `c${index}`);
    const text = await expectSafeImport({
      version: '1', scope: { title: 'Deep', description: '', business_criticality: 'low', data_sensitivity: [], exposure: 'internal', tier: 'important' },
      trust_zones: [{ symbolic_name: 'cloud', title: 'Cloud', description: '' }],
      // Children first, so a single pass in file order would not find the zone.
      components: names.map((name, index) => ({ symbolic_name: name, title: name, description: '', ...(index === 0 ? { trust_zone: 'cloud' } : { parent_component: names[index - 1] }) })).reverse(),
    }, 'tm-bom');
    expect(text.split('\n').slice(text.split('\n').findIndex(line => line.startsWith('boundary Cloud'))).findIndex(line => line.startsWith('}'))).toBeGreaterThan(5_000);
  }, 120_000);

  test('parents in a cycle are cut where the cycle is found', async () => {
    const text = await expectSafeImport({
      otmVersion: '0.2.0', project: { name: 'Cycle', id: 'c' },
      trustZones: [{ id: 'a', name: 'A', risk: { trustRating: 1 }, parent: { trustZone: 'b' } }, { id: 'b', name: 'B', risk: { trustRating: 1 }, parent: { trustZone: 'a' } }],
      components: [{ id: 'x', name: 'X', type: 'a', parent: { component: 'y' } }, { id: 'y', name: 'Y', type: 'b', parent: { component: 'x' } }],
    }, 'otm');
    expect(text).toContain('its parents form a cycle');
    await expectSafeImport({ name: 'Cycle', flows: [], boundaries: [{ name: 'a', inBoundary: 'b' }, { name: 'b', inBoundary: 'a' }], elements: [] }, 'pytm-json');
    const scope = { title: 'Cycle', description: '', business_criticality: 'low', data_sensitivity: [], exposure: 'internal', tier: 'important' };
    await expectSafeImport({ version: '1', scope, trust_zones: [], components: [{ symbolic_name: 'x', title: 'X', description: '', parent_component: 'y' }, { symbolic_name: 'y', title: 'Y', description: '', parent_component: 'x' }] }, 'tm-bom');
    await expectSafeImport({ threagile_version: '1', technical_assets: {}, trust_boundaries: { A: { id: 'a', trust_boundaries_nested: ['b'] }, B: { id: 'b', trust_boundaries_nested: ['a'] } } }, 'threagile');
  });

  test('25,000 threats with multi-line descriptions import (no spread of unbounded arrays)', () => {
    const threats = Array.from({ length: 25_000 }, (_, index) => ({ title: `T${index}`, type: 'Spoofing', status: 'Open', severity: 'High', description: 'line one\nline two\nline three' }));
    const { text } = importModel(JSON.stringify({
      version: '2.3.0', summary: { title: 'Many' },
      detail: { diagrams: [{ title: 'D', cells: [{ id: 'p', shape: 'process', position: { x: 0, y: 0 }, size: { width: 10, height: 10 }, data: { name: 'P', threats } }] }] },
    }));
    expect(text.match(/^threat /gm)).toHaveLength(25_000);
  }, 120_000);
});

describe('limits of the parsed input', () => {
  test('YAML aliases that expand to billions of nodes are refused', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 10; level++) levels.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10).fill(`*${String.fromCharCode(96 + level)}`).join(', ')}]`);
    expect(() => importModel(`threagile_version: 1\n${levels.join('\n')}\n`)).toThrow(ImportError);
  });

  test('a YAML alias that refers to itself is refused, not walked forever', () => {
    expect(() => importModel('threagile_version: 1\ntechnical_assets: &loop\n  A:\n    id: a\n    more: *loop\n')).toThrow(/refer to themselves/);
  });

  test(`more than ${MAX_IMPORT_VALUES.toLocaleString('en')} values are refused before any importer walks them`, () => {
    expect(() => parseInput(`{"flows": [${'0,'.repeat(MAX_IMPORT_VALUES)}0]}`)).toThrow(ImportError);
  });

  test('JSON nested 100,000 deep is an error or a model, never a crash', () => {
    const deep = `{"otmVersion": "1", "project": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    let outcome: unknown;
    try {
      outcome = importModel(deep).format;
    } catch (error) {
      outcome = error;
    }
    expect(outcome === 'otm' || outcome instanceof ImportError).toBe(true);
  });

  test('YAML keys named __proto__, plain or through merge keys, are data: nothing is polluted', async () => {
    const yaml = [
      'threagile_version: 1.0.0', 'title: Proto', '__proto__:', '  polluted: yes', 'base: &base', '  __proto__: { polluted: yes }', '  type: process',
      'technical_assets:', '  __proto__:', '    <<: *base', '    id: __proto__', '  Web:', '    <<: *base', '    id: web',
      '    communication_links:', '      __proto__:', '        target: __proto__',
    ].join('\n');
    const value = parseInput(yaml);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    const text = await expectSafeImport(value);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(text).toMatch(/^flow \w+: Web -> /m);
  });

  test('a byte-order mark is ignored (#23 item 14)', () => {
    expect(importModel(`\uFEFF${JSON.stringify({ version: '2.3.0', summary: { title: 'BOM' }, detail: { diagrams: [] } })}`).text).toContain('model "BOM"');
    expect(importModel('\uFEFFotmVersion: 0.2.0\nproject: {name: BOM, id: b}\n').text).toContain('model "BOM"');
  });
});
