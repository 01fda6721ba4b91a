// The layout's own decisions: flows oriented before elk, directions, the previous layout after
// an edit, and the quick layout for graphs too large for elk. Models stay small: elk is slow on
// shared machines.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exceedsLayoutCap, LAYOUT_CAP, layoutGraph, medianMove, panelScale } from '../../server/diagram/index.js';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { layOut, STEADY_MOVE } from '../../server/diagram/arrange.js';
import { measureReadability } from '../../server/diagram/readability.js';
import { elkInput, readLayout } from '../../server/diagram/elk-graph.js';
import { flowsAgainstOrder } from '../../server/diagram/orientation.js';
import type { DiagramGraph, DiagramLayout } from '../../server/diagram/index.js';
import { graphOf } from './diagram-helpers.js';

/** Two boundaries that talk both ways, and a reply inside one of them. */
const TWO_WAY = `
external User
boundary Front { process Web  process Auth }
boundary Back { process Api  store Db }
flow Request: User -> Web
flow Call: Web -> Api
flow Answer: Api -> Web
flow Query: Api -> Db
flow Rows: Db -> Api
flow Check: Web -> Auth
flow Verdict: Auth -> Web
`;

const inside = (box: { x: number; y: number; width: number; height: number }, outer: typeof box): boolean =>
  box.x >= outer.x - 0.5 && box.y >= outer.y - 0.5 && box.x + box.width <= outer.x + outer.width + 0.5 && box.y + box.height <= outer.y + outer.height + 0.5;

function near(point: { x: number; y: number }, box: { x: number; y: number; width: number; height: number }): boolean {
  return inside({ ...point, width: 0, height: 0 }, { x: box.x - 2, y: box.y - 2, width: box.width + 4, height: box.height + 4 });
}

function endsAtTheirNodes(layout: DiagramLayout): void {
  for (const edge of layout.graph.edges) {
    const points = layout.edges[edge.id].points;
    expect(near(points[0], layout.nodes[edge.source]), `${edge.id} starts at ${edge.source}`).toBe(true);
    expect(near(points.at(-1)!, layout.nodes[edge.target]), `${edge.id} ends at ${edge.target}`).toBe(true);
  }
}

