// Fewer crossings by handing elk a crossing flow the other way round. orientation.ts hands elk
// each flow so that it sees no cycle; which end of a flow goes above the other is then fixed,
// and with it, often, a crossing that no node order removes: two pairs of nodes in two layers,
// each node of one pair joined to both of the other, cross once whatever their order (the
// threat-model example: the developer and the workspace files each feed the CLI and the
// extension host). Turning one of the crossing flows round lets elk layer its ends the other
// way, and the crossing goes. Which one is found by trying: each flow that crosses another, and
// each joining two of their ends, is flipped in turn, elk lays the graph out again, and the most
// readable picture is kept; from there, again, until no flip helps or the tries are used up
// (docs/diagram.md, Layout).
import type { Readability } from './readability.js';
import { compareRanks } from './readability.js';
import type { DiagramLayout } from './types.js';

/** Up to this many extra elk runs per picture: each is a whole layout (tens to hundreds of ms on a small graph). */
export const FLIP_TRIES = 6;

export interface Candidate {
  layout: DiagramLayout;
  figures: Readability;
  /** Lower is more readable, compared key by key. */
  rank: number[];
}

/**
 * From `start`, the most readable layout found by flipping flows that cross (by rank, lower
 * first). `layOutFlipped` is elk's layout with the given flows handed against orientation.ts's
 * choice, measured and ranked.
 */
export async function flipCrossingFlows(start: Candidate, layOutFlipped: (flipped: ReadonlySet<string>) => Promise<Candidate>, tries = FLIP_TRIES): Promise<Candidate> {
  let best = { ...start, flipped: new Set<string>() };
  const tried = new Set<string>();
  while (best.figures.crossings > 0 && tries > 0) {
    let next: typeof best | undefined;
    for (const flow of candidateFlows(best)) {
      const flipped = new Set(best.flipped);
      if (!flipped.delete(flow)) flipped.add(flow);
      const key = [...flipped].sort().join(' ');
      if (tried.has(key)) continue;
      if (tries-- <= 0) break;
      tried.add(key);
      const candidate = { ...(await layOutFlipped(flipped)), flipped };
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
function candidateFlows({ layout, figures }: Candidate): string[] {
  const crossing = new Set(figures.crossingFlows);
  const ends = new Set(layout.graph.edges.filter(edge => crossing.has(edge.id)).flatMap(edge => [edge.source, edge.target]));
  const joining = layout.graph.edges.filter(edge => !crossing.has(edge.id) && ends.has(edge.source) && ends.has(edge.target)).map(edge => edge.id);
  return [...figures.crossingFlows, ...joining];
}
