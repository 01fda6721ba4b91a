// Which picture the preview shows for each graph the extension sends, and when elk runs. elk
// takes about a second for 200 elements, too long to wait for after a keystroke, so:
// - an edit elk would not see (threats, decisions, text of the same length: the same elk input)
//   is drawn at once with the positions of elk's last layout, which stay exact;
// - an edit it would see is drawn at once as a provisional picture built from the one on screen
//   (provisional-layout.ts), and elk lays out the newest graph; its answer replaces the
//   provisional picture, unless a newer edit changed the structure again, in which case elk
//   next lays out that one. elk runs once at a time and only ever for the newest graph.
// No DOM here: the engine and the drawing are passed in, so the tests run it in Node.
import { reuseLayout } from '../../server/diagram/elk-graph.js';
import { provisionalLayout } from '../../server/diagram/provisional-layout.js';
import type { DiagramGraph, DiagramLayout } from '../../server/diagram/types.js';

export interface Picture {
  layout: DiagramLayout;
  /** Not elk's layout but a stand-in until elk's arrives. */
  provisional: boolean;
}

export interface LiveLayoutHooks {
  /** elk, wherever it runs (the preview's worker). */
  layout(graph: DiagramGraph): Promise<DiagramLayout>;
  show(picture: Picture): void;
  fail(error: unknown): void;
}

export class LiveLayout {
  /** The model the pictures are of: positions from another model mean nothing for this one. */
  private model: string | undefined;
  private latest: DiagramGraph | undefined;
  /** elk's layout of the newest graph it finished, for this model. */
  private exact: DiagramLayout | undefined;
  private shown: DiagramLayout | undefined;
  private running = false;

  constructor(private readonly hooks: LiveLayoutHooks) {}

  update(model: string, graph: DiagramGraph): void {
    if (model !== this.model) {
      this.model = model;
      this.exact = undefined;
      this.shown = undefined;
    }
    this.latest = graph;
    const reused = reuseLayout(this.exact, graph);
    if (reused) {
      this.display({ layout: reused, provisional: false });
      return;
    }
    if (this.shown) this.display({ layout: provisionalLayout(graph, this.shown), provisional: true });
    void this.layOutLatest();
  }

  /** Runs elk until its last layout fits the newest graph; a call while it runs leaves that to the running one. */
  private async layOutLatest(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.latest && !reuseLayout(this.exact, this.latest)) {
        const model = this.model;
        const layout = await this.hooks.layout(this.latest);
        if (model !== this.model) continue;
        this.exact = layout;
        const reused = reuseLayout(layout, this.latest);
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
    this.hooks.show(picture);
  }
}
