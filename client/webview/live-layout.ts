// Which picture the preview shows for each graph the extension sends, and when elk runs. elk
// takes about a second for 200 elements, too long to wait for after a keystroke, so:
// - the first graph of a model is drawn at once with a quick layout (quick-layout.ts), which
//   elk's replaces when it arrives: a picture even while elk's worker is still loading;
// - an edit elk would not see (threats, decisions, text of the same length: the same elk input)
//   is drawn at once with the positions of elk's last layout, which stay exact;
// - an edit it would see is drawn at once as a provisional picture built from the one on screen
//   (provisional-layout.ts), and elk lays out the newest graph; its answer replaces the
//   provisional picture, unless a newer edit changed the structure again, in which case elk
//   next lays out that one. elk runs once at a time and only ever for the newest graph, and
//   starts from its last layout on screen (arrange.ts, `previous`), so what was there stays
//   about where it was instead of the picture being laid out afresh;
// - elk's last few layouts of the model are kept, so going back to a view seen before (a
//   boundary collapsed and expanded again, the focus moved back) is exact at once.
// No DOM here: the engine and the drawing are passed in, so the tests run it in Node.
import { layoutKey } from '../../server/diagram/elk-graph.js';
import { provisionalLayout } from '../../server/diagram/provisional-layout.js';
import { quickLayout } from '../../server/diagram/quick-layout.js';
import type { DiagramGraph, DiagramLayout } from '../../server/diagram/types.js';

export interface Picture {
  layout: DiagramLayout;
  /** Not elk's layout but a stand-in until elk's arrives. */
  provisional: boolean;
}

export interface LiveLayoutHooks {
  /** elk, wherever it runs (the preview's worker), seeded with elk's last layout shown for the model. */
  layout(graph: DiagramGraph, previous: DiagramLayout | undefined): Promise<DiagramLayout>;
  show(picture: Picture): void;
  fail(error: unknown): void;
}

/** elk layouts kept per model: a few views to go back to, never a memory that grows with editing. */
const KEPT_LAYOUTS = 8;

export class LiveLayout {
  /** The model the pictures are of: positions from another model mean nothing for this one. */
  private model: string | undefined;
  private latest: DiagramGraph | undefined;
  /** elk's latest layouts for this model, by what elk was given (layoutKey), oldest first. */
  private readonly exact = new Map<string, DiagramLayout>();
  private shown: DiagramLayout | undefined;
  /** elk's layout last shown for this model: what the next one starts from. */
  private settled: DiagramLayout | undefined;
  private running = false;

  constructor(private readonly hooks: LiveLayoutHooks) {}

  update(model: string, graph: DiagramGraph): void {
    if (model !== this.model) {
      this.model = model;
      this.exact.clear();
      this.shown = undefined;
      this.settled = undefined;
    }
    this.latest = graph;
    const reused = this.exactLayoutOf(graph);
    if (reused) {
      this.display({ layout: reused, provisional: false });
      return;
    }
    this.display({ layout: this.shown ? provisionalLayout(graph, this.shown) : quickLayout(graph), provisional: true });
    void this.layOutLatest();
  }

  /** elk's positions for this graph, when elk has laid out the same input for this model. */
  private exactLayoutOf(graph: DiagramGraph): DiagramLayout | undefined {
    const layout = this.exact.get(layoutKey(graph));
    return layout && { ...layout, graph };
  }

  private keep(layout: DiagramLayout): void {
    const key = layoutKey(layout.graph);
    this.exact.delete(key);
    this.exact.set(key, layout);
    if (this.exact.size > KEPT_LAYOUTS) this.exact.delete(this.exact.keys().next().value!);
  }

  /** Runs elk until its last layout fits the newest graph; a call while it runs leaves that to the running one. */
  private async layOutLatest(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.latest && !this.exactLayoutOf(this.latest)) {
        const model = this.model;
        const layout = await this.hooks.layout(this.latest, this.settled);
        if (model !== this.model) continue;
        this.keep(layout);
        const reused = this.exactLayoutOf(this.latest);
        if (reused) this.display({ layout: reused, provisional: false });
      }
    } catch (error) {
      this.hooks.fail(error);
    } finally {
      this.running = false;
    }
  }

  private display(picture: Picture): void {
    this.shown = picture.layout;
    if (!picture.provisional) this.settled = picture.layout;
    this.hooks.show(picture);
  }
}
