// Model → diagram graph: what the picture and the side panel show.
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutGraph, renderMermaid, renderSvg } from '../../server/diagram/index.js';
import { exampleFiles, graphOf } from './diagram-helpers.js';

const PAYMENTS = `
model "Payments"
external Customer "Customer browser" { kind user }
boundary Shop "Shop backend" {
  process Api "API server"
  store Orders "Orders DB" { kind database }
  boundary Vault {
    store Keys { kind file }
  }
}
flow Checkout: Customer -> Api "checkout request" { protocol HTTPS }
flow Save: Api -> Orders { protocol SQL }
flow Sign: Api -> Keys
threat T1 "Reads another invoice" { on Api  stride I, E  likelihood 3  impact 3 }
threat T2 "Order rows edited" { on Orders, Save  stride T  likelihood 1  impact 2 }
threat T3 "Unscored" { on Orders  stride I }
threat T4 "Tampered request" { on Checkout  stride T  likelihood 2  impact 2 }
attack A "Read invoices" {
  realizes T1
  or {
    "Hijack session" and { "Steal cookie" cost medium  "Bypass MFA" cost high }
    "Change the id" cost trivial
  }
}
`;

describe('modelGraph', () => {
  it('gives each element its kind, label and zone path', async () => {
    const graph = await graphOf(PAYMENTS);
    expect(graph.title).toBe('Payments');
    expect(graph.nodes.map(node => [node.id, node.kind, node.label, node.zone])).toEqual([
      ['Customer', 'external', 'Customer browser', []],
      ['Api', 'process', 'API server', ['Shop']],
      ['Orders', 'store', 'Orders DB', ['Shop']],
      ['Keys', 'store', 'Keys', ['Shop', 'Vault']],
    ]);
  });

  it('nests boundaries, parents first', async () => {
    const graph = await graphOf(PAYMENTS);
    expect(graph.boundaries.map(boundary => [boundary.id, boundary.label, boundary.parent])).toEqual([
      ['Shop', 'Shop backend', undefined],
      ['Vault', 'Vault', 'Shop'],
    ]);
  });

  it('marks flows between different zones as crossing, a parent and its child included', async () => {
    const graph = await graphOf(PAYMENTS);
    expect(Object.fromEntries(graph.edges.map(edge => [edge.id, edge.crossing]))).toEqual({ Checkout: true, Save: false, Sign: true });
    expect(graph.edges[0]).toMatchObject({ source: 'Customer', target: 'Api', label: 'checkout request', protocol: 'HTTPS' });
    expect(graph.edges[1]).toMatchObject({ label: 'Save', protocol: 'SQL' });
    expect(graph.edges[2].protocol).toBeUndefined();
  });

  it('gives a flow with a reply the data it returns, as written; a flow without one has none', async () => {
    const graph = await graphOf('data Contracts\nprocess Api\nstore Db\nflow Query: Api -> Db { carries internal  returns pii, Contracts }\nflow Save: Api -> Db');
    expect(graph.edges[0].returns).toEqual(['pii', 'Contracts']);
    expect(graph.edges[0].carries).toEqual(['internal']);
    expect(graph.edges[1]).not.toHaveProperty('returns');
    expect(graph.edges[1]).not.toHaveProperty('carries');
  });

  it('gives what is out of scope its reason: its own, its boundary\'s, or for a flow its source\'s when both ends are', async () => {
    const graph = await graphOf(`boundary Legacy { out-of-scope "decommissioned"  boundary Inner { process Old } }
process Batch { out-of-scope "offline" }
process Api
flow Feed: Old -> Batch
flow Import: Batch -> Api { out-of-scope "yearly, by hand" }
flow Call: Api -> Batch
process Blank { out-of-scope "  " }`);
    const reasons = Object.fromEntries([...graph.boundaries, ...graph.nodes, ...graph.edges].map(item => [item.id, item.outOfScope]));
    expect(reasons).toEqual({
      Legacy: 'decommissioned', Inner: 'decommissioned', Old: 'decommissioned', Batch: 'offline', Api: undefined, Blank: undefined,
      Feed: 'decommissioned', Import: 'yearly, by hand', Call: undefined,
    });
    // Absent, not undefined, when in scope: the graph is JSON for the preview.
    expect(graph.nodes.find(node => node.id === 'Api')).not.toHaveProperty('outOfScope');
  });

  it('puts a threat marker with the count and highest bucket on elements and flows', async () => {
    const graph = await graphOf(PAYMENTS);
    const markers = Object.fromEntries([...graph.nodes, ...graph.edges].map(item => [item.id, item.threats]));
    expect(markers.Api).toEqual({ count: 1, highestBucket: 'fix now' });
    expect(markers.Orders).toEqual({ count: 2, highestBucket: 'watch' });
    expect(markers.Save).toEqual({ count: 1, highestBucket: 'watch' });
    expect(markers.Checkout).toEqual({ count: 1, highestBucket: 'fix soon' });
    expect(markers.Customer).toEqual({ count: 0, highestBucket: undefined });
  });

  it('puts a threat marker on a boundary that threats name, and an empty one on the others', async () => {
    const graph = await graphOf(`${PAYMENTS}threat T5 "Open security group" { on Vault, Shop  stride T  likelihood 3  impact 2 }\nthreat T6 "No flow logs" { on Vault  stride R }\n`);
    const markers = Object.fromEntries(graph.boundaries.map(boundary => [boundary.id, boundary.threats]));
    expect(markers).toEqual({ Shop: { count: 1, highestBucket: 'fix now' }, Vault: { count: 2, highestBucket: 'fix now' } });
    expect((await graphOf(PAYMENTS)).boundaries.map(boundary => boundary.threats)).toEqual([{ count: 0, highestBucket: undefined }, { count: 0, highestBucket: undefined }]);
  });

  it('lists uncovered letters on elements, and on flows as the coverage setting says', async () => {
    const graph = await graphOf(PAYMENTS);
    const uncovered = Object.fromEntries([...graph.nodes, ...graph.edges].map(item => [item.id, item.uncovered.join('')]));
    expect(uncovered).toEqual({ Customer: 'SR', Api: 'STRD', Orders: 'D', Keys: 'TID', Checkout: 'ID', Save: '', Sign: 'TID' });
    const all = await graphOf(PAYMENTS, { coverageFlows: 'all' });
    expect(all.edges.find(edge => edge.id === 'Save')!.uncovered).toEqual(['I', 'D']);
    const none = await graphOf(PAYMENTS, { coverageFlows: 'none' });
    expect(none.edges.every(edge => edge.uncovered.length === 0)).toBe(true);
  });

  it('ranks threats by score, unscored last, with bucket and status', async () => {
    const graph = await graphOf(PAYMENTS);
    expect(graph.threats.map(threat => [threat.id, threat.score, threat.bucket, threat.status])).toEqual([
      ['T1', 9, 'fix now', 'open'],
      ['T4', 4, 'fix soon', 'open'],
      ['T2', 2, 'watch', 'open'],
      ['T3', undefined, undefined, 'open'],
    ]);
    expect(graph.threats[0]).toMatchObject({ targets: ['Api'], letters: ['I', 'E'], likelihood: 3, impact: 3 });
  });

  it('gives attack trees with the cheapest path marked', async () => {
    const graph = await graphOf(PAYMENTS);
    const [attack] = graph.attacks;
    expect(attack).toMatchObject({ id: 'A', goal: 'Read invoices', realizes: ['T1'], cheapestCost: 1 });
    const [hijack, change] = attack.tree!.children;
    expect(hijack).toMatchObject({ text: 'Hijack session', gate: 'and', onCheapestPath: false });
    expect(hijack.children.map(child => child.cost)).toEqual([3, 5]);
    expect(change).toMatchObject({ text: 'Change the id', cost: 1, onCheapestPath: true, children: [] });
  });

  it('locates every declaration and its name in the source', async () => {
    const graph = await graphOf('external User\nprocess App "The app"\nflow F: User -> App');
    expect(graph.nodes[1].selectionRange).toEqual({ start: { line: 1, character: 8 }, end: { line: 1, character: 11 } });
    expect(graph.nodes[1].range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 21 } });
    expect(graph.edges[0].selectionRange.start).toEqual({ line: 2, character: 5 });
  });

  it('draws a name once and leaves out flows whose ends do not resolve', async () => {
    const graph = await graphOf('process A\nprocess A "again"\nprocess B\nflow F: A -> B\nflow G: A -> Nowhere\nboundary Z { }\nflow H: A -> Z');
    expect(graph.nodes.map(node => node.label)).toEqual(['A', 'B']);
    expect(graph.edges.map(edge => edge.id)).toEqual(['F']);
  });

  it('is plain JSON, ready to travel to the webview', async () => {
    const graph = await graphOf(PAYMENTS);
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
  });
});

describe('modelGraph on broken models', () => {
  it('draws a name taken by an element and then a boundary once, its members at the top level', async () => {
    const graph = await graphOf('process X\nboundary X { boundary Z { process Y } }\nflow F: X -> Y');
    expect(graph.boundaries.map(boundary => [boundary.id, boundary.parent])).toEqual([['Z', undefined]]);
    const layout = await layoutGraph(graph);
    expect(Object.keys(layout.nodes).sort()).toEqual(['X', 'Y']);
  });

  it('never throws on a model cut off anywhere', async () => {
    const text = fs.readFileSync(exampleFiles().find(file => file.endsWith('payments.tm'))!, 'utf8');
    for (let end = 0; end <= text.length; end += 13) {
      const graph = await graphOf(text.slice(0, end));
      expect(() => renderMermaid(graph)).not.toThrow();
      if (end % 130 === 0) expect(renderSvg(await layoutGraph(graph))).toMatch(/<\/svg>$/);
    }
  });
});
