// Fewer crossings by handing elk a crossing flow the other way round (crossing-flips.ts): shapes
// where every elk start crosses two flows, laid out without the crossing, every arrow still
// from its source to its target, and no extra elk run where nothing crosses.
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { layoutGraph } from '../../server/diagram/index.js';
import { layOut } from '../../server/diagram/arrange.js';
import { FLIP_TRIES } from '../../server/diagram/crossing-flips.js';
import { measureReadability } from '../../server/diagram/readability.js';
import { elkInput, readLayout } from '../../server/diagram/elk-graph.js';
import { flowsAgainstOrder } from '../../server/diagram/orientation.js';
import type { DiagramGraph, DiagramLayout } from '../../server/diagram/index.js';
import { graphOf } from './diagram-helpers.js';

/** Two pairs of nodes, each node of one pair joined to both of the other: in two layers, one crossing whatever the order. */
const SHAPES: Record<string, string> = {
  'two pairs': 'process A\nprocess B\nprocess C\nprocess D\nflow AC: A -> C\nflow AD: A -> D\nflow BC: B -> C\nflow BD: B -> D\n',
  'two pairs across boundaries': 'external Dev\nboundary Repo { store Files }\nprocess Cli\nboundary Host { process Ext }\nflow Edit: Dev -> Ext\nflow Run: Dev -> Cli\nflow Read: Files -> Ext\nflow CliRead: Files -> Cli\n',
  // Elk routes each flipped flow here the long way round; short-routes.ts gives it a short one.
  'a queue and a database both tiers talk to': 'boundary App { process Web  process Worker }\nboundary Data { store Queue  store Db }\nflow Put: Web -> Queue\nflow Take: Queue -> Worker\nflow WorkerQuery: Worker -> Db\nflow WorkerRows: Db -> Worker\nflow Query: Web -> Db\nflow Rows: Db -> Web\n',
  'two pairs and a cycle through a boundary': 'external Dev\nboundary Repo { store Files }\nprocess Cli\nboundary Host { process Ext  process Srv }\nflow Edit: Dev -> Ext\nflow Run: Dev -> Cli\nflow Read: Files -> Srv\nflow CliRead: Files -> Cli\nflow Call: Ext -> Srv\nflow Answer: Srv -> Ext\nflow Fix: Ext -> Files\n',
};

const faults = (layout: DiagramLayout): number => {
  const figures = measureReadability(layout);
  return figures.detours + figures.loops + figures.ambiguousLabels + figures.labelOverlaps + figures.labelNodeOverlaps + figures.flowsThroughNodes + figures.overlappingFlows;
};

function near(point: { x: number; y: number }, box: { x: number; y: number; width: number; height: number }): boolean {
  return point.x >= box.x - 2 && point.x <= box.x + box.width + 2 && point.y >= box.y - 2 && point.y <= box.y + box.height + 2;
}

async function elkStarts(graph: DiagramGraph): Promise<DiagramLayout[]> {
  const elk = new ELK();
  return Promise.all([1, 2, 3].map(async randomSeed => readLayout(graph, await elk.layout(elkInput(graph, { randomSeed })))));
}

describe('flipping crossing flows', () => {
  for (const [shape, text] of Object.entries(SHAPES)) {
    it(`removes the crossing every elk start draws: ${shape}`, async () => {
      const graph = await graphOf(text);
      for (const start of await elkStarts(graph)) expect(measureReadability(start).crossings).toBeGreaterThan(0);
      const layout = await layoutGraph(graph);
      expect(measureReadability(layout).crossings).toBe(0);
      expect(faults(layout)).toBe(0);
      // A flipped flow is turned back like any reversed one: it still runs from its source to its target.
      for (const edge of graph.edges) {
        const points = layout.edges[edge.id].points;
        expect(near(points[0], layout.nodes[edge.source]), `${edge.id} starts at ${edge.source}`).toBe(true);
        expect(near(points.at(-1)!, layout.nodes[edge.target]), `${edge.id} ends at ${edge.target}`).toBe(true);
      }
    });
  }

  it('removes it left to right too', async () => {
    for (const shape of ['two pairs', 'two pairs across boundaries']) {
      const graph = await graphOf(SHAPES[shape]);
      const elk = new ELK();
      const start = readLayout(graph, await elk.layout(elkInput(graph, { direction: 'right' })), 'right');
      expect(measureReadability(start).crossings, shape).toBeGreaterThan(0);
      const layout = await layoutGraph(graph, { direction: 'right' });
      expect(measureReadability(layout).crossings, shape).toBe(0);
      expect(faults(layout), shape).toBe(0);
    }
  });

  it('keeps the flipped flows the way elk was given them after an edit', async () => {
    const text = SHAPES['two pairs across boundaries'];
    const graph = await graphOf(text);
    // orientation.ts hands elk no flow reversed here: every reversed one was flipped.
    expect(flowsAgainstOrder(graph)).toEqual(new Set());
    const before = await layoutGraph(graph);
    const flippedBefore = before.reversed ?? [];
    expect(flippedBefore.length).toBeGreaterThan(0);
    const after = await layoutGraph(await graphOf(`${text}flow Note: Cli -> Files\n`), { previous: before });
    expect(after.reversed).toEqual(expect.arrayContaining(flippedBefore));
  });

  it('tries at most FLIP_TRIES more elk runs, and none where no flow crosses', async () => {
    const elk = new ELK();
    const runsFor = async (graph: DiagramGraph): Promise<number> => {
      const runs: ElkNode[] = [];
      await layOut(graph, {}, input => {
        runs.push(input);
        return elk.layout(input);
      });
      return runs.length;
    };
    const crossed = await runsFor(await graphOf(SHAPES['two pairs']));
    expect(crossed).toBeGreaterThan(3);
    expect(crossed).toBeLessThanOrEqual(3 + FLIP_TRIES);
    expect(await runsFor(await graphOf('process A\nprocess B\nprocess C\nflow F: A -> B\nflow G: B -> C\n'))).toBe(3);
  });
});
