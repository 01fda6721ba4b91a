// elk for the preview's page, in a worker, so the picture on screen keeps panning, zooming and
// answering hovers while a layout takes its second. The worker is elk's own worker script
// (out/layout-worker.js, built from elkjs's elk-worker.min.js), driven through elk's API; the
// input and the reading of the answer are the ones `tm dfd` uses (elk-graph.ts). A webview may
// start a worker only from a blob: or data: URL, not from the extension's files, so the script
// is fetched from out/ (the page's policy allows `connect-src` to the extension's files and
// `worker-src blob:`, nothing else) and started from a blob.
import ELK from 'elkjs/lib/elk-api.js';
import type { LayoutOptions } from '../../server/diagram/arrange.js';
import { layOut } from '../../server/diagram/arrange.js';
import type { DiagramGraph, DiagramLayout } from '../../server/diagram/types.js';

export class WorkerLayout {
  private readonly elk: Promise<InstanceType<typeof ELK>>;
  /** Rejects when the worker fails: elk's API would otherwise wait for its answer forever. */
  private readonly workerFailure: Promise<never>;

  constructor(workerScriptUrl: string) {
    let fail!: (error: Error) => void;
    this.workerFailure = new Promise((_, reject) => { fail = reject; });
    this.workerFailure.catch(() => undefined);
    this.elk = fetch(workerScriptUrl)
      .then(response => {
        if (!response.ok) throw new Error(`the layout worker could not be loaded (${response.status})`);
        return response.blob();
      })
      .then(script => {
        const url = URL.createObjectURL(script);
        return new ELK({
          workerFactory: () => {
            const worker = new Worker(url);
            worker.addEventListener('error', event => fail(new Error(`the layout worker failed (${event.message})`)));
            return worker;
          },
        });
      });
  }

  async layout(graph: DiagramGraph, options: LayoutOptions = {}): Promise<DiagramLayout> {
    const elk = await this.elk;
    return layOut(graph, options, input => Promise.race([elk.layout(input), this.workerFailure]));
  }
}
