// tm import on hostile or hand-edited Threat Dragon files: whatever the fields hold, the
// import never crashes, and its output parses and checks without errors.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { importValue } from '../../server/interchange/import-model.js';
import { check } from '../report/models.js';
import { messageOf } from '../language/harness.js';

const importThreatDragon = (input: unknown) => importValue(input, { from: 'threat-dragon' });

const SHAPES = ['actor', 'process', 'store', 'flow', 'trust-boundary-box', 'trust-boundary-curve', 'td-text-block', 'other'];
const IDS = ['a', 'b', 'c', 'd', 'e'];

/** A value of the expected type most of the time, anything at all sometimes. */
const maybe = <T>(value: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: fc.anything() });
const hostileText = fc.oneof(fc.string(), fc.constantFrom('model', 'stride', '"', '\\', '*/', '\n', 'T', 'HTTP/S', 'none', '3 tier', '', 'é'));

const threat = fc.record({
  title: maybe(hostileText),
  type: maybe(fc.constantFrom('Spoofing', 'Tampering', 'Repudiation', 'Information disclosure', 'Denial of service', 'Elevation of privilege', 'Integrity', 'Linkability', '')),
  status: maybe(fc.constantFrom('Open', 'Mitigated', 'NotApplicable', 'Weird')),
  severity: maybe(fc.constantFrom('Low', 'Medium', 'High', 'Critical', 'TBA', '')),
  mitigation: maybe(fc.oneof(hostileText, fc.constant('Accepted (by "x"): y'), fc.constant('Accepted (by ""): y'))),
  description: maybe(hostileText),
  threatId: maybe(fc.constantFrom('tm:T1', 'tm:model', 'tm:1x', 'other')),
  score: maybe(fc.constantFrom('likelihood 3, impact 2', '7.5', '')),
});

const cell = fc.record({
  id: maybe(fc.constantFrom(...IDS)),
  shape: maybe(fc.constantFrom(...SHAPES)),
  position: maybe(fc.record({ x: fc.integer({ min: -50, max: 500 }), y: fc.integer({ min: -50, max: 500 }) })),
  size: maybe(fc.record({ width: fc.integer({ min: 0, max: 600 }), height: fc.integer({ min: 0, max: 600 }) })),
  source: maybe(fc.record({ cell: maybe(fc.constantFrom(...IDS)) })),
  target: maybe(fc.record({ cell: maybe(fc.constantFrom(...IDS)) })),
  attrs: maybe(fc.record({ label: fc.record({ text: maybe(hostileText) }), text: fc.record({ text: maybe(hostileText) }) })),
  data: maybe(fc.record({
    name: maybe(hostileText),
    description: maybe(fc.oneof(hostileText, fc.constantFrom('tm.name: model', 'tm.authn: "x', 'tm.exempt: S, Q: no', 'tm.kind: log\ntm.holds: pii, nope'))),
    outOfScope: maybe(fc.boolean()),
    reasonOutOfScope: maybe(hostileText),
    protocol: maybe(hostileText),
    privilegeLevel: maybe(fc.constantFrom('root', 'admin', 'nobody', '')),
    isALog: maybe(fc.boolean()),
    isBidirectional: maybe(fc.boolean()),
    threats: maybe(fc.array(maybe(threat), { maxLength: 3 })),
  })),
});

const model = fc.record({
  version: maybe(fc.constant('2.3.0')),
  summary: fc.record({ title: maybe(hostileText), owner: maybe(hostileText), description: maybe(hostileText) }),
  detail: fc.record({
    contributors: maybe(fc.array(fc.record({ name: maybe(hostileText) }))),
    reviewer: maybe(hostileText),
    diagrams: fc.array(fc.record({ title: maybe(hostileText), diagramType: maybe(hostileText), cells: maybe(fc.array(maybe(cell), { maxLength: 10 })) }), { minLength: 1, maxLength: 2 }),
  }),
});

describe('tm import on hostile input', () => {
  test('never crashes; the output always checks without errors', async () => {
    await fc.assert(fc.asyncProperty(model, async input => {
      const { text } = importThreatDragon(input);
      const checked = await check(text, 'hostile.tm');
      const errors = checked.diagnostics.filter(diagnostic => diagnostic.severity === 1).map(diagnostic => `${String(diagnostic.code)}: ${messageOf(diagnostic)}`);
      expect(errors, text).toEqual([]);
    }), { numRuns: 150, seed: 20261123 });
  });
});
