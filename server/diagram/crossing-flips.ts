// Fewer crossings by handing elk a crossing flow the other way round. orientation.ts hands elk
// each flow so that it sees no cycle; which end of a flow goes above the other is then fixed,
// and with it, often, a crossing that no node order removes: two pairs of nodes in two layers,
// each node of one pair joined to both of the other, cross once whatever their order (the
// threat-model example: the developer and the workspace files each feed the CLI and the
// extension host). Turning one of the crossing flows round lets elk layer its ends the other
// way, and the crossing goes. Which one is found by trying: each flow that crosses another is
// flipped in turn, elk lays the graph out again, and the most readable picture is kept; from
// there, again, until no flip helps or the tries are used up (docs/diagram.md, Layout).
import type { Readability } from './readability.js';
import { measureReadability } from './readability.js';
import type { DiagramLayout } from './types.js';

/** Up to this many extra elk runs per picture: each is a whole layout (tens to hundreds of ms on a small graph). */
export const FLIP_TRIES = 8;

export interface RankedLayout {
  layout: DiagramLayout;
  figures: Readability;
  /** Lower is more readable, compared key by key. */
  rank: number[];
  /** The flows handed to elk against orientation.ts's choice. */
  flipped: ReadonlySet<string>;
}

/**
 * From `start`, the most readable layout found by flipping flows that cross, by `rank` (lower
 * first, key by key). `layOutFlipped` is elk's layout with the given flows flipped.
 */
export async function flipCrossingFlows(
  start: RankedLayout,
  layOutFlipped: (flipped: ReadonlySet<string>) => Promise<DiagramLayout>,
  rank: (layout: DiagramLayout, figures: Readability) => number[],
  tries = FLIP_TRIES,
): Promise<RankedLayout> {
  let best = start;
  const tried = new Set<string>();
  while (best.figures.crossings > 0 && tries > 0) {
    let next: RankedLayout | undefined;
    for (const flow of candidateFlows(best)) {
      const flipped = new Set(best.flipped);
      if (!flipped.delete(flow)) flipped.add(flow);
      const key = [...flipped].sort().join(' ');
      if (tried.has(key)) continue;
      if (tries-- <= 0) break;
      tried.add(key);
      const layout = await layOutFlipped(flipped);
      const figures = measureReadability(layout);
      const candidate = { layout, figures, rank: rank(layout, figures), flipped };
      if (compareRanks(candidate.rank, (next ?? best).rank) < 0) next = candidate;
    }
    if (!next) break;
    best = next;
  }
  return best;
}

/**
 * The flows that cross, and those joining two of their ends: where two flows cross between
 * nodes joined by yet more flows, turning one of those round may be what lets elk lay the
 * rest out without it.
 */
function candidateFlows({ layout, figures }: RankedLayout): string[] {
  const crossing = new Set(figures.crossingFlows);
  const ends = new Set(layout.graph.edges.filter(edge => crossing.has(edge.id)).flatMap(edge => [edge.source, edge.target]));
  const joining = layout.graph.edges.filter(edge => !crossing.has(edge.id) && ends.has(edge.source) && ends.has(edge.target)).map(edge => edge.id);
  return [...figures.crossingFlows, ...joining];
}

export function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
