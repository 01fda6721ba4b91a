// Decisions that name the threat's targets they are about (`for`, docs/language.md §4): each
// target has its own status, the threat's is the least decided one, `open-fix-now` names the
// targets still open, and a `for` naming something the threat is not on is `target-not-on-threat`.
import { describe, expect, test } from 'vitest';
import type { Threat } from '../../server/language/generated/ast.js';
import { isThreat } from '../../server/language/generated/ast.js';
import { statusDetail, targetStatuses, threatStatus } from '../../server/domain/scoring.js';
import { check, expectDiagnostic, expectNoCode, messageOf, parseModel, TODAY, withCode } from './harness.js';
import { checkWorkspace } from './workspace-harness.js';

const SYSTEM = `process Api
store Db { kind database }
process Other
flow Query: Api -> Db { protocol SQL }
flow Call: Api -> Other
`;

async function threatOf(text: string): Promise<Threat> {
  const model = await parseModel(`${SYSTEM}${text}`);
  return model.declarations.find(isThreat)!;
}

async function statuses(text: string): Promise<{ threat: string; targets: string[] }> {
  const threat = await threatOf(text);
  return {
    threat: threatStatus(threat, TODAY),
    targets: targetStatuses(threat, TODAY).map(({ target, status }) => `${target.name}: ${status}`),
  };
}

describe('status per target', () => {
  test('a decision without `for` is about every target, as before', async () => {
    expect(await statuses('threat T { on Api, Db  stride T  accepted "internal" by "lead" }'))
      .toEqual({ threat: 'accepted', targets: ['Api: accepted', 'Db: accepted'] });
  });

  test('accepted at one target, mitigated at another: the threat is the least decided of them', async () => {
    expect(await statuses('threat T { on Api, Db  stride T  accepted "internal" by "lead" for Api  mitigation "bound parameters" done for Db }'))
      .toEqual({ threat: 'accepted', targets: ['Api: accepted', 'Db: mitigated'] });
  });

  test('a target no decision is about stays open, and so does the threat', async () => {
    expect(await statuses('threat T { on Api, Db, Query  stride T  eliminated "endpoint removed" for Api  mitigation "m" done for Db }'))
      .toEqual({ threat: 'open', targets: ['Api: eliminated', 'Db: mitigated', 'Query: open'] });
  });

  test('a decision for all targets and one for a single target combine at that target', async () => {
    expect(await statuses('threat T { on Api, Db  stride T  mitigation "m" done  mitigation "n" planned for Db }'))
      .toEqual({ threat: 'planned', targets: ['Api: mitigated', 'Db: planned'] });
  });

  test('`for` lists accumulate, and one decision may name several targets', async () => {
    expect(await statuses('threat T { on Api, Db, Query  stride T  transferred "insured" to "insurer" for Api for Db, Query }'))
      .toEqual({ threat: 'transferred', targets: ['Api: transferred', 'Db: transferred', 'Query: transferred'] });
  });

  test('an expired acceptance for one target leaves that target open', async () => {
    expect(await statuses('threat T { on Api, Db  stride T  accepted "a" by "b" until "2026-01-01" for Api  mitigation "m" done for Db }'))
      .toEqual({ threat: 'open', targets: ['Api: open', 'Db: mitigated'] });
  });

  test('the status detail names each target\'s status with its ticket', async () => {
    const threat = await threatOf('threat T { on Api, Db  stride T  accepted "internal" by "lead" ticket "SEC-1" for Api  mitigation "m" done for Db }');
    expect(statusDetail(threat, TODAY)).toBe('Api: accepted, ticket SEC-1; Db: mitigated');
    const db = targetStatuses(threat, TODAY)[1].target;
    expect(statusDetail(threat, TODAY, db)).toBe('mitigated');
  });
});

