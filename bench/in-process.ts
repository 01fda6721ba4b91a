// The parse / link / validate split of one check, in process, with the services `tm check`
// uses; and the JSON lower bound for the same model.
import { performance } from 'node:perf_hooks';
import { DocumentState, URI } from 'langium';
import type { LangiumDocument } from 'langium';
import { servicesFor } from '../server/cli/options.js';
import type { Model } from '../server/language/generated/ast.js';
import { parseAndResolveJson } from './lower-bound.js';
import { median } from './statistics.js';

/** CPU milliseconds per phase (less disturbed than wall time by other work on the machine), and wall time of the whole. */
export interface PhaseSplit {
  /** Lexing, parsing and building the AST (without its CST, as `tm check` does). */
  parse: number;
  /** Scope computation and linking (Langium's IndexedContent … Linked phases). */
  link: number;
  /** Recording references for find-references (IndexedReferences). */
  indexReferences: number;
  validate: number;
  total: number;
  wallTotal: number;
  diagnostics: number;
}

/** CPU milliseconds this process has used, all threads (the garbage collector's helpers too). */
function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const services = servicesFor({ today: '2026-11-01' });

async function splitOnce(text: string, name: string): Promise<PhaseSplit> {
  const { LangiumDocumentFactory, LangiumDocuments, DocumentBuilder } = services.shared.workspace;
  const uri = URI.file(`/bench/${name}.tm`);
  const reached = new Map<DocumentState, number>();
  const listeners = [DocumentState.Linked, DocumentState.IndexedReferences].map(state =>
    DocumentBuilder.onBuildPhase(state, () => { reached.set(state, cpuNow()); }));
  const wallStart = performance.now();
  const start = cpuNow();
  const document: LangiumDocument<Model> = LangiumDocumentFactory.fromString<Model>(text, uri);
  const parsed = cpuNow();
  LangiumDocuments.addDocument(document);
  await DocumentBuilder.build([document], { validation: true });
  const end = cpuNow();
  const wallTotal = performance.now() - wallStart;
  LangiumDocuments.deleteDocument(uri);
  listeners.forEach(listener => listener.dispose());
  const linked = reached.get(DocumentState.Linked)!;
  const indexed = reached.get(DocumentState.IndexedReferences)!;
  return {
    parse: parsed - start,
    link: linked - parsed,
    indexReferences: indexed - linked,
    validate: end - indexed,
    total: end - start,
    wallTotal,
    diagnostics: document.diagnostics?.length ?? 0,
  };
}

/** Medians per phase over `repeats` runs, after `warmUps` runs that let V8 optimise the code. */
export async function phaseSplit(text: string, name: string, repeats: number, warmUps: number): Promise<PhaseSplit> {
  for (let i = 0; i < warmUps; i++) await splitOnce(text, name);
  const runs: PhaseSplit[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await splitOnce(text, name));
  const pick = (key: keyof PhaseSplit) => median(runs.map(run => run[key]));
  return {
    parse: pick('parse'), link: pick('link'), indexReferences: pick('indexReferences'), validate: pick('validate'),
    total: pick('total'), wallTotal: pick('wallTotal'), diagnostics: runs[0].diagnostics,
  };
}

/** Median CPU milliseconds of JSON.parse plus name resolution of the same model, after a warm-up. */
export function jsonLowerBound(json: string, repeats: number): number {
  if (parseAndResolveJson(json) !== 0) throw new Error('the synthetic JSON model has unresolved names');
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = cpuNow();
    parseAndResolveJson(json);
    times.push(cpuNow() - start);
  }
  return median(times);
}
