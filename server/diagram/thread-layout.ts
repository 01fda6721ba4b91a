// elk on a Node worker thread, for the language server: `tm/diagramSvg` (Export Diagram as
// SVG…) would otherwise run elk on the server's one thread, where a graph just under the
// layout cap holds up diagnostics and completion for seconds. The same steps as every layout
// (arrange.ts); only the elk run moves. One thread per layout, ended when it answers: an export
// is rare, and a thread that is gone holds no memory.
import { Worker } from 'node:worker_threads';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { LayoutOptions } from './arrange.js';
import { layOut } from './arrange.js';
import type { DiagramGraph, DiagramLayout } from './types.js';

/** The thread: loads elk from the script it is given, lays out one input, answers, and is ended. */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ELK = require(workerData.elkScript);
parentPort.once('message', input => new ELK().layout(input).then(
  result => parentPort.postMessage({ result }),
  error => parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) }),
));
`;

/**
 * `layoutGraph` with elk on a worker thread. `elkScript` is the path of elkjs's bundled build
 * (out/elk.cjs beside the server's bundle; elkjs/lib/elk.bundled.js from node_modules).
 */
export function threadLayoutGraph(graph: DiagramGraph, elkScript: string, options: LayoutOptions = {}): Promise<DiagramLayout> {
  return layOut(graph, options, input => runOnThread(input, elkScript));
}

function runOnThread(input: ElkNode, elkScript: string): Promise<ElkNode> {
  const thread = new Worker(THREAD_SOURCE, { eval: true, workerData: { elkScript } });
  return new Promise<ElkNode>((resolve, reject) => {
    thread.once('message', (answer: { result?: ElkNode; error?: string }) => {
      if (answer.result) resolve(answer.result);
      else reject(new Error(answer.error ?? 'elk gave no layout'));
    });
    thread.once('error', reject);
    thread.once('exit', code => reject(new Error(`the layout thread stopped (exit code ${code})`)));
    thread.postMessage(input);
  }).finally(() => void thread.terminate());
}
