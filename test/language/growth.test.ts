// The language growth of issue #18 that the checks read: descriptions and references, data
// assets, request and reply, technology and trust (docs/language.md §3, §10).
import { describe, expect, it } from 'vitest';
import { GrammarAST } from 'langium';
import { TmGrammar } from '../../server/language/generated/grammar.js';
import { flowDataClasses, storeDataClasses } from '../../server/domain/data.js';
import { parseReference } from '../../server/domain/references.js';
import type { Flow, Store } from '../../server/language/generated/ast.js';
import { check, expectDiagnostic, expectNoCode, parseModel, withCode } from './harness.js';

/** The keywords of the 0.1 grammar that look like names; every later one must stay usable as a name. */
const KEYWORDS_OF_0_1 = new Set([
  'model', 'owner', 'reviewed', 'revisit', 'description', 'external', 'kind', 'exempt', 'process', 'privilege', 'store', 'holds',
  'encrypted', 'boundary', 'flow', 'protocol', 'carries', 'authn', 'authz', 'validation', 'none', 'threat', 'on', 'stride',
  'likelihood', 'impact', 'low', 'medium', 'high', 'mitigation', 'owner', 'ticket', 'accepted', 'by', 'transferred', 'to',
  'eliminated', 'attack', 'realizes', 'cost', 'trivial', 'extreme', 'or', 'and', 'user', 'service', 'device', 'database', 'queue',
  'cache', 'log', 'bucket', 'file', 'root', 'admin', 'planned', 'done', 'public', 'internal', 'pii', 'financial', 'health',
  'credentials', 'secrets', 'S', 'T', 'R', 'I', 'D', 'E',
]);

function grammarKeywords(): string[] {
  const keywords = new Set<string>();
  const visit = (node: object): void => {
    if (GrammarAST.isKeyword(node)) keywords.add(node.value);
    for (const [key, value] of Object.entries(node) as Array<[string, unknown]>) {
      if (key.startsWith('$')) continue;
      if (Array.isArray(value)) (value as unknown[]).forEach(item => { if (typeof item === 'object' && item) visit(item); });
      else if (typeof value === 'object' && value && key !== 'rule' && key !== 'type') visit(value);
    }
  };
  TmGrammar().rules.forEach(visit);
  return [...keywords];
}

describe('soft keywords', () => {
  const added = grammarKeywords().filter(keyword => /^[A-Za-z_][A-Za-z0-9_]*$/.test(keyword) && !KEYWORDS_OF_0_1.has(keyword));

  it('the grammar has added keywords since 0.1', () => {
    expect(added).toEqual(expect.arrayContaining(['refs', 'data', 'returns', 'technology', 'trust', 'api']));
  });

  it.each(added)('`%s`, a keyword added after 0.1, is still a name', async keyword => {
    const result = await check(`process ${keyword}\nprocess Other\nflow F: ${keyword} -> Other\nthreat T { on ${keyword} stride S }`);
    expectNoCode(result, 'syntax-error');
    expectNoCode(result, 'unresolved-reference');
  });
});

