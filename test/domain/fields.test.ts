import { describe, expect, it } from 'vitest';
import type { Flow, Threat, Mitigation } from '../../server/language/generated/ast.js';
import { flowControl, isControlDeclared, isFilled, isStub, mitigationStatus } from '../../server/domain/fields.js';
import { parseModel } from '../language/harness.js';

describe('isStub', () => {
  it.each(['TODO', 'todo: decide', 'ToDo', '  TODO later', 'TODOs'])('%j is a stub', text => {
    expect(isStub(text)).toBe(true);
  });

  it.each(['Rate limit (TODO)', 'to do', '', 'T O D O', undefined])('%j is not', text => {
    expect(isStub(text)).toBe(false);
  });
});

describe('isFilled', () => {
  it.each([['x', true], [' x ', true], ['', false], ['  \t', false], [undefined, false]] as const)('%j → %s', (text, filled) => {
    expect(isFilled(text)).toBe(filled);
  });
});

it('a control is declared when it is `none` or a non-blank description', async () => {
  const model = await parseModel('process A process B flow F: A -> B { authn none authz "" validation "  " }');
  const flow = model.declarations[2] as Flow;
  expect(isControlDeclared(flowControl(flow, 'authn'))).toBe(true);
  expect(isControlDeclared(flowControl(flow, 'authz'))).toBe(false);
  expect(isControlDeclared(flowControl(flow, 'validation'))).toBe(false);
  const bare = (await parseModel('process A process B flow F: A -> B')).declarations[2] as Flow;
  expect(isControlDeclared(flowControl(bare, 'authn'))).toBe(false);
});

it('a mitigation without a status is planned; the first status counts', async () => {
  const threat = (await parseModel('threat T { mitigation "a" mitigation "b" done planned }')).declarations[0] as Threat;
  expect(threat.decisions.map(decision => mitigationStatus(decision as Mitigation))).toEqual(['planned', 'done']);
});
