// Which entries of a list apply to an element or flow, remembered by the facts their conditions
// read. A condition is a function of the facts it reads and nothing else, so two elements or
// flows whose facts agree on every fact that the conditions read (in the order they read them)
// get the same answer. The first one is evaluated, entry by entry, and the facts it reads are
// recorded as a path of a tree; the next ones walk the tree, reading one fact per level, and take
// the answer at its leaf. A large model has thousands of alike flows and elements (the same
// kinds, protocols, controls), so most walk: a handful of reads and map lookups instead of every
// entry's condition. Nothing is assumed about the facts: a value not seen before is evaluated.
import type { FactValue, Facts, OwnFacts } from './facts.js';
import type { CatalogueEntry } from './pack.js';

/** Whose fact a condition reads: the element's or flow's own, or a flow's source's or target's. */
type Side = 'own' | 'source' | 'target';

/** A step of the tree: read a fact, follow the branch of its value; or, at a leaf, the answer. */
interface Step {
  side?: Side;
  slot?: number;
  /** Branches by the value read: a word, a yes/no or none, by itself; a set of words, by its words. */
  byValue?: Map<string | boolean | undefined, Step>;
  bySet?: Map<string, Step>;
  applying?: readonly CatalogueEntry[];
}

/**
 * Past this many steps (a few hundred bytes each) the tree starts again: a model whose elements
 * and flows are all unlike (a tree with one path each) costs bounded memory, however long an
 * editor session lasts. The 10,000 flows of the 5,000-element benchmark model take 528.
 */
export const MAX_STEPS = 10_000;

export class ApplicabilityMemo {
  private root: Step = {};
  private steps = 0;

  /** `entries` in the order they are checked and listed; `maxSteps` for the tests. */
  constructor(private readonly entries: readonly CatalogueEntry[], private readonly maxSteps = MAX_STEPS) {}

  /** The entries whose conditions hold for `facts`, in their order. */
  applying(facts: Facts): readonly CatalogueEntry[] {
    let step = this.root;
    while (step.applying === undefined) {
      if (step.side === undefined) return this.evaluate(facts);
      const next = branch(step, factAt(facts, step.side, step.slot!));
      if (!next) return this.evaluate(facts);
      step = next;
    }
    return step.applying;
  }

  /** Every entry's condition over `facts`, recording the facts read, the first time each is read. */
  private evaluate(facts: Facts): readonly CatalogueEntry[] {
    const read: Array<{ side: Side; slot: number; value: FactValue | undefined }> = [];
    const seen = new Set<string>();
    const recording = (side: Side): OwnFacts => ({
      at: slot => {
        const value = factAt(facts, side, slot);
        const key = `${side} ${slot}`;
        if (!seen.has(key)) {
          seen.add(key);
          read.push({ side, slot, value });
        }
        return value;
      },
      get: () => {
        throw new Error('conditions read facts by slot');
      },
    });
    const recorded: Facts = { own: recording('own'), source: recording('source'), target: recording('target') };
    const applying = this.entries.filter(entry => entry.applies(recorded));
    this.remember(read, applying);
    return applying;
  }

  /** Adds the path of `read` (from the root: the walk and the evaluation read the same facts first) and its answer. */
  private remember(read: ReadonlyArray<{ side: Side; slot: number; value: FactValue | undefined }>, applying: readonly CatalogueEntry[]): void {
    if (this.steps + read.length + 1 > this.maxSteps) {
      this.root = {};
      this.steps = 0;
    }
    let step = this.root;
    for (const { side, slot, value } of read) {
      if (step.side === undefined) {
        step.side = side;
        step.slot = slot;
      }
      let next = branch(step, value);
      if (!next) {
        next = {};
        this.steps++;
        if (typeof value === 'object') (step.bySet ??= new Map()).set(setKey(value), next);
        else (step.byValue ??= new Map()).set(value, next);
      }
      step = next;
    }
    step.applying = applying;
  }
}

/** A fact as the conditions read it: a flow's missing end has no facts. */
function factAt(facts: Facts, side: Side, slot: number): FactValue | undefined {
  return facts[side]?.at(slot);
}

function branch(step: Step, value: FactValue | undefined): Step | undefined {
  return typeof value === 'object' ? step.bySet?.get(setKey(value)) : step.byValue?.get(value);
}

/** A set of words as one key; no word is empty or holds a NUL (they are words of the grammar or of a text). */
function setKey(words: readonly string[]): string {
  return words.join('\u0000');
}