describe('descriptions and references', () => {
  it('every declaration accepts `description` and `refs`', async () => {
    const result = await check(`model "M" { description "m"  refs "https://example.com/a" }
external U { description "u"  refs "T1189" }
process P { description "p"  refs "CWE-20" }
store S { description "s"  refs "V5.3.4" }
boundary B { description "b"  refs "A01:2021" }
flow F: U -> P { description "f"  refs "API1:2023" }
threat X { on P  description "x"  refs "LLM01:2025", "CAPEC-66"  mitigation "m" done refs "T1190.001" }
attack A "g" { description "a"  refs "CWE-89"  or { "x" cost low } }
data D { description "d"  refs "CWE-200" }`);
    expectNoCode(result, 'syntax-error');
    expectNoCode(result, 'invalid-reference');
  });

  it('a reference of no known form is `invalid-reference` on the string, listing the forms', async () => {
    const result = await check('threat X { refs "CWE-89", «"OWASP injection"» }');
    expectDiagnostic(result, { code: 'invalid-reference', severity: 'warning', message: /^"OWASP injection" is not a reference tm knows: write CWE-n, CAPEC-n, ASVS .*https:\/\/ URL; put free text in `description`\.$/ });
  });

  it.each(['cwe-89', 'CWE-', 'http://example.com', 'T119', 'A3:2021', 'V5', 'https://'])('`%s` is not a reference', text => {
    expect(parseReference(text)).toBeUndefined();
  });

  it.each([
    ['CWE-89', 'https://cwe.mitre.org/data/definitions/89.html'],
    ['CAPEC-66', 'https://capec.mitre.org/data/definitions/66.html'],
    ['T1190.001', 'https://attack.mitre.org/techniques/T1190/001/'],
    ['A03:2021', 'https://owasp.org/Top10/A03_2021/'],
  ])('%s links to %s', (text, url) => {
    expect(parseReference(text)?.url).toBe(url);
  });

  it('a second description is a duplicate field', async () => {
    const result = await check('process P { description "a"  «description "b"» }');
    expectDiagnostic(result, { code: 'duplicate-field', severity: 'error', message: /^`description` is already set on line 1/ });
  });

  it('the diagnostics of a declaration carry its valid references for SARIF', async () => {
    const result = await check('threat X { refs "CWE-89", "nonsense" }');
    const unscored = withCode(result, 'unscored-threat')[0];
    expect(unscored.data).toMatchObject({ references: ['CWE-89'] });
  });
});

describe('data assets', () => {
  const ASSETS = `data Contracts "Customer contracts" { sensitivity confidential  category pii, financial }
data Secret { sensitivity restricted }
data Brochure { sensitivity public }
`;

  it('expand into their categories, their public/internal sensitivity, or `confidential`', async () => {
    const model = await parseModel(`${ASSETS}process A\nstore S { holds Secret, internal }\nflow F: A -> S { carries Contracts, credentials, Brochure  returns Secret }`);
    const flow = model.declarations.find(d => d.name === 'F') as Flow;
    const store = model.declarations.find(d => d.name === 'S') as Store;
    expect(flowDataClasses(flow, 'carries')).toEqual(['credentials', 'pii', 'financial', 'public']);
    expect(flowDataClasses(flow, 'returns')).toEqual(['confidential']);
    expect(storeDataClasses(store)).toEqual(['internal', 'confidential']);
  });

  it('an unknown data name is an unresolved reference that says what it could be', async () => {
    expectDiagnostic(await check('process A\nprocess B\nflow F: A -> B { carries pii, «Contract» }'), {
      code: 'unresolved-reference', severity: 'error',
      message: /^Contract is neither a built-in data class \(public, internal, pii, financial, health, credentials, secrets\) nor a data asset of this file: declare `data Contract "…" \{ sensitivity … \}`, or fix the name\.$/,
    });
  });

  it('an element named in `carries` is not a data asset', async () => {
    expectDiagnostic(await check('process A\nprocess B\nflow F: A -> B { carries «A» }'), {
      code: 'unresolved-reference', severity: 'error', message: /^Process A is not a data asset/,
    });
  });

  it('a sensitive asset over a plaintext crossing is `plaintext-sensitive`, as its classes', async () => {
    const result = await check(`${ASSETS}external U\nboundary B { process A }\nflow «F»: U -> A { protocol HTTP  carries Contracts  authn none authz none validation none }`);
    expectDiagnostic(result, { code: 'plaintext-sensitive', severity: 'warning', message: /^Flow F carries pii and financial across outside → B over HTTP/ });
  });

  it('a public asset over a plaintext crossing is not', async () => {
    const result = await check(`${ASSETS}external U\nboundary B { process A }\nflow F: U -> A { protocol HTTP  carries Brochure  authn none authz none validation none }`);
    expectNoCode(result, 'plaintext-sensitive');
  });
});

