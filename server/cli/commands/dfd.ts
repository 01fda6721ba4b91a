// `tm dfd <file> [-o out.svg] [--format svg|png|mermaid] …`: the model's data-flow diagram,
// drawn by the same renderer as the editor preview.
import * as path from 'node:path';
import type { CliIO } from '../io.js';
import { EXIT_OK, UsageError } from '../io.js';
import { IMPORT_ROOT_OPTION, loadModel, warnAboutErrors } from '../model-input.js';
import { writeOutputFile } from '../output.js';
import { parseCommandArgs, SETTINGS_OPTIONS, servicesFor } from '../options.js';
import { analyzeModel } from '../../domain/analysis.js';
import type { DiagramGraph, LayoutOptions, SvgOptions } from '../../diagram/index.js';
import { LAYOUT_CAP, layoutGraph, modelGraph, renderMermaid, renderSvg, withoutCoverageMarks } from '../../diagram/index.js';
import { svgToPng } from '../../diagram/png.js';

export const dfdUsage = 'tm dfd <file> [-o out.svg] [--format svg|png|mermaid] [--direction down|right|auto] [--no-markers] [--no-labels] [--coverage crossing|all|none] [--max-size MB] [--root DIR]';

const DIRECTIONS = ['down', 'right', 'auto'] as const;

type Drawing = LayoutOptions & SvgOptions;

const FORMATS: Record<string, (graph: DiagramGraph, drawing: Drawing, io: CliIO) => Promise<string | Uint8Array> | string> = {
  svg: svgOf,
  png: async (graph, drawing, io) => svgToPng(await svgOf(graph, drawing, io)),
  mermaid: renderMermaid,
};

async function svgOf(graph: DiagramGraph, drawing: Drawing, io: CliIO): Promise<string> {
  const layout = await layoutGraph(graph, drawing);
  if (layout.cheap) {
    io.stderr(`tm dfd: ${graph.nodes.length} elements and ${graph.edges.length} flows are more than the layout engine is given `
      + `(${LAYOUT_CAP.shapes} elements and flows, ${LAYOUT_CAP.flowsAtOneElement} flows at one element): drawn with the quick layout (layered rows, straight flows)\n`);
  }
  return renderSvg(layout, drawing);
}

export async function runDfd(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...SETTINGS_OPTIONS,
    ...IMPORT_ROOT_OPTION,
    output: { type: 'string', short: 'o' },
    format: { type: 'string', default: 'svg' },
    direction: { type: 'string', default: 'down' },
    'no-markers': { type: 'boolean', default: false },
    'no-labels': { type: 'boolean', default: false },
  }, dfdUsage);
  const render = FORMATS[values.format as string];
  if (!render) throw new UsageError(`unknown format '${String(values.format)}' (expected ${Object.keys(FORMATS).join(', ')})`);
  const direction = DIRECTIONS.find(each => each === values.direction);
  if (!direction) throw new UsageError(`--direction must be ${DIRECTIONS.join(', ')}, not '${String(values.direction)}'`);
  if (positionals.length !== 1) throw new UsageError(`expected one model file, got ${positionals.length}\nusage: ${dfdUsage}`);
  const target = values.output as string | undefined;
  if (values.format === 'png' && (target === undefined || target === '-')) throw new UsageError('--format png writes a file: give it with -o, e.g. -o diagram.png');

  const services = servicesFor(values);
  const given = positionals[0];
  const loaded = await loadModel(services, given, io, values.root as string | undefined);
  warnAboutErrors(loaded, 'dfd', io);

  const coverageFlows = services.Tm.settings.options.coverageFlows;
  const graph = modelGraph(analyzeModel(loaded.model), { coverageFlows, today: services.Tm.settings.today });
  const labels = values['no-labels'] !== true;
  const drawing: Drawing = { direction, labels, showLabels: labels, showMarkers: values['no-markers'] !== true };
  // `--coverage none` asks for no coverage at all: no "uncovered" letters on elements either.
  const output = await render(coverageFlows === 'none' ? withoutCoverageMarks(graph) : graph, drawing, io);
  if (target === undefined || target === '-') {
    io.stdout(output as string);
    return EXIT_OK;
  }
  await writeOutputFile(path.resolve(io.cwd, target), output, io, [path.resolve(io.cwd, given)]);
  return EXIT_OK;
}
