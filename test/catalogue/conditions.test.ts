// The condition evaluator: each form, over facts given directly.
import { describe, expect, test } from 'vitest';
import type { ConditionProblem } from '../../server/catalogue/conditions.js';
import { compileCondition } from '../../server/catalogue/conditions.js';
import type { Facts, FactValue, OwnFacts } from '../../server/catalogue/facts.js';
import { ELEMENT_FACTS, FLOW_FACTS } from '../../server/catalogue/facts.js';

/** Facts given by name, read by slot as the compiled conditions read them. */
function given(specs: object, values: Record<string, FactValue>): OwnFacts {
  const names = Object.keys(specs);
  return { get: fact => values[fact], at: slot => values[names[slot]] };
}

const FACTS: Facts = {
  own: given(FLOW_FACTS, { type: 'flow', crossing: true, carries: ['pii', 'credentials'], channel: 'plaintext' }),
  target: given(ELEMENT_FACTS, { kind: 'database' }),
};

function holds(condition: unknown): boolean {
  const problems: ConditionProblem[] = [];
  const compiled = compileCondition(condition, 'flow', [], problems);
  expect(problems).toEqual([]);
  return compiled(FACTS);
}

describe('a condition', () => {
  test.each([
    [{ channel: 'plaintext' }, true],
    [{ channel: ['encrypted', 'unverified'] }, false],
    [{ crossing: true }, true],
    [{ crossing: false }, false],
    [{ carries: ['health', 'credentials'] }, true],
    [{ carries: 'financial' }, false],
    [{ protocol: 'http' }, false],
    [{ not: { protocol: 'http' } }, true],
    [{ all: [{ crossing: true }, { 'target.kind': 'database' }] }, true],
    [{ all: [{ crossing: true }, { 'target.kind': 'queue' }] }, false],
    [{ any: [{ crossing: false }, { 'target.kind': 'database' }] }, true],
    [{ any: [{ crossing: false }, { 'target.kind': 'queue' }] }, false],
  ])('%j is %s', (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });

  test.each([
    [[], /a condition is a map/],
    [{ all: [] }, /non-empty list/],
    [{ channel: { x: 1 } }, /takes a word or a list of words/],
    [{ 'source.privilege': 'god' }, /never `god`; its values are root, admin, service, user/],
    [{ 'target.kind': 'chatbot' }, /never `chatbot`; its values are user, service, device, database, .*, llm, agent/],
    [{ 'target.technology': ['Jenkins', 'node.js'] }, /`target.technology` takes a lower-case word such as `jenkins` or `node.js`, not `Jenkins`/],
    [{ port: 'https' }, /`port` takes a port number, not `https`/],
    [{ 'source.within': 'vpc' }, /never `vpc`; its values are network, cloud-account, execution-environment, container, physical/],
  ])('%j is refused', (condition, message) => {
    const problems: ConditionProblem[] = [];
    compileCondition(condition, 'flow', ['when'], problems);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(message);
  });
});
