// The preview's answer to an edit: the previous layout reused when elk's input is the same, a
// provisional picture at once when it is not, elk only for the newest graph.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { medianMove, STEADY_MOVE } from '../../server/diagram/arrange.js';
import { layoutKey, reuseLayout } from '../../server/diagram/elk-graph.js';
import { layoutGraph } from '../../server/diagram/index.js';
import { collapseBoundaries } from '../../server/diagram/collapse.js';
import { provisionalLayout } from '../../server/diagram/provisional-layout.js';
import { quickLayout } from '../../server/diagram/quick-layout.js';
import type { DiagramGraph, DiagramLayout } from '../../server/diagram/types.js';
import type { Picture } from '../../client/webview/live-layout.js';
import { LiveLayout } from '../../client/webview/live-layout.js';
import { syntheticModel, toTmText } from '../../bench/synthetic-model.js';
import { expectReadable, graphOf } from './diagram-helpers.js';
import { EXAMPLES_DIR } from '../examples.js';

const MODEL = `
external Customer "Customer browser"
boundary Shop "Shop backend" {
  process Api "API server"
  boundary Data { store Orders "Orders DB" { kind database } }
}
flow Checkout: Customer -> Api "checkout request" { protocol HTTPS }
flow Save: Api -> Orders { protocol SQL }
threat T1 "Reads another invoice" { on Api, Checkout  stride I  likelihood 3  impact 3 }
`;
/** Another threat on what T1 is on, with a letter T1 covers: no size, node or flow changes. */
const ANOTHER_THREAT = `${MODEL}threat T2 "Leaks an invoice" { on Api, Checkout  stride I  likelihood 1  impact 1 }\n`;

/** elk in process, counting its runs and what each started from; while held, a run waits until the hold is released. */
function countingEngine() {
  const engine = {
    runs: [] as DiagramGraph[],
    seeds: [] as Array<DiagramLayout | undefined>,
    gate: undefined as Promise<void> | undefined,
    async layout(graph: DiagramGraph, previous: DiagramLayout | undefined): Promise<DiagramLayout> {
      engine.runs.push(graph);
      engine.seeds.push(previous);
      await engine.gate;
      return layoutGraph(graph, { previous });
    },
    /** Holds every run from now on; the returned function lets them finish. */
    hold(): () => void {
      let release!: () => void;
      engine.gate = new Promise(resolve => { release = resolve; });
      return release;
    },
  };
  return engine;
}

function liveLayout() {
  const engine = countingEngine();
  const shown: Picture[] = [];
  const failures: unknown[] = [];
  const live = new LiveLayout({ layout: (graph, previous) => engine.layout(graph, previous), show: picture => shown.push(picture), fail: error => failures.push(error) });
  return { live, engine, shown, failures };
}

/** A live layout that has drawn elk's picture of MODEL (after its quick first picture), with what it showed forgotten. */
async function liveLayoutOfModel() {
  const live = liveLayout();
  live.live.update('file:///shop.tm', await graphOf(MODEL));
  await expect.poll(() => live.shown.length).toBe(2);
  expect(live.shown.map(picture => picture.provisional)).toEqual([true, false]);
  live.shown.splice(0, 1);
  return live;
}

describe('layoutKey and reuseLayout', () => {
  it('reuses every position for a graph elk would see the same, with the new graph', async () => {
    const before = await layoutGraph(await graphOf(MODEL));
    const after = await graphOf(ANOTHER_THREAT);
    expect(after.nodes.find(node => node.id === 'Api')!.threats.count).toBe(2);
    const reused = reuseLayout(before, after)!;
    expect(reused.graph).toBe(after);
    expect({ ...reused, graph: undefined }).toEqual({ ...before, graph: undefined });
    expect(reused).toEqual(await layoutGraph(after));
  });

  it('lays out again when a node, a flow, a nesting or a size changes', async () => {
    const key = layoutKey(await graphOf(MODEL));
    const edits = [
      MODEL.replace('process Api "API server"', 'process Api "API server behind the public load balancer"'), // a wider node
      `${MODEL}process Worker`, // a node
      `${MODEL}flow Back: Api -> Customer`, // a flow
      MODEL.replace('boundary Data { store Orders "Orders DB" { kind database } }', '}\nboundary Data { store Orders "Orders DB" { kind database } '), // nesting
      `${MODEL}threat T2 "Replays" { on Save  stride T }`, // the first threat on a flow: room for its marker
      MODEL.replace('external Customer "Customer browser"', 'external Customer "Customer browser" { exempt S, R "the payment provider authenticates and keeps receipts" }'), // no uncovered letter left: a lower node
    ];
    for (const [index, edit] of edits.entries()) expect(layoutKey(await graphOf(edit)), `edit ${index}`).not.toBe(key);
    expect(reuseLayout(undefined, await graphOf(MODEL))).toBeUndefined();
  });
});

