// The diagram and the report of a file that imports others (docs/language.md §12): its composed
// model, with what the imported files declare named by their qualifier and marked with the file
// they come from.
import { describe, expect, it } from 'vitest';
import { analyzeModel } from '../../server/domain/analysis.js';
import { modelGraph } from '../../server/diagram/index.js';
import type { Model } from '../../server/language/generated/ast.js';
import { buildReport } from '../../server/report/build-report.js';
import { renderMarkdown } from '../../server/report/markdown.js';
import { checkWorkspace } from '../language/workspace-harness.js';

const IDP = `model "Identity"
boundary Identity {
  process Login "Sign-in service"
  store Accounts { kind database }
}
flow ReadAccounts: Login -> Accounts { protocol SQL }
threat IdpOutage "Sign-in down" { on Login  stride D  likelihood 2  impact 3 }
`;

const GATEWAY = `import "idp.tm"
boundary Edge { process Gateway }
flow Verify: Gateway -> Login { protocol HTTPS  authn "mTLS"  authz "introspect"  validation "schema" }
`;

const ORDERS = (importLine: string, target: string) => `${importLine}
boundary Orders { process OrdersApi "Orders API" }
flow CheckToken: OrdersApi -> ${target} "token check" { protocol HTTPS  authn "mTLS"  authz "introspect"  validation "schema" }
threat T1 "Orders attacked" { on OrdersApi, ${target}  stride S  likelihood 1  impact 2 }
`;

async function serviceModel(service: string, files: Record<string, string> = {}): Promise<Model> {
  const checked = await checkWorkspace({ 'platform/idp.tm': IDP, 'platform/gateway.tm': GATEWAY, 'services/orders.tm': service, ...files });
  return checked['services/orders.tm'].document.parseResult.value;
}

describe('the diagram of a file that imports others', () => {
  it('draws the imported file\'s declarations, qualified and marked with their file', async () => {
    const graph = modelGraph(analyzeModel(await serviceModel(ORDERS('import "../platform/idp.tm"', 'Login'))));
    const login = graph.nodes.find(node => node.id === 'idp.Login')!;
    expect(login).toMatchObject({ label: 'Sign-in service', zone: ['idp.Identity'], importedFrom: '../platform/idp.tm' });
    // Its ranges are in its own file: the process is on line 3 of idp.tm.
    expect(login.selectionRange.start).toEqual({ line: 2, character: 10 });
    expect(graph.nodes.find(node => node.id === 'OrdersApi')).not.toHaveProperty('importedFrom');
    expect(graph.boundaries.map(boundary => [boundary.id, boundary.importedFrom])).toEqual([['Orders', undefined], ['idp.Identity', '../platform/idp.tm']]);
    expect(graph.edges.map(edge => [edge.id, edge.source, edge.target, edge.importedFrom])).toEqual([
      ['CheckToken', 'OrdersApi', 'idp.Login', undefined],
      ['idp.ReadAccounts', 'idp.Login', 'idp.Accounts', '../platform/idp.tm'],
    ]);
    expect(graph.edges[0].crossing).toBe(true);
    // The library's threat applies where its element is drawn, and comes from its file.
    expect(graph.threats.map(threat => [threat.id, threat.targets, threat.importedFrom])).toEqual([
      ['idp.IdpOutage', ['idp.Login'], '../platform/idp.tm'],
      ['T1', ['OrdersApi', 'idp.Login'], undefined],
    ]);
    expect(login.threats.count).toBe(2);
  });

  it('qualifies by the import\'s alias, and a file imported through another by its stem', async () => {
    const aliased = modelGraph(analyzeModel(await serviceModel(ORDERS('import "../platform/idp.tm" as Id', 'Id.Login'))));
    expect(aliased.nodes.map(node => node.id)).toEqual(['OrdersApi', 'Id.Login', 'Id.Accounts']);
    const throughGateway = modelGraph(analyzeModel(await serviceModel(ORDERS('import "../platform/gateway.tm"', 'Gateway'))));
    expect(throughGateway.nodes.map(node => [node.id, node.importedFrom])).toEqual([
      ['OrdersApi', undefined],
      ['gateway.Gateway', '../platform/gateway.tm'],
      ['idp.Login', '../platform/idp.tm'],
      ['idp.Accounts', '../platform/idp.tm'],
    ]);
    expect(throughGateway.edges.map(edge => edge.id)).toEqual(['CheckToken', 'gateway.Verify', 'idp.ReadAccounts']);
  });

  it('tells two imported files of one stem apart by their path', async () => {
    const service = `import "../platform/idp.tm"\nimport "../legacy/idp.tm" as Old\nprocess Api\nflow A: Api -> Login\nflow B: Api -> OldLogin\n`;
    const graph = modelGraph(analyzeModel(await serviceModel(service, { 'legacy/idp.tm': 'process OldLogin\n' })));
    const ids = graph.nodes.map(node => node.id);
    expect(ids).toEqual(expect.arrayContaining(['idp.Login', 'Old.OldLogin']));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the report of a file that imports others', () => {
  it('lists the composed model, imported declarations named as in the diagram with their file', async () => {
    const report = buildReport(analyzeModel(await serviceModel(ORDERS('import "../platform/idp.tm"', 'Login'))));
    expect(report.elements.map(element => [element.name, element.zone, element.importedFrom])).toEqual([
      ['OrdersApi', 'Orders', undefined],
      ['idp.Login', 'idp.Identity', '../platform/idp.tm'],
      ['idp.Accounts', 'idp.Identity', '../platform/idp.tm'],
    ]);
    expect(report.flows.find(flow => flow.name === 'CheckToken')).toMatchObject({ target: 'idp.Login', crossing: { from: 'Orders', to: 'idp.Identity' } });
    expect(report.threats.map(threat => threat.name)).toEqual(['idp.IdpOutage', 'T1']);
    expect(report.threats[1].targets[1]).toEqual({ name: 'idp.Login', label: 'Sign-in service', importedFrom: '../platform/idp.tm' });
    // The verdict is the file's own, as in the status bar: the library's open threat is the library's.
    expect(report.verdict).toEqual({ done: true, fixNowOpen: 0, threats: 1 });
    const markdown = renderMarkdown(report, { mermaid: '' });
    expect(markdown).toContain('idp.Login (Sign-in service), from ../platform/idp.tm');
  });
});
