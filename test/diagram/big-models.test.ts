// The preview's help for big models, as pure functions: collapsed boundaries, the focus view,
// find-by-name, the quick first picture and the zoom a model opens at.
import { describe, expect, it } from 'vitest';
import { syntheticModel, toTmText } from '../../bench/synthetic-model.js';
import { collapseBoundaries } from '../../server/diagram/collapse.js';
import { elkInput } from '../../server/diagram/elk-graph.js';
import { focusGraph } from '../../server/diagram/focus.js';
import { layoutGraph, renderSvg } from '../../server/diagram/index.js';
import { quickLayout } from '../../server/diagram/quick-layout.js';
import type { DiagramGraph, DiagramLayout } from '../../server/diagram/types.js';
import { diagramView, findByName } from '../../client/webview/diagram-view.js';
import { fitView, openingView, READABLE_SCALE, scaleOf } from '../../client/webview/viewport.js';
import { expectReadable, graphOf, inside, overlaps } from './diagram-helpers.js';

const MODEL = `
external Customer "Customer browser"
boundary Shop "Shop backend" {
  process Api "API server"
  boundary Data "Data tier" {
    store Orders "Orders DB" { kind database }
    store Audit "Audit log" { kind log }
  }
}
boundary Partner { process Bank "Bank API" }
flow Checkout: Customer -> Api "checkout request" { protocol HTTPS }
flow Save: Api -> Orders { protocol SQL }
flow Log: Orders -> Audit
flow Pay: Api -> Bank { protocol HTTPS }
flow Settle: Bank -> Orders
threat T1 "Reads another invoice" { on Orders  stride I  likelihood 3  impact 3 }
threat T2 "Tampered log" { on Log, Audit  stride T  likelihood 1  impact 2 }
threat T3 "Spoofed customer" { on Customer  stride S  likelihood 2  impact 2 }
`;

const ids = (items: ReadonlyArray<{ id: string }>) => items.map(item => item.id);

describe('collapseBoundaries', () => {
  it('draws a collapsed boundary as one box in its parent, with the flows that cross its edge and a count of what it hides', async () => {
    const graph = await graphOf(MODEL);
    const { graph: collapsed, hiddenIn, collapsed: counts } = collapseBoundaries(graph, ['Data']);
    expect(ids(collapsed.nodes)).toEqual(['Customer', 'Api', 'Data', 'Bank']);
    expect(ids(collapsed.boundaries)).toEqual(['Shop', 'Partner']);
    const box = collapsed.nodes.find(node => node.id === 'Data')!;
    expect(box).toMatchObject({ label: 'Data tier (2 elements, 1 flow)', zone: ['Shop'], uncovered: [] });
    // T1 (fix now) on Orders and T2 on Log and Audit: two threats, worst fix now.
    expect(box.threats).toEqual({ count: 2, highestBucket: 'fix now' });
    expect(box.selectionRange).toEqual(graph.boundaries.find(boundary => boundary.id === 'Data')!.selectionRange);
    expect(collapsed.edges.map(edge => `${edge.id}: ${edge.source} -> ${edge.target}`)).toEqual([
      'Checkout: Customer -> Api', 'Save: Api -> Data', 'Pay: Api -> Bank', 'Settle: Bank -> Data',
    ]);
    expect(Object.fromEntries(hiddenIn)).toEqual({ Orders: 'Data', Audit: 'Data', Log: 'Data' });
    expect(counts.get('Data')).toEqual({ elements: 2, flows: 1, boundaries: 0 });
    // The threats and the panel stay whole.
    expect(collapsed.threats).toBe(graph.threats);
  });

  it('counts the threats on a collapsed boundary itself in its box\'s marker', async () => {
    const graph = await graphOf(`${MODEL}threat T4 "Open security group" { on Data, Orders  stride T  likelihood 3  impact 1 }\nthreat T5 "No flow logs" { on Partner  stride R  likelihood 3  impact 3 }\n`);
    const { graph: collapsed } = collapseBoundaries(graph, ['Data', 'Partner']);
    const marker = (id: string) => collapsed.nodes.find(node => node.id === id)!.threats;
    // T1, T2 inside; T4 on the boundary and on Orders, counted once.
    expect(marker('Data')).toEqual({ count: 3, highestBucket: 'fix now' });
    expect(marker('Partner')).toEqual({ count: 1, highestBucket: 'fix now' });
  });

  it('hides a collapsed boundary inside a collapsed one in the outer box, and keeps flows between two boxes', async () => {
    const graph = await graphOf(MODEL);
    const { graph: collapsed, collapsed: counts, hiddenIn } = collapseBoundaries(graph, ['Data', 'Shop', 'Partner']);
    expect(ids(collapsed.nodes)).toEqual(['Customer', 'Shop', 'Partner']);
    expect(collapsed.boundaries).toEqual([]);
    expect(counts.get('Shop')).toEqual({ elements: 3, flows: 2, boundaries: 1 });
    expect(counts.has('Data')).toBe(false);
    expect(hiddenIn.get('Data')).toBe('Shop');
    expect(collapsed.edges.map(edge => `${edge.id}: ${edge.source} -> ${edge.target}`)).toEqual([
      'Checkout: Customer -> Shop', 'Pay: Shop -> Partner', 'Settle: Partner -> Shop',
    ]);
    expect(collapsed.nodes.find(node => node.id === 'Shop')!.label).toBe('Shop backend (3 elements)');
  });

  it('changes nothing for names that are not boundaries, and lays out and draws like any graph', async () => {
    const graph = await graphOf(MODEL);
    expect(collapseBoundaries(graph, ['Api', 'Nowhere']).graph).toBe(graph);
    const svg = renderSvg(await layoutGraph(collapseBoundaries(graph, ['Shop']).graph));
    expect(svg).toContain('data-id="Shop" data-kind="external"');
    expect(svg).not.toContain('data-id="Orders"');
  });

  it('mutes the box of an out-of-scope boundary, with its reason', async () => {
    const graph = await graphOf(`${MODEL}boundary Legacy { out-of-scope "decommissioned"  process Old }\n`);
    const nodes = collapseBoundaries(graph, ['Legacy', 'Partner']).graph.nodes;
    expect(nodes.find(node => node.id === 'Legacy')!.outOfScope).toBe('decommissioned');
    expect(nodes.find(node => node.id === 'Partner')).not.toHaveProperty('outOfScope');
  });

  it('keeps a long label\'s count visible', async () => {
    const graph = await graphOf(`boundary B "${'A very long boundary label that goes on and on'}" { process P }`);
    const label = collapseBoundaries(graph, ['B']).graph.nodes[0].label;
    expect(label).toMatch(/… \(1 element\)$/);
    expect(Array.from(label).length).toBeLessThanOrEqual(40);
  });
});

