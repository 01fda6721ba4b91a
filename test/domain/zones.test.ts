import { expect, it } from 'vitest';
import type { Element, Flow } from '../../server/language/generated/ast.js';
import { declarationIndex } from '../../server/domain/analysis.js';
import { describeCrossing, enclosingZones, flowCrossing, zoneName, zoneOf } from '../../server/domain/zones.js';
import { parseModel } from '../language/harness.js';

const MODEL = `external Sensor
boundary Cloud { process Gateway boundary Ingest { process Parser store Raw } }
flow Up: Sensor -> Gateway
flow In: Gateway -> Parser
flow Save: Parser -> Raw
flow Out: Parser -> Sensor`;

it('an element\'s zone is its innermost boundary, or outside', async () => {
  const index = declarationIndex(await parseModel(MODEL));
  const element = (name: string) => index.byName.get(name) as Element;
  expect(zoneName(zoneOf(element('Sensor')))).toBe('outside');
  expect(zoneName(zoneOf(element('Parser')))).toBe('Ingest');
  expect(enclosingZones(element('Parser')).map(zone => zone.name)).toEqual(['Ingest', 'Cloud']);
  expect(enclosingZones(element('Sensor'))).toEqual([]);
});

it.each([
  { flow: 'Up', crossing: 'outside → Cloud' },
  { flow: 'In', crossing: 'Cloud → Ingest' },
  { flow: 'Save', crossing: undefined },
  { flow: 'Out', crossing: 'Ingest → outside' },
])('flow $flow crosses $crossing', async ({ flow, crossing }) => {
  const node = declarationIndex(await parseModel(MODEL)).byName.get(flow) as Flow;
  const found = flowCrossing(node);
  expect(found && describeCrossing(found)).toBe(crossing);
});

it('a flow with an unresolved end crosses nothing', async () => {
  const flow = declarationIndex(await parseModel('boundary Z { process A }\nflow F: A -> Missing')).byName.get('F') as Flow;
  expect(flowCrossing(flow)).toBeUndefined();
});
