// A boundary whose top edge has no stretch free for its label row is widened into empty room
// (label-room.ts), so the label clears every flow; where there is no room, it stays as elk drew it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundaryLabelBoxes } from '../../server/diagram/boundary-labels.js';
import { layoutGraph } from '../../server/diagram/index.js';
import type { Box, DiagramLayout } from '../../server/diagram/index.js';
import { widenForLabels } from '../../server/diagram/label-room.js';
import { measureReadability } from '../../server/diagram/readability.js';
import { graphOf } from './diagram-helpers.js';

/**
 * "Payment backend" (a 108 px label) 130 px wide at x = 200, inside "Cloud" (130–400), entered
 * from above 60 px from its left: the label fits neither side of the flow. `extra` adds nodes.
 */
async function crowded(extra: Record<string, Box> = {}, cloud: Box = { x: 130, y: 60, width: 270, height: 260 }): Promise<DiagramLayout> {
  const graph = await graphOf([
    'external User',
    'boundary Cloud "Cloud" { boundary Backend "Payment backend" { process Api } process Left process Right }',
    'flow Call: User -> Api "call"',
  ].join('\n'));
  return {
    graph,
    width: 420,
    height: 340,
    direction: 'down',
    reversed: [],
    nodes: { User: { x: 210, y: 0, width: 100, height: 40 }, Api: { x: 210, y: 140, width: 100, height: 40 }, Left: { x: 500, y: 400, width: 10, height: 10 }, Right: { x: 520, y: 400, width: 10, height: 10 }, ...extra },
    boundaries: { Cloud: cloud, Backend: { x: 200, y: 100, width: 130, height: 100 } },
    edges: { Call: { points: [{ x: 260, y: 40 }, { x: 260, y: 140 }], label: { x: 264, y: 50, width: 40, height: 24 } } },
  };
}

describe('room for boundary labels', () => {
  it('widens a boundary to the left, where that needs less, until its label fits before the flow in', async () => {
    const layout = await crowded();
    expect(measureReadability(layout).boundaryLabelOverlaps).toBe(1);
    widenForLabels(layout);
    const box = layout.boundaries.Backend;
    // The label's 108 px and its clearance, the inset, before the flow at 260.
    expect(box.x).toBe(260 - 3 - 108 - 10);
    expect(box.x + box.width).toBe(330);
    expect(boundaryLabelBoxes(layout).get('Backend')!.x).toBe(box.x + 10);
    expect(measureReadability(layout).boundaryLabelOverlaps).toBe(0);
    // Only the outline moved.
    expect(layout.nodes.Api).toEqual({ x: 210, y: 140, width: 100, height: 40 });
  });

  it('widens to the right, and the enclosing boundary and the picture with it, when something sits to the left', async () => {
    const layout = await crowded({ Left: { x: 150, y: 120, width: 40, height: 40 } });
    widenForLabels(layout);
    const box = layout.boundaries.Backend;
    expect(box.x).toBe(200);
    // After the flow, the label, the collapse button.
    expect(box.x + box.width).toBe(263 + 108 + 24);
    expect(layout.boundaries.Cloud.x + layout.boundaries.Cloud.width).toBe(box.x + box.width + 16);
    expect(layout.width).toBeGreaterThanOrEqual(layout.boundaries.Cloud.x + layout.boundaries.Cloud.width + 16);
    expect(measureReadability(layout).boundaryLabelOverlaps).toBe(0);
  });

  it('widens the enclosing boundary to the left too, while it stays inside the picture', async () => {
    const layout = await crowded({}, { x: 180, y: 60, width: 160, height: 260 });
    widenForLabels(layout);
    expect(layout.boundaries.Backend.x).toBe(139);
    expect(layout.boundaries.Cloud.x).toBe(139 - 16);
    expect(measureReadability(layout).boundaryLabelOverlaps).toBe(0);
  });

  it('leaves the boundary as it is when neither side has room', async () => {
    const layout = await crowded({ Left: { x: 150, y: 120, width: 40, height: 40 }, Right: { x: 340, y: 120, width: 40, height: 40 } });
    const before = structuredClone(layout.boundaries);
    widenForLabels(layout);
    expect(layout.boundaries).toEqual(before);
    expect(measureReadability(layout).boundaryLabelOverlaps).toBe(1);
  });

  it('clears every boundary label of the hospital model, whose portal is entered at three places (3 over flows before)', async () => {
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../../bench/models/hospital-hl7.tm'), 'utf8');
    const layout = await layoutGraph(await graphOf(text));
    expect(measureReadability(layout).boundaryLabelOverlaps).toBe(0);
  });
});

describe('an empty boundary', () => {
  it('is as wide as its label row, not as its minimum height (elk takes an empty one\'s minimum untransposed)', async () => {
    const layout = await layoutGraph(await graphOf('external User\nboundary Spare "Reserved for later services" { }\nprocess Api\nflow Call: User -> Api "call"'));
    const box = layout.boundaries.Spare;
    expect(box.width).toBeGreaterThanOrEqual(boundaryLabelBoxes(layout).get('Spare')!.width + 20);
    expect(box.height).toBeLessThan(box.width);
    expect(measureReadability(layout).boundaryLabelOverlaps).toBe(0);
  });
});