describe('focusGraph', () => {
  it('keeps what is at most n flows away from the selection, either way, and the boundaries around it', async () => {
    const graph = await graphOf(MODEL);
    const one = focusGraph(graph, ['Customer'], 1);
    expect(ids(one.nodes)).toEqual(['Customer', 'Api']);
    expect(ids(one.boundaries)).toEqual(['Shop']);
    expect(ids(one.edges)).toEqual(['Checkout']);
    const two = focusGraph(graph, ['Customer'], 2);
    expect(ids(two.nodes)).toEqual(['Customer', 'Api', 'Orders', 'Bank']);
    expect(ids(two.boundaries)).toEqual(['Shop', 'Data', 'Partner']);
    expect(ids(two.edges)).toEqual(['Checkout', 'Save', 'Pay', 'Settle']);
  });

  it('centres on both ends of a selected flow and on everything inside a selected boundary', async () => {
    const graph = await graphOf(MODEL);
    expect(ids(focusGraph(graph, ['Pay'], 0).nodes)).toEqual(['Api', 'Bank']);
    expect(ids(focusGraph(graph, ['Data'], 0).nodes)).toEqual(['Orders', 'Audit']);
  });

  it('shows the whole graph when nothing of it is selected', async () => {
    const graph = await graphOf(MODEL);
    expect(focusGraph(graph, [], 1)).toBe(graph);
    expect(focusGraph(graph, ['T1'], 1)).toBe(graph);
  });
});

describe('diagramView', () => {
  it('focuses, then collapses, keeping open the boundaries around the selection', async () => {
    const graph = await graphOf(MODEL);
    const { graph: shown } = diagramView(graph, { collapsed: ['Shop', 'Partner'], focus: { selection: ['Orders'], hops: 1 } });
    expect(ids(shown.nodes)).toEqual(['Api', 'Orders', 'Audit', 'Partner']);
    expect(ids(shown.boundaries)).toEqual(['Shop', 'Data']);
  });
});