describe('open-fix-now per target', () => {
  test('names the targets still open or only planned', async () => {
    const result = await check(`${SYSTEM}threat «T» { on Api, Db, Query  stride T  likelihood 3  impact 3
  accepted "internal only" by "lead" for Api
  mitigation "m" planned for Query
}`);
    expect(messageOf(expectDiagnostic(result, { code: 'open-fix-now', severity: 'warning', message: /./ })))
      .toBe('Threat T scores 9 (fix now) and is open for Db and only planned for Query: mitigate it there, or record a decision `for Db, Query` (`accepted "why" by "who" for Db, Query`).');
  });

  test('is silent when every target is decided, each its own way', async () => {
    const result = await check(`${SYSTEM}threat T { on Api, Db  stride T  likelihood 3  impact 3  accepted "internal" by "lead" for Api  mitigation "m" done for Db }`);
    expectNoCode(result, 'open-fix-now');
  });

  test('keeps its message when no decision names targets', async () => {
    const result = await check(`${SYSTEM}threat «T» { on Api, Db  stride T  likelihood 3  impact 3 }`);
    expectDiagnostic(result, { code: 'open-fix-now', severity: 'warning', message: /^Threat T scores 9 \(fix now\) and is open: add a mitigation/ });
  });
});

describe('target-not-on-threat', () => {
  test('a `for` naming something the threat is not on, at that name', async () => {
    const result = await check(`${SYSTEM}threat T { on Api, Db  stride T  mitigation "m" done for Db, «Other» }`);
    expect(messageOf(expectDiagnostic(result, { code: 'target-not-on-threat', severity: 'error', message: /./ })))
      .toBe('Threat T is not on Other (its `on` names Api and Db), so this decision decides nothing there: add Other to the threat\'s `on`, or name one of its targets after `for`.');
  });

  test('a name that does not resolve is unresolved-reference, not this', async () => {
    const result = await check(`${SYSTEM}threat T { on Api  stride T  mitigation "m" done for Nowhere }`);
    expect(withCode(result, 'target-not-on-threat')).toEqual([]);
    expect(withCode(result, 'unresolved-reference')).toHaveLength(1);
  });

  test('a threat on a boundary may decide for it', async () => {
    const result = await check('boundary Vpc { process Api }\nthreat T { on Vpc, Api  stride T  accepted "a" by "b" for Vpc  mitigation "m" done for Api }');
    expectNoCode(result, 'target-not-on-threat');
  });
});

test('`for` is a soft keyword: a model that names an element `for` keeps its meaning', async () => {
  const result = await check('process for\nprocess Api\nflow F: Api -> for\nthreat T { on for, Api  stride T  mitigation "m" done for for }');
  expect(result.diagnostics.filter(diagnostic => diagnostic.severity === 1)).toEqual([]);
  const threat = (await parseModel('process for\nprocess Api\nthreat T { on for, Api  stride T  mitigation "m" done for for }')).declarations.find(isThreat)!;
  expect(targetStatuses(threat, TODAY).map(({ target, status }) => `${target.name}: ${status}`)).toEqual(['for: mitigated', 'Api: open']);
});

test('a decision may name an imported target as the threat does, qualified: `for Idp.Login`', async () => {
  const files = await checkWorkspace({
    'platform/idp.tm': 'boundary Platform { process Login { kind identity-provider } }\nexternal C\nflow In: C -> Login { protocol HTTPS }',
    'svc/shop.tm': 'import "../platform/idp.tm" as Idp\nprocess Api\nflow Call: Api -> Idp.Login { protocol HTTPS }\n'
      + 'threat T { on Idp.Login, Api  stride S  likelihood 3  impact 3  accepted "the platform team owns it" by "lead" for Idp.Login  mitigation "mTLS" done for Api }',
  });
  const shop = files['svc/shop.tm'];
  expect(shop.codes.filter(code => code === 'unresolved-reference' || code === 'target-not-on-threat' || code === 'open-fix-now')).toEqual([]);
  const threat = shop.document.parseResult.value.declarations.find(isThreat)!;
  expect(targetStatuses(threat, TODAY).map(({ target, status }) => `${target.name}: ${status}`)).toEqual(['Login: accepted', 'Api: mitigated']);
});
