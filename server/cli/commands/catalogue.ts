// `tm catalogue list|show <id>|test [path] [--json]`: the catalogue that models under `path`
// (default: the working directory) are checked against — the default pack at the pinned version
// with the repository's team packs — listed, one entry shown, or its packs checked and their
// examples run (docs/catalogue.md). Exit codes as `tm check`: 0 ok, 1 failures, 2 usage.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { CliIO } from '../io.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../io.js';
import { parseCommandArgs, servicesFor } from '../options.js';
import { checkText } from '../load.js';
import { describeFsError } from '../files.js';
import { escapeTerminal } from '../../escape/terminal.js';
import type { Catalogue } from '../../catalogue/catalogue.js';
import { Catalogues, defaultOnlyCatalogue } from '../../catalogue/catalogues.js';
import { exampleFailure } from '../../catalogue/examples.js';
import type { CatalogueEntry, PackProblem } from '../../catalogue/pack.js';
import { findTeamPackFolder } from '../../catalogue/repository-packs.js';
import { IssueCodes } from '../../language/issue-codes.js';

export const catalogueUsage = 'tm catalogue list [path] [--json] | tm catalogue show <id> [path] [--json] | tm catalogue test [path] [--json]';

interface Located {
  catalogue: Catalogue;
  /** The `.tm/catalogue` folder, when the repository has one. */
  folder?: string;
  /** A path as shown: relative to the working directory, as `tm check` shows files. */
  display: (file: string) => string;
}

const ACTIONS: Record<string, (args: string[], located: Located, json: boolean, io: CliIO) => Promise<number> | number> = {
  list: (_ids, located, json, io) => list(located, json, io),
  show,
  test: (_ids, located, json, io) => test(located, json, io),
};

export async function runCatalogue(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean', default: false } }, catalogueUsage);
  const [action, ...rest] = positionals;
  const run = action === undefined ? undefined : ACTIONS[action];
  if (!run) throw new UsageError(`${action === undefined ? 'no action given' : `unknown action '${action}'`} (expected list, show or test)\nusage: ${catalogueUsage}`);
  const idArgs = action === 'show' ? 1 : 0;
  if (action === 'show' && rest.length === 0) throw new UsageError(`show needs the id of an entry\nusage: ${catalogueUsage}`);
  if (rest.length > idArgs + 1) throw new UsageError(`too many arguments\nusage: ${catalogueUsage}`);
  const located = await locate(rest[idArgs] ?? '.', io.cwd);
  return run(rest.slice(0, idArgs), located, values.json === true, io);
}

/** The catalogue of the models in or at `given`. */
async function locate(given: string, cwd: string): Promise<Located> {
  const absolute = path.resolve(cwd, given);
  let directory: string;
  try {
    directory = (await fs.stat(absolute)).isDirectory() ? absolute : path.dirname(absolute);
  } catch (error) {
    throw new UsageError(`cannot read ${given}: ${describeFsError(error)}`);
  }
  const display = (file: string) => (path.isAbsolute(file) ? path.relative(cwd, file) || file : file);
  const folder = await findTeamPackFolder(directory);
  if (!folder) return { catalogue: defaultOnlyCatalogue(), display };
  return { catalogue: (await new Catalogues().load(folder)).catalogue, folder, display };
}

function describeSource(located: Located): string {
  const version = located.catalogue.defaultVersion;
  const base = version === 'none' ? 'no default pack (default-pack: none)' : `the default pack ${version}`;
  return located.folder ? `${base} with the team packs in ${located.display(located.folder)}` : base;
}

function summary(entry: CatalogueEntry, located: Located): Record<string, unknown> {
  return {
    id: entry.id, title: entry.title, on: entry.on, stride: entry.stride, refs: entry.refs, source: located.display(entry.source), line: entry.line,
    ...(entry.base ? { base: entry.base } : {}), ...(entry.disabled ? { disabled: true } : {}),
  };
}