describe('orienting flows', () => {
  it('hands elk one flow of each two-way pair reversed, at every nesting level, and none of a chain', async () => {
    const graph = await graphOf(TWO_WAY);
    expect([...flowsAgainstOrder(graph)].sort()).toEqual(['Answer', 'Check', 'Rows']);
    const input = elkInput(graph);
    const answer = input.edges!.find(edge => edge.id === 'e:Answer')!;
    expect([answer.sources, answer.targets]).toEqual([['n:Web'], ['n:Api']]);
    expect(flowsAgainstOrder(await graphOf('process A\nprocess B\nprocess C\nflow F: A -> B\nflow G: B -> C'))).toEqual(new Set());
  });

  it('puts a member whose flows leave its boundary downwards at the boundary\'s end, so they leave without running past the others', async () => {
    // Web talks to Model both ways and to Db, below its boundary: Web goes last in Vpc.
    const model = 'boundary Vpc { process Web  process Model }\nboundary Data { store Db }\nflow Ask: Web -> Model\nflow Answer: Model -> Web\nflow Save: Web -> Db\n';
    const graph = await graphOf(model);
    expect(flowsAgainstOrder(graph)).toEqual(new Set(['Ask']));
    const layout = await layoutGraph(graph);
    expect(layout.nodes.Web.y).toBeGreaterThan(layout.nodes.Model.y);
    expect(layout.nodes.Db.y).toBeGreaterThan(layout.nodes.Web.y);
    // Drawn from above, the other end of its boundary: it goes first.
    const fromAbove = await graphOf(`external User\n${model.replace('flow Save: Web -> Db', 'flow Use: User -> Model')}`);
    expect(flowsAgainstOrder(fromAbove)).toEqual(new Set(['Ask']));
    const inbound = await graphOf(`external User\n${model.replace('flow Save: Web -> Db', 'flow Use: User -> Web')}`);
    expect(flowsAgainstOrder(inbound)).toEqual(new Set(['Answer']));
  });

  it('on request, moves the sinks alone in a level\'s last layer to its first, where the level is a layer shorter', async () => {
    // Sso, reached only from deep inside Account, is alone below it; folded, it sits beside User.
    const graph = await graphOf('external User\nexternal Sso\nboundary Account { process Web  boundary Vpc { process Api } }\nflow In: User -> Web\nflow Call: Web -> Api\nflow Login: Api -> Sso');
    expect(flowsAgainstOrder(graph)).toEqual(new Set());
    expect(flowsAgainstOrder(graph, { foldTrailingSinks: true })).toEqual(new Set(['Login']));
    // Two layers only (User, then Account): folding Sso would only swap them.
    expect(flowsAgainstOrder(await graphOf('external Sso\nboundary Account { process Api }\nflow Login: Api -> Sso'), { foldTrailingSinks: true })).toEqual(new Set());
    // Inside a boundary too, unless the sink's flows also leave the boundary downwards: then it stays at its end.
    const chain = 'external User\nboundary Vpc { process Web  process Mid  store Db }\nflow In: User -> Web\nflow A: Web -> Mid\nflow B: Mid -> Db';
    expect(flowsAgainstOrder(await graphOf(chain), { foldTrailingSinks: true })).toEqual(new Set(['B']));
    expect(flowsAgainstOrder(await graphOf(`${chain}\nexternal Archive\nflow Out: Db -> Archive`), { foldTrailingSinks: true })).toEqual(new Set(['Out']));
  });

  it('folds a sink to the top when the picture is too tall for the panel and the fold makes its text clearly larger', async () => {
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../../bench/models/nested-k8s.tm'), 'utf8');
    const graph = await graphOf(text);
    const plain = readLayout(graph, await new ELK().layout(elkInput(graph, { randomSeed: 1 })));
    const layout = await layoutGraph(graph);
    // Corporate SSO, reached only from the portal five boundaries deep, sat alone below them all.
    expect(plain.nodes.Sso.y).toBeGreaterThan(plain.boundaries.Account.y + plain.boundaries.Account.height);
    expect(layout.reversed).toContain('Login');
    expect(layout.nodes.Sso.y).toBeLessThan(layout.boundaries.Account.y);
    endsAtTheirNodes(layout);
    expect(panelScale(layout)).toBeGreaterThan(1.1 * panelScale(plain));
    // The rest of the picture stays where it was.
    expect(medianMove(plain, layout)).toBeLessThanOrEqual(STEADY_MOVE / 2);
    // A picture that fits the panel keeps its arrows pointing down.
    expect((await layoutGraph(await graphOf('external User\nexternal Sso\nboundary Account { process Web  boundary Vpc { process Api } }\nflow In: User -> Web\nflow Call: Web -> Api\nflow Login: Api -> Sso'))).reversed).toEqual([]);
  });

  it('puts labels on their own lines and turns reversed routes back, so every flow runs from its source to its target', async () => {
    const graph = await graphOf(TWO_WAY);
    expect(elkInput(graph).edges![0].labels![0].layoutOptions).toEqual({ 'elk.edgeLabels.inline': 'true' });
    const layout = await layoutGraph(graph);
    expect(layout.direction).toBe('down');
    expect(layout.reversed).toEqual(['Answer', 'Check', 'Rows']);
    endsAtTheirNodes(layout);
  });

  it('lays out left to right on request, and auto keeps the direction whose text is larger in the panel', async () => {
    const graph = await graphOf(TWO_WAY);
    const right = await layoutGraph(graph, { direction: 'right' });
    expect(right.direction).toBe('right');
    endsAtTheirNodes(right);
    const down = await layoutGraph(graph);
    const auto = await layoutGraph(graph, { direction: 'auto' });
    expect(panelScale(auto)).toBe(Math.max(panelScale(down), panelScale(right)));
  });

  it('lays a small graph out from several random starts and keeps the one with fewest crossings, and an edit keeps its start', async () => {
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../../bench/models/td-iot-device.tm'), 'utf8');
    const graph = await graphOf(text);
    const runs: ElkNode[] = [];
    const elk = new ELK();
    const layout = await layOut(graph, {}, input => {
      runs.push(input);
      return elk.layout(input);
    });
    expect(runs.map(input => input.layoutOptions!['elk.randomSeed'])).toEqual(['1', '2', '3']);
    const firstStart = readLayout(graph, await elk.layout(elkInput(graph, { randomSeed: 1 })));
    // elk's first start crosses a flow that another start does not.
    expect(measureReadability(firstStart).crossings).toBeGreaterThan(0);
    expect(measureReadability(layout).crossings).toBe(0);
    expect(layout.randomSeed).toBe(2);
    const seeds: string[] = [];
    // An element added: elk lays the graph out again (a flow alone is drawn into the picture).
    await layOut(await graphOf(`${text}\nprocess Added\nflow Added: Feeds -> Added`), { previous: layout }, input => {
      seeds.push(input.layoutOptions!['elk.randomSeed']);
      return elk.layout(input);
    });
    expect(new Set(seeds)).toEqual(new Set(['2']));
  });

  it('leaves the label blocks out when asked', async () => {
    const layout = await layoutGraph(await graphOf(TWO_WAY), { labels: false });
    for (const route of Object.values(layout.edges)) expect(route.label.width).toBe(0);
  });
});

