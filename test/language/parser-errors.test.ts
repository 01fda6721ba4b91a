// Syntax errors read as one sentence: what was expected, after what, and what was found.
import { describe, expect, it } from 'vitest';
import { check, expectDiagnostic, messageOf, withCode } from './harness.js';

const DECLARATION = 'a declaration (`model`, `import`, `external`, `process`, `store`, `boundary`, `flow`, `threat`, `attack` or `data`)';

describe('syntax-error messages', () => {
  it.each([
    { model: 'threat T { stride «attack» }', message: 'Expected a STRIDE letter (S, T, R, I, D or E) after `stride`, found `attack`.' },
    { model: 'threat T {\n  stride S«»\n', message: 'Expected `}` to close the threat block, found end of file.' },
    { model: 'process P { «owner» "x" }', message: 'Expected `kind`, `privilege`, `technology`, `description`, `refs`, `out-of-scope`, `exempt`, `dismiss` or `}` to close the process block, found `owner`.' },
    { model: 'process P { kind «user» }', message: 'Expected a process kind (web-app, api, worker, function, llm, agent, build-pipeline, identity-provider, database-engine, message-broker, browser, mobile-app or iot-device) after `kind`, found `user`.' },
    { model: 'boundary B { trust «full» }', message: 'Expected a trust level (none, low, medium or high) after `trust`, found `full`.' },
    { model: 'data D { sensitivity «secret» }', message: 'Expected a sensitivity (public, internal, confidential or restricted) after `sensitivity`, found `secret`.' },
    { model: 'threat T { «severity» 3 }', message: 'Expected `on`, `catalogue`, `stride`, `likelihood`, `impact`, `description`, `refs`, `mitigation`, `accepted`, `transferred`, `eliminated` or `}` to close the threat block, found `severity`.' },
    { model: 'external A { kind «alien» }', message: 'Expected an external kind (user, service or device) after `kind`, found `alien`.' },
    { model: 'store S { kind «disk» }', message: 'Expected a store kind (database, queue, cache, log, bucket or file) after `kind`, found `disk`.' },
    { model: 'process P { privilege «god» }', message: 'Expected a privilege (root, admin, service or user) after `privilege`, found `god`.' },
    { model: 'store S { holds «}»', message: 'Expected a name or a data class (public, internal, pii, financial, health, credentials or secrets) after `holds`, found `}`.' },
    { model: 'threat T { likelihood «}»', message: 'Expected a level (1, 2, 3, low, medium or high) after `likelihood`, found `}`.' },
    { model: 'process A process B flow F: A -> B { authn «token» }', message: 'Expected a control (a description in quotes, or `none`) after `authn`, found `token`.' },
    { model: 'attack A "g" { or { "x" cost «cheap» } }', message: 'Expected a cost (trivial, low, medium, high, extreme or a number) after `cost`, found `cheap`.' },
    { model: 'attack A "g" { «xor» { "x" cost low } }', message: 'Expected `realizes`, `description`, `refs`, `or`, `and` or `}` to close the attack block, found `xor`.' },
    { model: 'process «"x"»', message: 'Expected a name after `process`, found `"x"`.' },
    { model: 'process A process B flow F: A «B»', message: 'Expected `->` after `A`, found `B`.' },
    { model: 'process A flow F «A» -> A', message: 'Expected `:` after `F`, found `A`.' },
    { model: 'attack A "g" { or { "x" «costs» low } }', message: 'Expected `}` to close the attack tree block, found `costs`.' },
    { model: 'process A process B flow A «->» B', message: 'A flow needs a name: write `flow Name: A -> …`, found `->` after `A`.' },
    { model: 'threat T { mitigation «done» }', message: 'Expected a string in double quotes after `mitigation`, found `done`.' },
    { model: 'attack A "g" { and { «}» }', message: 'Expected at least one attack-tree node (`"step" cost C` or `"step" or { … }`) in this `or`/`and` block, found `}`.' },
    { model: 'process A\n«foo»', message: `Expected ${DECLARATION}, found \`foo\`.` },
    { model: 'process A «}»', message: `Expected ${DECLARATION}, found \`}\`.` },
  ])('$message', async ({ model, message }) => {
    expectDiagnostic(await check(model), { code: 'syntax-error', severity: 'error', message: new RegExp(`^${escape(message)}$`) });
  });
});

describe('lexing-error messages', () => {
  it.each([
    { model: 'process A «"»unclosed label', message: 'This string is not closed: a string ends with `"` on the line where it starts.' },
    { model: 'process A «@»', message: 'Unexpected character `@`: tm has names, keywords, numbers, strings in double quotes and the punctuation { } , : . ->.' },
  ])('$message', async ({ model, message }) => {
    expectDiagnostic(await check(model), { code: 'syntax-error', severity: 'error', message: new RegExp(`^${escape(message)}$`) });
  });
});

it('every syntax error of a garbled file is one line', async () => {
  const result = await check('threat { stride X, likelihood ] impact } @@ "\nflow : -> { carries pii pii }\nattack "g" { or { } and');
  const messages = withCode(result, 'syntax-error').map(messageOf);
  expect(messages.length).toBeGreaterThan(2);
  for (const message of messages) expect(message).toMatch(/^[^\n]+\.$/);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
