import { describe, expect, it } from 'vitest';
import type { Element, ThreatTarget } from '../../server/language/generated/ast.js';
import { allDeclarations, analyzeModel, coverageOf, declarationIndex } from '../../server/domain/analysis.js';
import { describeDeclaration, displayLabel, kindName } from '../../server/domain/elements.js';
import { summarize } from '../../server/domain/summary.js';
import { parseModel } from '../language/harness.js';

const TODAY = '2026-12-07';

const MODEL = `external C "Customer"
boundary Shop { process Api "" boundary Inner { store Db { exempt T "immutable" exempt I "" } } }
flow F: C -> Api
flow G: Api -> Db
threat T1 { on Api, Api, F stride S, T likelihood 3 impact 3 }
threat T2 { on Db stride D likelihood 1 impact 1 }
attack A "goal"
process C`;

describe('declarations', () => {
  it('allDeclarations lists every named declaration in source order, boundary members included', async () => {
    expect([...allDeclarations(await parseModel(MODEL))].map(node => node.name)).toEqual(['C', 'Shop', 'Api', 'Inner', 'Db', 'F', 'G', 'T1', 'T2', 'A', 'C']);
  });

  it('declarationIndex keeps the first of each name and lists later duplicates', async () => {
    const index = declarationIndex(await parseModel(MODEL));
    expect(index.byName.get('C')?.$type).toBe('External');
    expect(index.duplicates.map(node => `${node.$type} ${node.name}`)).toEqual(['Process C']);
  });
});

describe('analyzeModel', () => {
  it('sorts declarations by what they are and is computed once per model', async () => {
    const model = await parseModel(MODEL);
    const analysis = analyzeModel(model);
    expect(analyzeModel(model)).toBe(analysis);
    expect(analysis.elements.map(node => node.name)).toEqual(['C', 'Api', 'Db', 'C']);
    expect(analysis.boundaries.map(node => node.name)).toEqual(['Shop', 'Inner']);
    expect(analysis.flows.map(node => node.name)).toEqual(['F', 'G']);
    expect(analysis.threats.map(node => node.name)).toEqual(['T1', 'T2']);
    expect(analysis.attacks.map(node => node.name)).toEqual(['A']);
  });

  it('indexes threats by target once each, and flows by the elements they touch', async () => {
    const analysis = analyzeModel(await parseModel(MODEL));
    const api = analysis.elements[1];
    expect(analysis.threatsOn(api).map(threat => threat.name)).toEqual(['T1']);
    expect(analysis.flowsTouching(api).map(flow => flow.name)).toEqual(['F', 'G']);
    expect(analysis.flowsTouching(analysis.elements[3])).toEqual([]);
  });

  it('coverage: threats and exemptions with a reason cover; an empty reason does not', async () => {
    const analysis = analyzeModel(await parseModel(MODEL));
    const db = analysis.elements[2] as ThreatTarget;
    expect(coverageOf(analysis, db)).toMatchObject({ applicable: ['T', 'I', 'D'], covered: ['T', 'D'], uncovered: ['I'] });
    expect(coverageOf(analysis, analysis.flows[0])).toMatchObject({ covered: ['T'], uncovered: ['I', 'D'] });
  });

  it('summarize: done when no fix-now threat is open or planned', async () => {
    expect(summarize(analyzeModel(await parseModel(MODEL)), TODAY)).toEqual({ fixNowOpen: 1, done: false, threats: 2 });
    expect(summarize(analyzeModel(await parseModel('threat T { likelihood 3 impact 3 mitigation "m" done }')), TODAY)).toEqual({ fixNowOpen: 0, done: true, threats: 1 });
  });
});

describe('elements', () => {
  it('names kinds and labels for people; a blank label shows the name', async () => {
    const analysis = analyzeModel(await parseModel(MODEL));
    const [customer, api, db] = analysis.elements as Element[];
    expect([kindName(customer), kindName(api), kindName(db)]).toEqual(['external entity', 'process', 'data store']);
    expect(describeDeclaration(db)).toBe('Data store Db');
    expect([displayLabel(customer), displayLabel(api), displayLabel(analysis.attacks[0])]).toEqual(['Customer', 'Api', 'goal']);
  });
});