describe('findByName', () => {
  it('matches names and labels, ignoring case, in declaration order', async () => {
    const graph = await graphOf(MODEL);
    expect(findByName(graph, 'orders')).toEqual(['Orders']);
    expect(findByName(graph, 'API')).toEqual(['Api', 'Bank']);
    expect(findByName(graph, 'a')).toContain('Data');
    expect(findByName(graph, 'tier')).toEqual(['Data']);
    expect(findByName(graph, 'checkout REQUEST')).toEqual(['Checkout']);
    expect(findByName(graph, '  ')).toEqual([]);
  });
});

/** Readable (diagram-helpers.ts), sibling boundaries apart, and the picture as large as what it holds. */
function expectTidy(layout: DiagramLayout): void {
  expectReadable(layout);
  const { graph } = layout;
  for (const [i, a] of graph.boundaries.entries()) {
    for (const b of graph.boundaries.slice(i + 1)) {
      const nested = inside(layout.boundaries[b.id], layout.boundaries[a.id]) || inside(layout.boundaries[a.id], layout.boundaries[b.id]);
      if (!nested) expect(overlaps(layout.boundaries[a.id], layout.boundaries[b.id]), `${a.id} overlaps ${b.id}`).toBe(false);
    }
  }
  for (const box of [...Object.values(layout.nodes), ...Object.values(layout.boundaries)]) {
    expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
    expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
  }
}

describe('quickLayout', () => {
  it('places every element and boundary tidily, top to bottom along the flows', async () => {
    const layout = quickLayout(await graphOf(MODEL));
    expectTidy(layout);
    // Customer -> Api: Api's row is below Customer's... inside Shop, which is below Customer.
    expect(layout.boundaries.Shop.y).toBeGreaterThan(layout.nodes.Customer.y);
    expect(layout.nodes.Audit.y).toBeGreaterThan(layout.nodes.Orders.y);
  });

  it('stays tidy on the 50- and 200-element benchmark models, cycles included', async () => {
    for (const size of [50, 200]) {
      const graph = await graphOf(toTmText(syntheticModel(size)));
      expectTidy(quickLayout(graph));
    }
    const cycle = await graphOf('process A\nprocess B\nprocess C\nflow AB: A -> B\nflow BC: B -> C\nflow CA: C -> A');
    const layout = quickLayout(cycle);
    expectTidy(layout);
    expect(layout.nodes.B.y).toBeGreaterThan(layout.nodes.A.y);
    expect(layout.nodes.C.y).toBeGreaterThan(layout.nodes.B.y);
  });

  it('gives the sizes elk is given, so replacing it with elk\'s layout moves but never resizes a box', async () => {
    const graph: DiagramGraph = await graphOf(MODEL);
    const layout = quickLayout(graph);
    for (const child of elkInput(graph).children!.flatMap(each => [each, ...(each.children ?? [])])) {
      if (child.id.startsWith('n:')) expect([layout.nodes[child.id.slice(2)].width, layout.nodes[child.id.slice(2)].height]).toEqual([child.width, child.height]);
    }
  });
});

describe('the zoom a model opens at', () => {
  const screen = { width: 700, height: 900 };

  it('fits a diagram whose text stays readable when fitted', () => {
    const content = { width: 600, height: 500 };
    expect(openingView(content, screen)).toEqual(fitView(content));
  });

  it('shows a bigger one at a readable size around the element under the cursor, within the diagram', () => {
    const content = { width: 2400, height: 3000 };
    expect(scaleOf(fitView(content), screen)).toBeLessThan(READABLE_SCALE);
    const around = { x: 1500, y: 1800, width: 100, height: 40 };
    const view = openingView(content, screen, around);
    expect(scaleOf(view, screen)).toBeGreaterThanOrEqual(READABLE_SCALE);
    expect(view.x + view.width / 2).toBeCloseTo(1550);
    expect(view.y + view.height / 2).toBeCloseTo(1820);
    // Without a selection: the top left corner; near an edge: no further than the fit's margin.
    expect(openingView(content, screen)).toMatchObject({ x: -16, y: -16 });
    expect(openingView(content, screen, { x: 2390, y: 2990, width: 10, height: 10 })).toMatchObject({ x: 2416 - 700, y: 3016 - 900 });
  });

  it('centres a diagram that is narrow but too tall', () => {
    const view = openingView({ width: 300, height: 4000 }, screen);
    expect(view.x).toBe((300 - 700) / 2);
    expect(scaleOf(view, screen)).toBeGreaterThanOrEqual(READABLE_SCALE);
  });
});