describe('provisionalLayout', () => {
  it('keeps what still exists where it was and places the new clear of everything, inside its boundaries', async () => {
    const before = await layoutGraph(await graphOf(MODEL));
    const graph = await graphOf(MODEL
      .replace('store Orders "Orders DB" { kind database }', 'store Orders "Orders DB" { kind database }\n    store Audit { kind log }')
      .concat('process Worker "Payments worker"\nflow Job: Api -> Worker\nflow Log: Api -> Audit\n'));
    const layout = provisionalLayout(graph, before);
    for (const id of ['Customer', 'Api', 'Orders']) expect([layout.nodes[id].x, layout.nodes[id].y], id).toEqual([before.nodes[id].x, before.nodes[id].y]);
    // A flow whose ends stayed put keeps its route.
    expect(layout.edges.Checkout.points).toEqual(before.edges.Checkout.points);
    expectReadable(layout);
    expect(layout.nodes.Audit.y).toBeGreaterThan(before.nodes.Orders.y);
    expect(layout.width).toBeGreaterThanOrEqual(Math.max(...Object.values(layout.nodes).map(box => box.x + box.width)));
    expect(layout.height).toBeGreaterThanOrEqual(Math.max(...Object.values(layout.nodes).map(box => box.y + box.height)));
  });

  it('stays readable on the 200-element benchmark model with an element, a flow and a boundary added', async () => {
    const text = toTmText(syntheticModel(200));
    const before = await layoutGraph(await graphOf(text));
    const graph = await graphOf(`${text}boundary Extra { process NewOne }\nprocess NewTwo\nflow NewFlow: NewOne -> P3\n`);
    expectReadable(provisionalLayout(graph, before));
  }, 60_000);

  it('drops what was deleted', async () => {
    const before = await layoutGraph(await graphOf(`${MODEL}process Worker\nflow Job: Api -> Worker`));
    const layout = provisionalLayout(await graphOf(MODEL), before);
    expect(layout.nodes.Worker).toBeUndefined();
    expect(layout.edges.Job).toBeUndefined();
  });
});