describe('request and reply', () => {
  it('the returned data is judged on the channel like the request', async () => {
    const result = await check('external U\nboundary B { process A }\nflow «F»: U -> A { protocol HTTP  carries public  returns pii  authn none authz none validation none }');
    expectDiagnostic(result, { code: 'plaintext-sensitive', severity: 'warning', message: /^Flow F returns pii across outside → B over HTTP, which does not encrypt/ });
  });

  it('the message says what the request carries and what the reply returns', async () => {
    const both = await check('external U\nboundary B { process A }\nflow «F»: U -> A { protocol HTTP  carries pii, public  returns credentials, pii  authn none authz none validation none }');
    expectDiagnostic(both, { code: 'plaintext-sensitive', severity: 'warning', message: /^Flow F carries pii, and returns credentials and pii across outside → B over HTTP,/ });
    const inZone = await check('boundary B { process A  store S }\nflow «F»: A -> S { protocol LDAP  returns secrets }');
    expectDiagnostic(inZone, { code: 'plaintext-sensitive', severity: 'warning', message: /^Flow F returns secrets inside B over LDAP, which does not encrypt \(a password in clear text/ });
    const unverified = await check('external U\nboundary B { process A }\nflow «F»: U -> A { protocol SQL  returns health  authn none authz none validation none }');
    expectDiagnostic(unverified, { code: 'unverified-encryption', severity: 'info', message: /^Flow F returns health across outside → B over SQL, which encrypts only when configured to/ });
  });

  it('a reply needs no flow of its own: one flow, one set of controls asked of the initiator', async () => {
    const result = await check('external U\nboundary B { process A }\nflow F: U -> A { protocol HTTPS  carries pii  returns pii  authn "token" authz "owner" validation "schema" }');
    expectNoCode(result, 'missing-boundary-control');
  });
});

describe('technology and trust', () => {
  it('processes, externals, stores and boundaries take their kinds, technology and trust', async () => {
    const result = await check(`external U { kind user  technology "Chrome" }
boundary Vpc "VPC" { kind network  trust medium
  process Api { kind api  technology "Spring Boot 3" }
  store Db { kind database  technology "PostgreSQL 16" }
}
boundary Lambda { kind execution-environment  trust high  process Fn { kind function } }`);
    expectNoCode(result, 'syntax-error');
  });

  it('an unknown process kind is a syntax error naming the kinds', async () => {
    expectDiagnostic(await check('process P { kind «server» }'), { code: 'syntax-error', severity: 'error', message: /^Expected a process kind \(web-app, api,/ });
  });
});

describe('out of scope', () => {
  it('exempts every letter and silences the element\'s and the flow\'s own warnings; a boundary\'s covers what it holds', async () => {
    const result = await check(`external U
boundary Vendor { out-of-scope "run and audited by the vendor"
  process Crm
  store Files
}
process Api { out-of-scope "legacy, retired in Q3" }
flow F: U -> Crm { protocol HTTP  carries pii  out-of-scope "the vendor's portal" }
flow G: Crm -> Files`);
    expect(withCode(result, 'uncovered-stride').map(d => d.message)).toEqual([expect.stringMatching(/^External entity U/)]);
    expectNoCode(result, 'orphan-element');
    const flagged = withCode(result, 'missing-boundary-control').concat(withCode(result, 'plaintext-sensitive'));
    expect(flagged.map(d => d.message)).toEqual([]);
  });

  it('a flow between an in-scope and an out-of-scope element is still checked', async () => {
    const result = await check('external U\nboundary B { process Crm { out-of-scope "vendor" } }\nflow F: U -> Crm');
    expect(withCode(result, 'missing-boundary-control')).toHaveLength(1);
  });

  it('a blank reason takes nothing out of scope and says so', async () => {
    const result = await check('process P { out-of-scope "" }');
    expect(withCode(result, 'orphan-element')).toHaveLength(1);
    expect(withCode(result, 'incomplete-exemption').map(d => d.message)).toEqual(['This `out-of-scope` gives no reason, so it takes nothing out of scope: write why P is out of scope.']);
  });
});