describe('after an edit', () => {
  it('keeps the orientation of the flows that were there, and nodes near where they were', async () => {
    const before = await layoutGraph(await graphOf(TWO_WAY));
    const edited = await graphOf(`${TWO_WAY}flow Audit: Db -> User`);
    const after = await layoutGraph(edited, { previous: before });
    expect(after.reversed).toEqual(expect.arrayContaining(['Answer', 'Check', 'Rows']));
    endsAtTheirNodes(after);
    expect(medianMove(before, after)).toBeLessThanOrEqual(medianMove(before, await layoutGraph(edited)));
  });

  it('keeps a long pipeline in place when a flow from its end back to its start is added', async () => {
    const pipeline = fs.readFileSync(path.resolve(import.meta.dirname, '../../bench/models/ml-pipeline.tm'), 'utf8');
    const before = await layoutGraph(await graphOf(pipeline));
    const edited = await graphOf(`${pipeline}\nflow Back: Decisions -> Sources\n`);
    const after = await layoutGraph(edited, { previous: before });
    endsAtTheirNodes(after);
    // As written, the new flow closes a cycle through every boundary, which elk breaks by moving the pipeline down.
    expect(medianMove(before, await layoutGraph(edited))).toBeGreaterThan(STEADY_MOVE);
    expect(medianMove(before, after)).toBeLessThanOrEqual(STEADY_MOVE / 2);
    expect(after.reversed).toContain('Back');
  });
});

describe('a flow added after an edit, drawn into the picture', () => {
  /** Office sits in Dev beside Web: a flow between them would put one a layer lower, and everything below it. */
  const SIDE_BY_SIDE = `
external Ext
external Web
boundary Dev { process Build  external Office }
boundary App { process Lb  process Api  store Db }
flow A: Ext -> Build
flow B: Build -> Lb
flow C: Web -> Lb
flow D: Lb -> Api
flow E: Api -> Db
flow F: Office -> Api
`;
  /** A picture whose flows leave room for one more from its bottom to its top. */
  const NESTED = `
boundary Machine {
  external Dev
  process Cli
  store Out
  boundary Host { process Ext  process Srv }
  boundary Sandbox { process Prev }
}
flow F1: Dev -> Cli
flow F2: Cli -> Out
flow F3: Dev -> Ext
flow F4: Ext -> Srv
flow F5: Srv -> Ext
flow F6: Ext -> Prev
flow F7: Prev -> Ext
`;
  const faults = (figures: ReturnType<typeof measureReadability>): number => figures.detours + figures.loops + figures.ambiguousLabels
    + figures.labelOverlaps + figures.labelNodeOverlaps + figures.flowsThroughNodes + figures.overlappingFlows;
  const orthogonal = (layout: DiagramLayout, id: string): boolean => layout.edges[id].points.every((point, i, points) => i === 0 || point.x === points[i - 1].x || point.y === points[i - 1].y);

  it('leaves every node where it was when the flow joins two shapes of one layer, and the picture gains no fault', async () => {
    const before = await layoutGraph(await graphOf(SIDE_BY_SIDE));
    const edited = await graphOf(`${SIDE_BY_SIDE}flow Added: Office -> Web "added"`);
    // elk cannot keep both in their layer: laid out afresh (and, before flows were drawn in, seeded too) they move over 100 px.
    expect(medianMove(before, await layoutGraph(edited))).toBeGreaterThan(STEADY_MOVE);
    const after = await layoutGraph(edited, { previous: before });
    expect(after.drawnIn).toEqual(['Added']);
    expect(after.nodes).toEqual(before.nodes);
    expect(after.boundaries).toEqual(before.boundaries);
    endsAtTheirNodes(after);
    expect(orthogonal(after, 'Added')).toBe(true);
    expect(faults(measureReadability(after))).toBe(faults(measureReadability(before)));
    // Without label blocks, the same: no room to find for one.
    const bare = await layoutGraph(await graphOf(SIDE_BY_SIDE), { labels: false });
    const bareAfter = await layoutGraph(edited, { previous: bare, labels: false });
    expect(bareAfter.drawnIn).toEqual(['Added']);
    expect(bareAfter.nodes).toEqual(bare.nodes);
    expect(bareAfter.edges.Added.label.width).toBe(0);
  });

  it('does not run elk when only flows were added and the new one crosses nothing', async () => {
    const before = await layoutGraph(await graphOf(NESTED));
    const elk = new ELK();
    let runs = 0;
    const after = await layOut(await graphOf(`${NESTED}flow Added: Prev -> Dev "added"`), { previous: before }, input => {
      runs++;
      return elk.layout(input);
    });
    expect(runs).toBe(0);
    expect(after.drawnIn).toEqual(['Added']);
    expect(medianMove(before, after)).toBe(0);
    expect(measureReadability(after).crossings).toBe(measureReadability(before).crossings);
    endsAtTheirNodes(after);
  });

  it('keeps a flow drawn in on its route at the next edit, and does not give it to elk when elk lays out a changed graph', async () => {
    const before = await layoutGraph(await graphOf(NESTED));
    const added = `${NESTED}flow Added: Prev -> Dev "added"\n`;
    const once = await layoutGraph(await graphOf(added), { previous: before });
    const twice = await layoutGraph(await graphOf(`${added}flow Second: Out -> Srv "second"`), { previous: once });
    expect(twice.drawnIn).toContain('Added');
    expect(twice.edges.Added).toEqual(once.edges.Added);
    // A new element: elk lays out the rest, seeded with the picture, and never saw the flow drawn in.
    const elk = new ELK();
    const given: ElkNode[] = [];
    const grown = await layOut(await graphOf(`${added}process Audit\nflow Log: Srv -> Audit`), { previous: once }, input => {
      given.push(input);
      return elk.layout(input);
    });
    expect(given.length).toBeGreaterThan(0);
    expect(given[0].edges!.map(edge => edge.id)).not.toContain('e:Added');
    expect(medianMove(once, grown)).toBeLessThanOrEqual(STEADY_MOVE);
    endsAtTheirNodes(grown);
  });

  it('is left to elk when no route reaches its target without a detour', async () => {
    // Payments sits below a row of services as wide as the picture: around it is a detour.
    const hub = fs.readFileSync(path.resolve(import.meta.dirname, '../../bench/models/hub-gateway.tm'), 'utf8');
    const before = await layoutGraph(await graphOf(hub));
    const after = await layoutGraph(await graphOf(`${hub}\nflow Added: Payments -> Web`), { previous: before });
    expect(after.drawnIn).toBeUndefined();
    endsAtTheirNodes(after);
  });
});