describe('LiveLayout', () => {
  it('runs elk for the first graph, and not for an edit elk would not see', async () => {
    const { live, engine, shown } = await liveLayoutOfModel();
    expect(shown[0].provisional).toBe(false);
    const edited = await graphOf(ANOTHER_THREAT);
    live.update('file:///shop.tm', edited);
    // Drawn at once, exact, with elk's positions of the first graph.
    expect(shown).toHaveLength(2);
    expect(shown[1]).toMatchObject({ provisional: false, layout: { graph: edited, nodes: shown[0].layout.nodes, edges: shown[0].layout.edges } });
    expect(engine.runs).toHaveLength(1);
  });

  it('draws a structural edit at once as provisional, then elk\'s layout of the newest graph only', async () => {
    const { live, engine, shown } = await liveLayoutOfModel();
    const release = engine.hold();
    const first = await graphOf(`${MODEL}process Worker`);
    const second = await graphOf(`${MODEL}process Worker\nflow Job: Api -> Worker`);
    const third = await graphOf(`${MODEL}process Worker\nflow Job: Api -> Worker\nstore Log`);
    live.update('file:///shop.tm', first);
    live.update('file:///shop.tm', second);
    live.update('file:///shop.tm', third);
    expect(shown.slice(1).map(picture => [picture.provisional, picture.layout.graph])).toEqual([[true, first], [true, second], [true, third]]);
    expect(shown[3].layout.nodes.Log).toBeDefined();
    release();
    await expect.poll(() => shown.length).toBe(5);
    // elk started from its layout on screen, not from the provisional pictures in between.
    expect(shown[4]).toEqual({ provisional: false, layout: await layoutGraph(third, { previous: shown[0].layout }) });
    // elk ran for the first graph, then once for the newest of those that arrived while it ran.
    expect(engine.runs).toEqual([expect.anything(), first, third]);
    expect(engine.seeds).toEqual([undefined, shown[0].layout, shown[0].layout]);
  });

  it('keeps the nodes where they were when a one-line edit adds a flow, where a fresh layout would move them', async () => {
    const text = fs.readFileSync(path.join(EXAMPLES_DIR, 'iot-fleet.tm'), 'utf8');
    const { live, shown } = liveLayout();
    live.update('file:///iot-fleet.tm', await graphOf(text));
    await expect.poll(() => shown.at(-1)!.provisional).toBe(false);
    const before = shown.at(-1)!.layout;
    const edited = await graphOf(`${text}\nflow Added: Rollouts -> Sensor\n`);
    live.update('file:///iot-fleet.tm', edited);
    await expect.poll(() => shown.at(-1)!.provisional).toBe(false);
    const after = shown.at(-1)!.layout;
    expect(after.graph).toBe(edited);
    // Laid out afresh, the same edit moves the median node more than the preview allows.
    expect(medianMove(before, await layoutGraph(edited))).toBeGreaterThan(STEADY_MOVE);
    expect(medianMove(before, after)).toBeLessThanOrEqual(STEADY_MOVE / 4);
    expectReadable(after);
  });

  it('shows elk\'s layout with the newest graph when only threats changed while elk ran', async () => {
    const { live, engine, shown } = await liveLayoutOfModel();
    const release = engine.hold();
    live.update('file:///shop.tm', await graphOf(`${MODEL}process Worker`));
    const threatAdded = await graphOf(`${MODEL}process Worker\nthreat T9 "Spoofed" { on Api  stride I }`);
    live.update('file:///shop.tm', threatAdded);
    release();
    await expect.poll(() => shown.at(-1)!.provisional).toBe(false);
    expect(shown.at(-1)!.layout.graph).toBe(threatAdded);
    expect(engine.runs).toHaveLength(2);
  });

  it('never builds a picture of one model from another\'s: a new model\'s first picture is the quick layout of its own graph', async () => {
    const { live, shown } = await liveLayoutOfModel();
    const other = await graphOf('process Api\nprocess Worker\nflow F: Api -> Worker');
    live.update('file:///other.tm', other);
    expect(shown[1]).toEqual({ provisional: true, layout: quickLayout(other) });
    await expect.poll(() => shown.length).toBe(3);
    expect(shown[2].provisional).toBe(false);
  });

  it('keeps elk\'s recent layouts, so going back to a view seen before is exact at once', async () => {
    const { live, engine, shown } = await liveLayoutOfModel();
    const graph = await graphOf(MODEL);
    live.update('file:///shop.tm', collapseBoundaries(graph, ['Shop']).graph);
    await expect.poll(() => shown.at(-1)!.provisional).toBe(false);
    live.update('file:///shop.tm', graph);
    expect(shown.at(-1)).toEqual({ provisional: false, layout: { ...shown[0].layout, graph } });
    expect(engine.runs).toHaveLength(2);
  });

  it('reports a failed layout', async () => {
    const failures: unknown[] = [];
    const live = new LiveLayout({ layout: () => Promise.reject(new Error('elk broke')), show: () => undefined, fail: error => failures.push(error) });
    live.update('file:///shop.tm', await graphOf(MODEL));
    await expect.poll(() => failures).toEqual([new Error('elk broke')]);
  });
});
