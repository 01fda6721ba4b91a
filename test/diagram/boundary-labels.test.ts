// A boundary's label row: placed where no flow crosses the boundary's top edge, drawn there, and
// counted by the readability measure when nothing is free.
import { describe, expect, it } from 'vitest';
import { boundaryLabelBoxes } from '../../server/diagram/boundary-labels.js';
import { layoutGraph, renderSvg } from '../../server/diagram/index.js';
import type { DiagramLayout } from '../../server/diagram/index.js';
import { measureReadability } from '../../server/diagram/readability.js';
import { graphOf } from './diagram-helpers.js';

/** A boundary 300 px wide at (0, 100) holding Api, and a flow from User straight down into it, `x` px from the left. */
async function enteredAt(x: number, width = 300): Promise<DiagramLayout> {
  const graph = await graphOf('external User\nboundary Backend "Payment backend" { process Api }\nflow Call: User -> Api "call"');
  return {
    graph,
    width: 400,
    height: 300,
    direction: 'down',
    reversed: [],
    nodes: { User: { x: x - 50, y: 0, width: 100, height: 40 }, Api: { x: x - 50, y: 140, width: 100, height: 40 } },
    boundaries: { Backend: { x: 0, y: 100, width, height: 100 } },
    edges: { Call: { points: [{ x, y: 40 }, { x, y: 140 }], label: { x: x + 4, y: 60, width: 40, height: 24 } } },
  };
}

describe('boundary labels', () => {
  it('go to the right of a flow that enters the boundary where they would start, and are drawn there', async () => {
    const layout = await enteredAt(40);
    const row = boundaryLabelBoxes(layout).get('Backend')!;
    expect(row.x).toBeGreaterThan(40);
    expect(measureReadability(layout).boundaryLabelOverlaps).toBe(0);
    expect(renderSvg(layout)).toContain(`<text class="tm-boundary-label" x="${row.x}"`);
  });

  it('stay at the left when nothing crosses it', async () => {
    const layout = await enteredAt(250);
    expect(boundaryLabelBoxes(layout).get('Backend')!.x).toBe(10);
    expect(measureReadability(layout).boundaryLabelOverlaps).toBe(0);
  });

  it('count as an overlap when the boundary has no free stretch for them', async () => {
    // 130 px: the label ("Payment backend", 108 px) fits neither side of the flow.
    const layout = await enteredAt(60, 130);
    expect(boundaryLabelBoxes(layout).get('Backend')!.x).toBe(10);
    expect(measureReadability(layout).boundaryLabelOverlaps).toBe(1);
  });

  it('fit in a boundary around one element, clear of the flows into it', async () => {
    const layout = await layoutGraph(await graphOf('process Worker "Payments worker"\nboundary Providers "Third-party providers" { external Api "Payment API" }\nflow Capture: Worker -> Api "capture payment"'));
    const row = boundaryLabelBoxes(layout).get('Providers')!;
    const box = layout.boundaries.Providers;
    const entry = layout.edges.Capture.points.at(-1)!.x;
    expect(row.x > entry || row.x + row.width < entry).toBe(true);
    expect(measureReadability(layout).boundaryLabelOverlaps).toBe(0);
    // As wide as the label row, not more, the boundary had its label over the flow.
    expect(row.x + row.width).toBeLessThanOrEqual(box.x + box.width);
  });

  it('keep clear of members five boundaries deep, each level costing at most 34 px (it was 41)', async () => {
    const graph = await graphOf([
      'external User',
      'boundary A "Cloud account" { boundary B "Production VPC" { boundary C "Private subnet" { boundary D "Cluster" { boundary E "Namespace" { process Api } } } } }',
      'flow Call: User -> Api "call"',
    ].join('\n'));
    const layout = await layoutGraph(graph);
    expect(measureReadability(layout).boundaryLabelOverlaps).toBe(0);
    // 28 px of label row and padding, and the few elk adds where a flow enters.
    for (const [outer, inner] of [['A', 'B'], ['B', 'C'], ['C', 'D'], ['D', 'E']]) expect(layout.boundaries[inner].y - layout.boundaries[outer].y).toBeLessThanOrEqual(34);
    expect(layout.nodes.Api.y - layout.boundaries.E.y).toBeLessThanOrEqual(34);
  });
});