function list(located: Located, json: boolean, io: CliIO): number {
  const entries = [...located.catalogue.pack.byId.values()];
  if (json) {
    io.stdout(`${JSON.stringify({ defaultPack: located.catalogue.defaultVersion, folder: located.folder ?? null, entries: entries.map(entry => summary(entry, located)), problems: shownProblems(located) }, null, 2)}\n`);
  } else {
    const width = Math.max(0, ...entries.map(entry => entry.id.length));
    const lines = entries.map(entry => `${entry.id.padEnd(width)}  ${entry.on.padEnd(8)} ${entry.stride.join('').padEnd(6)} ${entry.title}${entry.disabled ? ' (disabled)' : ''}`);
    io.stdout(`${[...lines, `${entries.length} entries: ${describeSource(located)}.`].map(escapeTerminal).join('\n')}\n`);
    printProblems(located, io);
  }
  return located.catalogue.problems.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function show([id]: string[], located: Located, json: boolean, io: CliIO): number {
  const entry = located.catalogue.pack.byId.get(id);
  if (!entry) throw new UsageError(`no entry '${id}' in ${describeSource(located)} (tm catalogue list shows them)`);
  if (json) {
    io.stdout(`${JSON.stringify({ ...summary(entry, located), description: entry.description, when: entry.when, because: entry.because, mitigations: entry.mitigations, examples: entry.examples }, null, 2)}\n`);
    return EXIT_OK;
  }
  const origin = entry.base ? ` (${entry.base.relation === 'override' ? 'overrides' : 'extends'} ${entry.base.id})` : '';
  const lines = [
    `${entry.id}: ${entry.title}${entry.disabled ? ' (disabled)' : ''}`,
    `from ${located.display(entry.source)}:${entry.line}${origin}`,
    `on ${entry.on}, STRIDE ${entry.stride.join(', ')}`,
    ...(entry.refs.length > 0 ? [`refs ${entry.refs.join(', ')}`] : []),
    ...(entry.description ? ['', entry.description] : []),
    '', 'when:', ...stringify(entry.when).trimEnd().split('\n').map(line => `  ${line}`),
    `because: ${entry.because}`,
    ...(entry.mitigations.length > 0 ? ['', 'mitigations:', ...entry.mitigations.map(mitigation => `  - ${mitigation.text}${mitigation.refs.length > 0 ? ` (${mitigation.refs.join(', ')})` : ''}`)] : []),
    ...(entry.examples.length > 0 ? ['', `${entry.examples.length} example${entry.examples.length === 1 ? '' : 's'} (tm catalogue test runs them)`] : []),
  ];
  io.stdout(`${lines.map(line => /^ */.exec(line)![0] + escapeTerminal(line)).join('\n')}\n`);
  return EXIT_OK;
}

async function test(located: Located, json: boolean, io: CliIO): Promise<number> {
  const services = servicesFor({});
  const pack = located.catalogue.pack;
  const failures: Array<{ id: string; example: number; source: string; line: number; message: string }> = [];
  let examples = 0;
  for (const entry of pack.byId.values()) {
    for (const [index, example] of entry.examples.entries()) {
      examples++;
      // A path of its own per example, in the team pack folder, so that it is checked as a model of this repository would be.
      const file = path.join(located.folder ?? io.cwd, `${entry.id.replace(/[^a-z0-9-]/g, '_')}.example-${index + 1}.tm`);
      const checked = await checkText(services, { displayPath: file, absolutePath: file }, example.model);
      const syntaxErrors = checked.diagnostics.filter(diagnostic => diagnostic.code === IssueCodes.SyntaxError).map(diagnostic => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value));
      const failure = exampleFailure(entry, index, checked.model, syntaxErrors, pack);
      if (failure) failures.push({ id: entry.id, example: index + 1, source: located.display(entry.source), line: entry.line, message: failure });
    }
  }
  const problems = shownProblems(located);
  if (json) {
    io.stdout(`${JSON.stringify({ defaultPack: located.catalogue.defaultVersion, folder: located.folder ?? null, entries: pack.byId.size, examples, failures, problems }, null, 2)}\n`);
  } else {
    const lines = failures.map(failure => `${failure.source}:${failure.line}:1: error failed-example: ${failure.id} example ${failure.example}: ${failure.message}`);
    io.stdout(lines.map(line => `${escapeTerminal(line)}\n`).join(''));
    printProblems(located, io);
    io.stdout(`${escapeTerminal(`${pack.byId.size} entries, ${examples} examples: ${failures.length} failed, ${problems.length} pack problem${problems.length === 1 ? '' : 's'} (${describeSource(located)}).`)}\n`);
  }
  return failures.length > 0 || problems.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function shownProblems(located: Located): PackProblem[] {
  return located.catalogue.problems.map(problem => ({ ...problem, source: located.display(problem.source) }));
}

function printProblems(located: Located, io: CliIO): void {
  for (const problem of shownProblems(located)) io.stdout(`${escapeTerminal(`${problem.source}:${problem.line}:1: error ${IssueCodes.InvalidCataloguePack}: ${problem.message}`)}\n`);
}
