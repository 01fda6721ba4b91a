// `tm dfd <file> [-o out.svg] [--format svg|mermaid]`: the model's data-flow diagram, drawn by
// the same renderer as the editor preview.
import * as path from 'node:path';
import type { CliIO } from '../io.js';
import { EXIT_OK, UsageError } from '../io.js';
import { loadModel, warnAboutErrors } from '../model-input.js';
import { writeOutputFile } from '../output.js';
import { parseCommandArgs, SETTINGS_OPTIONS, servicesFor } from '../options.js';
import { analyzeModel } from '../../domain/analysis.js';
import type { DiagramGraph } from '../../diagram/index.js';
import { layoutGraph, modelGraph, renderMermaid, renderSvg } from '../../diagram/index.js';

export const dfdUsage = 'tm dfd <file> [-o out.svg] [--format svg|mermaid] [--coverage crossing|all|none] [--max-size MB]';

const FORMATS: Record<string, (graph: DiagramGraph) => Promise<string> | string> = {
  svg: async graph => renderSvg(await layoutGraph(graph)),
  mermaid: renderMermaid,
};

export async function runDfd(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...SETTINGS_OPTIONS,
    output: { type: 'string', short: 'o' },
    format: { type: 'string', default: 'svg' },
  }, dfdUsage);
  const render = FORMATS[values.format as string];
  if (!render) throw new UsageError(`unknown format '${String(values.format)}' (expected ${Object.keys(FORMATS).join(', ')})`);
  if (positionals.length !== 1) throw new UsageError(`expected one model file, got ${positionals.length}\nusage: ${dfdUsage}`);

  const services = servicesFor(values);
  const given = positionals[0];
  const loaded = await loadModel(services, given, io);
  warnAboutErrors(loaded, 'dfd', io);

  const graph = modelGraph(analyzeModel(loaded.model), { coverageFlows: services.Tm.settings.options.coverageFlows });
  const output = await render(graph);
  const target = values.output as string | undefined;
  if (target === undefined) {
    io.stdout(output);
    return EXIT_OK;
  }
  await writeOutputFile(path.resolve(io.cwd, target), output, io, [path.resolve(io.cwd, given)]);
  return EXIT_OK;
}
