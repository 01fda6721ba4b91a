// How a graph gets its positions, whatever runs elk (in process for the CLI and the reports,
// a worker in the preview): the quick layout for graphs too large for elk, otherwise elk in the
// asked direction, both directions for 'auto', and after an edit elk seeded with the picture
// on screen so that little moves (docs/diagram.md, Layout).
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { ElkInputOptions, LayoutDirection } from './elk-graph.js';
import { drawFlowsIn } from './drawn-in.js';
import { elkInput, edgeLabelSizeMatches, layoutKey, readLayout } from './elk-graph.js';
import type { Candidate } from './crossing-flips.js';
import { flipCrossingFlows } from './crossing-flips.js';
import { widenForLabels } from './label-room.js';
import { flowsAgainstOrder } from './orientation.js';
import { provisionalLayout } from './provisional-layout.js';
import { quickLayout } from './quick-layout.js';
import { shortenRoundabouts } from './short-routes.js';
import type { Readability } from './readability.js';
import { compareRanks, measureReadability, PANEL, panelScale } from './readability.js';
import type { DiagramGraph, DiagramLayout } from './types.js';

export interface LayoutOptions {
  /** Default 'down'. 'auto' lays out both ways and keeps the one whose text is larger in a 700×900 panel. */
  direction?: LayoutDirection | 'auto';
  /** Room for the flows' label blocks; default true. */
  labels?: boolean;
  /**
   * The layout on screen before an edit: elk starts from its positions (new shapes placed as in
   * the provisional picture) and keeps its direction, so the picture does not jump.
   */
  previous?: DiagramLayout;
}

/** elk itself: its input in, its answer out. */
export type ElkRun = (input: ElkNode) => Promise<ElkNode>;

/**
 * Above this many elements plus flows, or this many flows at one element, elk is not run and
 * the graph gets the quick layout (quick-layout.ts, linear in its size): elk's time grows much faster than the graph (a 500-flow
 * fan-out took 53 s), and a diagram that large is no longer read as a whole anyway.
 */
export const LAYOUT_CAP = { shapes: 600, flowsAtOneElement: 60 };

export function exceedsLayoutCap(graph: DiagramGraph): boolean {
  if (graph.nodes.length + graph.edges.length > LAYOUT_CAP.shapes) return true;
  const degree = new Map<string, number>();
  for (const edge of graph.edges) {
    for (const end of [edge.source, edge.target]) {
      const count = (degree.get(end) ?? 0) + 1;
      if (count > LAYOUT_CAP.flowsAtOneElement) return true;
      degree.set(end, count);
    }
  }
  return false;
}

/** How far (median, px) nodes may move after an edit (issue #20's target). */
export const STEADY_MOVE = 100;

/**
 * elk's random seeds a small graph is laid out with; its crossing minimisation starts from random
 * orders, and on the benchmark's models one start in three or so finds fewer crossings.
 */
const RANDOM_SEEDS = [1, 2, 3];
/** Up to this many elements plus flows (elk takes well under a second each time), a graph gets several starts, and an edit every seeding. */
const SEVERAL_STARTS_UP_TO = 80;

/**
 * Most readable first: fewest faults (detours, loops, ambiguous or overlapping labels, flows
 * through nodes or on top of each other), then fewest crossings; on a tie the first seed stays
 * (a larger text alone was not worth it: the seed's picture moved more after an edit). A
 * boundary's label over a flow is not counted: label-room.ts widens the boundary instead, and
 * counted as well it cleared no label and cost a crossing on random graphs.
 */
function readabilityRank(figures: Readability): number[] {
  const faults = figures.detours + figures.loops + figures.ambiguousLabels + figures.labelOverlaps + figures.labelNodeOverlaps + figures.flowsThroughNodes + figures.overlappingFlows;
  return [faults, figures.crossings];
}

function withSeed(randomSeed: number | undefined, layout: DiagramLayout): DiagramLayout {
  return randomSeed === undefined ? layout : { ...layout, randomSeed };
}

type Seeding = Pick<ElkInputOptions, 'newFlows' | 'placeAsSeeded'>;

/**
 * The ways elk is seeded with the picture on screen after an edit, in the order they are tried
 * (measured with `npm run bench:diagram`, docs/diagram.md): new flows as written; new flows as
 * the picture runs (a flow from a pipeline's end back to its start); and that with each node
 * kept at its place across its layer.
 */
const SEEDINGS: readonly Seeding[] = [
  { newFlows: 'as-written' },
  { newFlows: 'as-drawn' },
  { newFlows: 'as-drawn', placeAsSeeded: true },
];

/** The median distance the centres of the nodes in both layouts moved. */
export function medianMove(before: DiagramLayout, after: DiagramLayout): number {
  const moves: number[] = [];
  for (const [id, box] of Object.entries(after.nodes)) {
    const old = before.nodes[id];
    if (old) moves.push(Math.hypot(box.x + box.width / 2 - old.x - old.width / 2, box.y + box.height / 2 - old.y - old.height / 2));
  }
  moves.sort((a, b) => a - b);
  if (moves.length === 0) return 0;
  const half = Math.floor(moves.length / 2);
  return moves.length % 2 === 1 ? moves[half] : (moves[half - 1] + moves[half]) / 2;
}

