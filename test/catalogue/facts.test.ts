// The facts extractor: what conditions see of each element and flow.
import { describe, expect, test } from 'vitest';
import { analyzeModel, declarationIndex } from '../../server/domain/analysis.js';
import type { Element, ThreatTarget } from '../../server/language/generated/ast.js';
import { isFlow } from '../../server/language/generated/ast.js';
import type { FactValue } from '../../server/catalogue/facts.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allFacts, ELEMENT_FACTS, FLOW_FACTS, modelFacts } from '../../server/catalogue/facts.js';
import { parseModel } from '../language/harness.js';

async function factsOf(text: string, name: string) {
  const model = await parseModel(text);
  const analysis = analyzeModel(model);
  const target = declarationIndex(model).byName.get(name) as ThreatTarget;
  const ends = (side: string, end: Element | undefined): Array<[string, FactValue]> => end ? [...allFacts(analysis, end)].map(([fact, value]) => [`${side}.${fact}`, value]) : [];
  const flow = isFlow(target) ? target : undefined;
  return Object.fromEntries([...allFacts(analysis, target), ...ends('source', flow?.source?.ref), ...ends('target', flow?.target?.ref)]);
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
      type: 'process', privilege: 'root', technology: [], zone: 'Shop', within: [], 'in-boundary': true, 'internet-facing': true, 'out-of-scope': false,
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

  test('kinds, technology, boundaries and trust', async () => {
    const model = `
boundary Internet { kind network  trust none
  external Browser { kind user }
}
boundary Cloud { kind cloud-account  trust medium
  boundary Pod { kind container
    process Bot { kind agent  technology "LangChain 0.2 / Node.js" }
  }
  process Batch { kind worker  out-of-scope "run by the data team" }
}
flow Ask: Browser -> Bot { port 443 }
flow Job: Bot -> Batch
`;
    expect(await factsOf(model, 'Bot')).toMatchObject({
      kind: 'agent', technology: ['langchain', '0.2', 'node.js'], zone: 'Pod', within: ['container', 'cloud-account'], trust: 'medium',
      'internet-facing': true, 'receives-from': ['external', 'user'], 'sends-to': ['process', 'worker'], 'out-of-scope': false,
    });
    expect(await factsOf(model, 'Browser')).toMatchObject({ trust: 'none', 'internet-facing': false, within: ['network'] });
    expect(await factsOf(model, 'Batch')).toMatchObject({ 'out-of-scope': true, 'internet-facing': false });
    expect(await factsOf(model, 'Ask')).toMatchObject({ port: '443', 'protocol-stated': false, 'from-internet': true, 'from-outside': false, 'target.kind': 'agent' });
    expect(await factsOf(model, 'Job')).toMatchObject({ 'from-internet': false, 'target.out-of-scope': true });
  });

  test('the highest sensitivity of what a store holds and a flow carries or returns', async () => {
    const model = `
data Notes { sensitivity internal }
data Keys { sensitivity restricted  category secrets }
process P
store S { holds Notes, public }
store K { holds pii, Keys }
flow F: P -> S { carries public  returns Notes }
flow G: P -> K { carries health }
flow H: P -> S
`;
    expect(await factsOf(model, 'S')).toMatchObject({ sensitivity: 'internal' });
    expect(await factsOf(model, 'K')).toMatchObject({ sensitivity: 'restricted', holds: ['pii', 'secrets'] });
    expect(await factsOf(model, 'F')).toMatchObject({ sensitivity: 'internal' });
    expect(await factsOf(model, 'G')).toMatchObject({ sensitivity: 'confidential' });
    expect(await factsOf(model, 'H')).not.toHaveProperty('sensitivity');
  });

  test('the criticality of data assets and a second factor in authn', async () => {
    const model = `
data Orders { integrity high  availability critical }
data Notes { integrity low }
process P
store S { holds Orders, Notes }
flow F: P -> S { carries Notes  authn "password and TOTP" }
flow G: P -> S { authn "password" }
`;
    expect(await factsOf(model, 'S')).toMatchObject({ integrity: 'high', availability: 'critical' });
    expect(await factsOf(model, 'F')).toMatchObject({ integrity: 'low', 'second-factor': true });
    expect(await factsOf(model, 'F')).not.toHaveProperty('availability');
    expect(await factsOf(model, 'G')).toMatchObject({ 'second-factor': false, 'authn-words': ['password'], 'authz-words': [] });
  });

  test('are computed once per analysis', async () => {
    const analysis = analyzeModel(await parseModel(MODEL));
    expect(modelFacts(analysis)).toBe(modelFacts(analysis));
  });
});

describe('docs/catalogue.md', () => {
  test('lists every fact a condition can name', () => {
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/catalogue.md'), 'utf8');
    const section = text.slice(text.indexOf('## Facts'), text.indexOf('## The default pack'));
    for (const fact of [...Object.keys(ELEMENT_FACTS), ...Object.keys(FLOW_FACTS)]) expect(section, fact).toContain(`\`${fact}\``);
  });
});
