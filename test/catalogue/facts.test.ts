// The facts extractor: what conditions see of each element and flow.
import { describe, expect, test } from 'vitest';
import { analyzeModel, declarationIndex } from '../../server/domain/analysis.js';
import type { ThreatTarget } from '../../server/language/generated/ast.js';
import type { FactValue, OwnFacts } from '../../server/catalogue/facts.js';
import { modelFacts } from '../../server/catalogue/facts.js';
import { parseModel } from '../language/harness.js';

async function factsOf(text: string, name: string) {
  const model = await parseModel(text);
  const analysis = analyzeModel(model);
  const target = declarationIndex(model).byName.get(name) as ThreatTarget;
  const { own, source, target: ofTarget } = modelFacts(analysis).get(target)!;
  const ends = (side: string, facts: OwnFacts | undefined): Array<[string, FactValue]> => [...facts ?? []].map(([fact, value]) => [`${side}.${fact}`, value]);
  return Object.fromEntries([...own, ...ends('source', source), ...ends('target', ofTarget)]);
}

const MODEL = `
external Customer { kind user }
external Pay { kind service }
boundary Shop {
  process Api { privilege root }
  store Orders { kind database holds pii, credentials }
  store Audit { kind log encrypted }
}
flow Checkout: Customer -> Api { protocol "HTTP/1.1" carries credentials authn none authz "TODO" validation "schema" }
flow Save: Api -> Orders { protocol TLSv1.3 }
flow Log: Api -> Audit
flow Charge: Api -> Pay { encrypted }
`;

describe('the facts of', () => {
  test('a process reached from outside', async () => {
    expect(await factsOf(MODEL, 'Api')).toEqual({
      type: 'process', privilege: 'root', zone: 'Shop', 'in-boundary': true, 'internet-facing': true,
      'receives-from': ['external', 'user'], 'sends-to': ['store', 'database', 'log', 'external', 'service'],
    });
  });

  test('a store', async () => {
    expect(await factsOf(MODEL, 'Orders')).toMatchObject({ type: 'store', kind: 'database', encrypted: false, holds: ['pii', 'credentials'], 'internet-facing': false });
    expect(await factsOf(MODEL, 'Audit')).toMatchObject({ kind: 'log', encrypted: true, holds: [] });
  });

  test('an external outside every boundary', async () => {
    expect(await factsOf(MODEL, 'Customer')).toMatchObject({ type: 'external', kind: 'user', zone: 'outside', 'in-boundary': false, 'sends-to': ['process'] });
  });

  test('a flow entering from outside, with its controls and its ends', async () => {
    expect(await factsOf(MODEL, 'Checkout')).toMatchObject({
      type: 'flow', protocol: 'http', channel: 'plaintext', encrypted: false, carries: ['credentials'], crossing: true, 'from-outside': true,
      authn: 'none', authz: 'stub', validation: 'present', 'source.kind': 'user', 'target.type': 'process', 'target.privilege': 'root',
    });
  });

  test('flows inside a zone and out of it', async () => {
    expect(await factsOf(MODEL, 'Save')).toMatchObject({ protocol: 'tls', channel: 'encrypted', crossing: false, 'from-outside': false, authn: 'missing' });
    expect(await factsOf(MODEL, 'Log')).not.toHaveProperty('protocol');
    expect(await factsOf(MODEL, 'Charge')).toMatchObject({ channel: 'encrypted', encrypted: true, crossing: true, 'from-outside': false });
  });

  test('are computed once per analysis', async () => {
    const analysis = analyzeModel(await parseModel(MODEL));
    expect(modelFacts(analysis)).toBe(modelFacts(analysis));
  });
});
