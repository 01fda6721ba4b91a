// How a graph gets its positions, whatever runs elk (in process for the CLI and the reports,
// a worker in the preview): the quick layout for graphs too large for elk, otherwise elk in the
// asked direction, both directions for 'auto', and after an edit elk seeded with the picture
// on screen so that little moves (docs/diagram.md, Layout).
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { ElkInputOptions, LayoutDirection } from './elk-graph.js';
import { elkInput, readLayout } from './elk-graph.js';
import { flowsAgainstOrder } from './orientation.js';
import { provisionalLayout } from './provisional-layout.js';
import { quickLayout } from './quick-layout.js';
import type { Readability } from './readability.js';
import { measureReadability, PANEL, panelScale } from './readability.js';
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
 * boundary's label over a flow is measured but not counted here: counted, it changed the start
 * iot-fleet is laid out from, whose picture then moved 58 px instead of 6 after an edit.
 */
function readabilityRank(figures: Readability): number[] {
  const faults = figures.detours + figures.loops + figures.ambiguousLabels + figures.labelOverlaps + figures.labelNodeOverlaps + figures.flowsThroughNodes + figures.overlappingFlows;
  return [faults, figures.crossings];
}

/** A layout and its readabilityRank. */
interface Ranked {
  layout: DiagramLayout;
  rank: number[];
}

/** How one start of elk is made, beyond its random seed. */
interface Start {
  foldTrailingSinks?: boolean;
  nodePlacement?: DiagramLayout['nodePlacement'];
}

/** The layout with what an edit must lay it out with again: elk's random seed and node placement, when not the defaults. */
function withStart(randomSeed: number | undefined, nodePlacement: DiagramLayout['nodePlacement'], layout: DiagramLayout): DiagramLayout {
  return { ...layout, ...(randomSeed !== undefined && { randomSeed }), ...(nodePlacement && { nodePlacement }) };
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
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

export async function layOut(graph: DiagramGraph, options: LayoutOptions, run: ElkRun): Promise<DiagramLayout> {
  if (exceedsLayoutCap(graph)) return { ...quickLayout(graph), cheap: true };
  const { previous, labels } = options;
  const once = async (direction: LayoutDirection, seeding?: Seeding, randomSeed?: number, { foldTrailingSinks, nodePlacement }: Start = {}): Promise<DiagramLayout> => withStart(randomSeed, nodePlacement,
    readLayout(graph, await run(elkInput(graph, {
      direction,
      labels,
      randomSeed,
      foldTrailingSinks,
      nodePlacement,
      ...(previous && seeding && {
        ...seeding,
        seed: provisionalLayout(graph, previous),
        seedFlows: { edges: previous.graph.edges, reversed: previous.reversed },
      }),
    })), direction));
  const small = graph.nodes.length + graph.edges.length <= SEVERAL_STARTS_UP_TO;
  if (previous && !previous.cheap) {
    // Flows that were there keep the way elk was given them, which mostly keeps the layers. The
    // ways of seeding elk are tried in turn until one moves the nodes little; else the one that
    // moved them least, a fresh layout included, is kept.
    const direction = previous.direction ?? 'down';
    let best: { layout: DiagramLayout; move: number } | undefined;
    // A large graph gets the first seeding and a fresh layout only: each try is an elk run of up to seconds.
    const seedings = small ? SEEDINGS : SEEDINGS.slice(0, 1);
    for (const seeding of [...seedings, undefined]) {
      const layout = await once(direction, seeding, previous.randomSeed, { nodePlacement: previous.nodePlacement });
      const move = medianMove(previous, layout);
      if (move <= (small ? STEADY_MOVE / 2 : STEADY_MOVE)) return layout;
      if (!best || move < best.move) best = { layout, move };
    }
    return best!.layout;
  }
  // A small graph is laid out from a few random starts, and the most readable picture is kept;
  // when every start leaves a fault, from as many more with elk's other node placement.
  const starts = async (direction: LayoutDirection, start: Start = {}): Promise<Ranked[]> => {
    const laidOut: Ranked[] = [];
    for (const randomSeed of small ? RANDOM_SEEDS : [undefined]) {
      const layout = await once(direction, undefined, randomSeed, start);
      laidOut.push({ layout, rank: small ? readabilityRank(measureReadability(layout)) : [] });
    }
    return laidOut;
  };
  const readableStarts = async (direction: LayoutDirection): Promise<Ranked[]> => {
    const laidOut = await starts(direction);
    return small && laidOut.every(start => start.rank[0] > 0) ? [...laidOut, ...await starts(direction, { nodePlacement: 'network-simplex' })] : laidOut;
  };
  // A small picture too long along its flows for the panel is laid out again with the sinks alone
  // in a level's last layer moved to its first. Such a start is kept when it is as readable, its
  // text clearly larger, and the rest of the picture stays where it was (the start nearest the
  // picture otherwise drawn, its median node within the 50 px an edit may move it).
  const readableAndCompact = async (direction: LayoutDirection): Promise<DiagramLayout> => {
    const laidOut = await readableStarts(direction);
    const plain = laidOut.reduce((best, start) => (compareRanks(start.rank, best.rank) < 0 ? start : best));
    // One more set of starts at most (elk runs take up to a few hundred ms each): no fold after the other placement.
    if (!small || laidOut.length > RANDOM_SEEDS.length || !tooLongForPanel(plain.layout) || sameFlows(flowsAgainstOrder(graph), flowsAgainstOrder(graph, { foldTrailingSinks: true }))) return plain.layout;
    const folded = (await starts(direction, { foldTrailingSinks: true }))
      .filter(start => compareRanks(start.rank, plain.rank) <= 0 && panelScale(start.layout) > FOLD_GAIN * panelScale(plain.layout))
      .map(start => ({ layout: start.layout, move: medianMove(plain.layout, start.layout) }))
      .reduce<{ layout: DiagramLayout; move: number } | undefined>((nearest, start) => (!nearest || start.move < nearest.move ? start : nearest), undefined);
    return folded && folded.move <= STEADY_MOVE / 2 ? folded.layout : plain.layout;
  };
  if (options.direction !== 'auto') return readableAndCompact(options.direction ?? 'down');
  const down = await readableAndCompact('down');
  const right = await readableAndCompact('right');
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
