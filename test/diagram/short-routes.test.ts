// Flows elk draws the long way round, given a short route (short-routes.ts): on a picture made
// by hand, and where elk draws every flipped flow of a small graph with a loop or a detour.
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { measureReadability } from '../../server/diagram/readability.js';
import { elkInput, readLayout } from '../../server/diagram/elk-graph.js';
import { shortenRoundabouts } from '../../server/diagram/short-routes.js';
import type { Readability } from '../../server/diagram/readability.js';
import type { Box, DiagramLayout, Point } from '../../server/diagram/index.js';
import { graphOf } from './diagram-helpers.js';

const faults = (figures: Readability): number => figures.detours + figures.loops + figures.ambiguousLabels + figures.labelOverlaps + figures.labelNodeOverlaps + figures.flowsThroughNodes + figures.overlappingFlows;
const rank = (figures: Readability): number[] => [faults(figures), figures.crossings];

const onOutline = (point: Point, box: Box): boolean =>
  point.x >= box.x - 0.5 && point.x <= box.x + box.width + 0.5 && point.y >= box.y - 0.5 && point.y <= box.y + box.height + 0.5
  && (Math.abs(point.x - box.x) < 0.5 || Math.abs(point.x - box.x - box.width) < 0.5 || Math.abs(point.y - box.y) < 0.5 || Math.abs(point.y - box.y - box.height) < 0.5);

describe('short routes for flows drawn the long way round', () => {
  it('replaces a loop around the picture with a route between facing sides, its label on it', async () => {
    const graph = await graphOf('process A\nprocess B\nflow Back: B -> A "back"\n');
    const a = { x: 16, y: 16, width: 120, height: 40 };
    const b = { x: 16, y: 120, width: 120, height: 40 };
    // Out of B's bottom, round the right, over the top and into A's top: a full turn.
    const loop = [{ x: 76, y: 160 }, { x: 76, y: 190 }, { x: 260, y: 190 }, { x: 260, y: 4 }, { x: 76, y: 4 }, { x: 76, y: 16 }];
    const layout: DiagramLayout = {
      graph, width: 300, height: 220, direction: 'down', nodes: { A: a, B: b }, boundaries: {},
      edges: { Back: { points: loop, label: { x: 220, y: 80, width: 80, height: 20 } } },
    };
    expect(measureReadability(layout).loops).toBe(1);
    const { layout: shortened, figures, rerouted } = shortenRoundabouts(layout, rank);
    expect(rerouted).toEqual(['Back']);
    expect(faults(figures)).toBe(0);
    const { points, label } = shortened.edges.Back;
    expect(onOutline(points[0], b)).toBe(true);
    expect(onOutline(points.at(-1)!, a)).toBe(true);
    expect(points.length).toBeLessThanOrEqual(4);
    // Every stretch runs straight across or down, and the label's centre is on one of them.
    const centre = { x: label.x + label.width / 2, y: label.y + label.height / 2 };
    const stretches = points.slice(1).map((end, index) => [points[index], end]);
    for (const [from, to] of stretches) expect(from.x === to.x || from.y === to.y).toBe(true);
    expect(stretches.some(([from, to]) => Math.min(from.x, to.x) <= centre.x && centre.x <= Math.max(from.x, to.x) && Math.min(from.y, to.y) <= centre.y && centre.y <= Math.max(from.y, to.y))).toBe(true);
  });

  it('leaves a picture without detours or loops as it is', async () => {
    const graph = await graphOf('process A\nprocess B\nflow Down: A -> B\n');
    const layout = readLayout(graph, await new ELK().layout(elkInput(graph)));
    const result = shortenRoundabouts(layout, rank);
    expect(result.layout).toBe(layout);
    expect(result.rerouted).toEqual([]);
  });

  it('makes a flipped flow that elk draws the long way round readable', async () => {
    // Each tier talks to both members of the other: every flip alone leaves elk's route with a loop or a detour.
    const graph = await graphOf('boundary App { process Web  process Worker }\nboundary Data { store Queue  store Db }\nflow Put: Web -> Queue\nflow Take: Queue -> Worker\nflow WorkerQuery: Worker -> Db\nflow Query: Web -> Db\n');
    const elk = new ELK();
    for (const edge of graph.edges) {
      const drawn = readLayout(graph, await elk.layout(elkInput(graph, { flipped: new Set([edge.id]) })));
      const before = measureReadability(drawn);
      expect(before.crossings).toBe(0);
      expect(before.detours + before.loops).toBeGreaterThan(0);
      const { figures } = shortenRoundabouts(drawn, rank);
      expect(faults(figures), `${edge.id} flipped`).toBe(0);
      expect(figures.crossings).toBe(0);
    }
  });
});