function rankOf(layout: DiagramLayout): number[] {
  return readabilityRank(measureReadability(layout));
}

/** What an edit leaves to draw into a picture rather than hand to elk (drawn-in.ts). */
interface DrawingIn {
  /** The flows to draw in: those the edit added, and those drawn in before whose route must change. */
  flows: string[];
  /** The graph without any flow drawn in, which elk lays out. */
  base: DiagramGraph;
  /**
   * When elk would see exactly what it saw before the edit: the previous picture, with the
   * routes of the flows drawn in before that stay as they were.
   */
  unchanged?: DiagramLayout;
}

/**
 * The flows an edit added, and those drawn in before, are drawn into the picture rather than
 * handed to elk: elk's layers leave no room for a flow between two shapes of one layer, and one
 * of them would go a layer lower with everything below it. Undefined when there are none.
 */
function drawingIn(graph: DiagramGraph, previous: DiagramLayout, labels: boolean): DrawingIn | undefined {
  const before = new Map(previous.graph.edges.map(edge => [edge.id, edge]));
  const drawnBefore = new Set(previous.drawnIn);
  const unchanged = (edge: DiagramGraph['edges'][number]): boolean => {
    const old = before.get(edge.id);
    return old !== undefined && old.source === edge.source && old.target === edge.target;
  };
  const toDraw = graph.edges.filter(edge => edge.source !== edge.target && (!unchanged(edge) || drawnBefore.has(edge.id)));
  if (toDraw.length === 0) return undefined;
  const without = (of: DiagramGraph, flows: ReadonlySet<string>): DiagramGraph => ({ ...of, edges: of.edges.filter(edge => !flows.has(edge.id)) });
  const base = without(graph, new Set(toDraw.map(edge => edge.id)));
  if (layoutKey(base) !== layoutKey(without(previous.graph, drawnBefore))) return { flows: toDraw.map(edge => edge.id), base };
  // A flow drawn in before keeps its route while its ends and its label block stay as they were.
  const kept = new Set(toDraw.filter(edge => unchanged(edge) && previous.edges[edge.id] && edgeLabelSizeMatches(edge, previous.edges[edge.id].label, labels)).map(edge => edge.id));
  const routed = new Set([...base.edges.map(edge => edge.id), ...kept]);
  const edges = Object.fromEntries(Object.entries(previous.edges).filter(([id]) => routed.has(id)));
  return { flows: toDraw.map(edge => edge.id).filter(id => !kept.has(id)), base, unchanged: { ...previous, graph, edges, drawnIn: [...kept] } };
}

