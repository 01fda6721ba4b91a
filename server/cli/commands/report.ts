// `tm report <file> [--format md|html|json] [-o path]`: the model as the document a reviewer reads.
import * as path from 'node:path';
import type { CliIO } from '../io.js';
import { EXIT_OK, UsageError } from '../io.js';
import { parseCommandArgs, SETTINGS_OPTIONS, servicesFor } from '../options.js';
import { IMPORT_ROOT_OPTION, loadModel, reportOptions, warnAboutErrors } from '../model-input.js';
import { modelStem, outputTarget, writeOutput, writeOutputFile } from '../output.js';
import { analyzeModel } from '../../domain/analysis.js';
import { buildReport } from '../../report/build-report.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderHtml } from '../../report/html.js';
import { renderJsonReport } from '../../report/json.js';
import { reportDiagram } from '../../report/diagram.js';

export const reportUsage = 'tm report <file> [--format md|html|json] [-o file|folder/] [--coverage crossing|all|none] [--review-max-age DAYS] [--today YYYY-MM-DD] [--root DIR]';

const EXTENSIONS = { md: 'md', html: 'html', json: 'json' } as const;
type ReportFormat = keyof typeof EXTENSIONS;

export async function runReport(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...SETTINGS_OPTIONS,
    ...IMPORT_ROOT_OPTION,
    format: { type: 'string', default: 'md' },
    output: { type: 'string', short: 'o' },
  }, reportUsage);
  const format = values.format as string;
  if (!(format in EXTENSIONS)) throw new UsageError(`unknown format '${format}' (expected ${Object.keys(EXTENSIONS).join(', ')})`);
  if (positionals.length !== 1) throw new UsageError(`give exactly one model\nusage: ${reportUsage}`);

  const services = servicesFor(values);
  const loaded = await loadModel(services, positionals[0], io, values.root as string | undefined);
  warnAboutErrors(loaded, 'report', io);
  const analysis = analyzeModel(loaded.model);
  const options = reportOptions(services, loaded.model);
  const report = buildReport(analysis, options);
  const target = await outputTarget(values.output as string | undefined, io.cwd);
  const stem = modelStem(positionals[0]);
  const inputs = [path.resolve(io.cwd, positionals[0])];

  let text: string;
  switch (format as ReportFormat) {
    case 'json':
      text = renderJsonReport(report);
      break;
    case 'html':
      text = renderHtml(report, { svg: (await reportDiagram(analysis, options.coverageFlows, options.today)).svg });
      break;
    case 'md': {
      const diagram = await reportDiagram(analysis, options.coverageFlows, options.today);
      // The SVG goes beside the report only when -o names a folder: stdout and a single file stay one artefact.
      const svgName = target.kind === 'folder' ? `${stem}.svg` : undefined;
      if (svgName !== undefined && target.kind === 'folder') await writeOutputFile(path.join(target.path, svgName), diagram.svg, io, inputs);
      text = renderMarkdown(report, { mermaid: diagram.mermaid, svgPath: svgName });
      break;
    }
  }
  await writeOutput(target, `${stem}.${format}`, text, io, inputs);
  return EXIT_OK;
}