describe('graphs too large for elk', () => {
  /** One external with `count` flows to as many processes: issue #23's fan-out. */
  const fanOut = (count: number): DiagramGraph => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const located = { range, selectionRange: range };
    const nodes = [{ id: 'E', kind: 'external' as const, label: 'E', zone: [], threats: { count: 0 }, uncovered: [], ...located }];
    const edges = [];
    for (let i = 0; i < count; i++) {
      nodes.push({ id: `P${i}`, kind: 'external', label: `P${i}`, zone: [], threats: { count: 0 }, uncovered: [], ...located });
      edges.push({ id: `F${i}`, source: 'E', target: `P${i}`, label: `F${i}`, crossing: false, threats: { count: 0 }, uncovered: [], ...located });
    }
    return { nodes, boundaries: [], edges, threats: [], riskMatrix: [], attacks: [] };
  };

  it('get the quick layout, every node placed and every flow drawn between its ends, however many', { timeout: 60_000 }, async () => {
    expect(exceedsLayoutCap(fanOut(LAYOUT_CAP.flowsAtOneElement))).toBe(false);
    expect(exceedsLayoutCap(fanOut(LAYOUT_CAP.flowsAtOneElement + 1))).toBe(true);
    const graph = fanOut(5_000);
    const layout = await layoutGraph(graph);
    expect(layout.cheap).toBe(true);
    expect(Object.keys(layout.nodes)).toHaveLength(5_001);
    expect(Object.keys(layout.edges)).toHaveLength(5_000);
    endsAtTheirNodes(layout);
  });

  it('keep nested boundaries around their members, without recursion however deep', { timeout: 60_000 }, async () => {
    const text = `${'boundary B { '.repeat(60)}process Inner${' }'.repeat(60)}\n${Array.from({ length: LAYOUT_CAP.shapes }, (_, i) => `process P${i}`).join('\n')}\nflow F: P0 -> Inner`;
    const graph = await graphOf(text);
    const layout = await layoutGraph(graph);
    expect(layout.cheap).toBe(true);
    const innermost = graph.nodes.find(node => node.id === 'Inner')!.zone.at(-1)!;
    expect(inside(layout.nodes.Inner, layout.boundaries[innermost])).toBe(true);
    for (const boundary of graph.boundaries) {
      if (boundary.parent) expect(inside(layout.boundaries[boundary.id], layout.boundaries[boundary.parent])).toBe(true);
    }
    endsAtTheirNodes(layout);
  });
});