export async function layOut(graph: DiagramGraph, options: LayoutOptions, run: ElkRun): Promise<DiagramLayout> {
  if (exceedsLayoutCap(graph)) return { ...quickLayout(graph), cheap: true };
  const { previous, labels } = options;
  const small = graph.nodes.length + graph.edges.length <= SEVERAL_STARTS_UP_TO;
  const elkLayout = async (of: DiagramGraph, direction: LayoutDirection, seeding?: Seeding, randomSeed?: number, flipped?: ReadonlySet<string>, foldTrailingSinks?: boolean): Promise<DiagramLayout> => withSeed(randomSeed,
    widenForLabels(readLayout(of, await run(elkInput(of, {
      direction,
      labels,
      randomSeed,
      flipped,
      foldTrailingSinks,
      ...(previous && seeding && {
        ...seeding,
        seed: provisionalLayout(of, previous),
        // A flow drawn in was never given to elk: it is new to it.
        seedFlows: { edges: previous.graph.edges.filter(edge => !previous.drawnIn?.includes(edge.id)), reversed: previous.reversed },
      }),
    })), direction)));
  // elk's picture with the flows it routes the long way round given short routes where that
  // reads better (short-routes.ts), ranked: most readable, then fewest routes replaced (elk's
  // own pictures moved less after an edit).
  const readable = async (...args: Parameters<typeof elkLayout>): Promise<Candidate> => {
    const shortened = shortenRoundabouts(await elkLayout(...args), readabilityRank);
    return { ...shortened, rank: [...readabilityRank(shortened.figures), shortened.rerouted.length] };
  };
  const once = async (...args: Parameters<typeof elkLayout>): Promise<DiagramLayout> => (small ? (await readable(...args)).layout : elkLayout(...args));
  if (previous && !previous.cheap) {
    const direction = previous.direction ?? 'down';
    const steadyEnough = small ? STEADY_MOVE / 2 : STEADY_MOVE;
    // Flows that were there keep the way elk was given them, which mostly keeps the layers. The
    // ways of seeding elk are tried in turn until one moves the nodes little; else the one that
    // moved them least, a fresh layout included, is kept.
    const steadiest = async (of: DiagramGraph): Promise<{ layout: DiagramLayout; move: number }> => {
      let best: { layout: DiagramLayout; move: number } | undefined;
      // A large graph gets the first seeding and a fresh layout only: each try is an elk run of up to seconds.
      const seedings = small ? SEEDINGS : SEEDINGS.slice(0, 1);
      for (const seeding of [...seedings, undefined]) {
        const layout = await once(of, direction, seeding, previous.randomSeed);
        const move = medianMove(previous, layout);
        if (move <= steadyEnough) return { layout, move };
        if (!best || move < best.move) best = { layout, move };
      }
      return best!;
    };
    // The flows the edit added are drawn into the picture (without elk when nothing else
    // changed), kept when they add no fault to it. When they add crossings, elk's picture with
    // every flow replaces them if it moves the nodes little and is more readable.
    const plan = drawingIn(graph, previous, labels !== false);
    if (plan) {
      const basis = plan.unchanged ? { layout: plan.unchanged, move: 0 } : await steadiest(plan.base);
      const drawn = basis.move <= STEADY_MOVE ? drawFlowsIn(basis.layout, graph, plan.flows, labels !== false) : undefined;
      const basisFigures = measureReadability(basis.layout);
      const drawnFigures = drawn && measureReadability(drawn);
      const [basisRank, drawnRank] = [readabilityRank(basisFigures), drawnFigures && readabilityRank(drawnFigures)];
      // No new fault, and no boundary's label row newly crossed.
      if (drawn && drawnFigures && drawnRank && drawnRank[0] <= basisRank[0] && drawnFigures.boundaryLabelOverlaps <= basisFigures.boundaryLabelOverlaps) {
        if (drawnRank[1] <= basisRank[1]) return drawn;
        const steady = await steadiest(graph);
        return steady.move <= steadyEnough && compareRanks(rankOf(steady.layout), drawnRank) < 0 ? steady.layout : drawn;
      }
    }
    return (await steadiest(graph)).layout;
  }
  // A small graph is laid out from a few random starts, and the most readable picture is kept.
  const starts = async (direction: LayoutDirection, foldTrailingSinks?: boolean): Promise<Array<Candidate & { randomSeed: number }>> => {
    const laidOut: Array<Candidate & { randomSeed: number }> = [];
    for (const randomSeed of RANDOM_SEEDS) laidOut.push({ ...await readable(graph, direction, undefined, randomSeed, undefined, foldTrailingSinks), randomSeed });
    return laidOut;
  };
  const mostReadable = async (direction: LayoutDirection): Promise<DiagramLayout> => {
    if (!small) return elkLayout(graph, direction);
    let best = (await starts(direction)).reduce((kept, start) => (compareRanks(start.rank, kept.rank) < 0 ? start : kept));
    // A picture too long along its flows for the panel is laid out again with the sinks alone in
    // a level's last layer moved to its first. Such a start is kept when it is as readable, its
    // text clearly larger, and the rest of the picture stays where it was (the start nearest the
    // picture otherwise drawn, its median node within the 50 px an edit may move it).
    let fold = false;
    if (tooLongForPanel(best.layout) && !sameFlows(flowsAgainstOrder(graph), flowsAgainstOrder(graph, { foldTrailingSinks: true }))) {
      const plain = best;
      const nearest = (await starts(direction, true))
        .filter(start => compareRanks(start.rank, plain.rank) <= 0 && panelScale(start.layout) > FOLD_GAIN * panelScale(plain.layout))
        .map(start => ({ start, move: medianMove(plain.layout, start.layout) }))
        .reduce<{ start: Candidate & { randomSeed: number }; move: number } | undefined>((kept, next) => (!kept || next.move < kept.move ? next : kept), undefined);
      if (nearest && nearest.move <= STEADY_MOVE / 2) {
        best = nearest.start;
        fold = true;
      }
    }
    // Then flows that still cross are handed to elk the other way round, one at a time
    // (crossing-flips.ts); among flips as readable as each other, the one that moves the nodes
    // least from elk's picture: on the benchmark's models it also moved least after an edit.
    const { randomSeed, layout: start } = best;
    const flipped = await flipCrossingFlows({ ...best, rank: [...best.rank, 0] }, async flips => {
      const candidate = await readable(graph, direction, undefined, randomSeed, flips, fold);
      return { ...candidate, rank: [...candidate.rank, medianMove(start, candidate.layout)] };
    });
    return flipped.layout;
  };
  if (options.direction !== 'auto') return mostReadable(options.direction ?? 'down');
  const down = await mostReadable('down');
  const right = await mostReadable('right');
  return panelScale(right) > panelScale(down) ? right : down;
}

/** How much larger the panel's text must be for a picture with sinks moved to the front, some of whose arrows point against the others. */
const FOLD_GAIN = 1.1;

/** Text below its own size in the panel, and the picture's length along its flows the reason. */
function tooLongForPanel(layout: DiagramLayout): boolean {
  if (panelScale(layout) >= 1) return false;
  const along = layout.direction === 'right' ? layout.width / PANEL.width : layout.height / PANEL.height;
  const across = layout.direction === 'right' ? layout.height / PANEL.height : layout.width / PANEL.width;
  return along > across;
}

function sameFlows(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every(id => b.has(id));
}
