// `tm diff <old.tm> <new.tm>` and `tm diff --git <ref> [paths]`: the semantic diff of a model
// for review, and a gate for pull requests (`--fail-on`).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { CliIO } from '../io.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../io.js';
import { parseCommandArgs, SETTINGS_OPTIONS, servicesFor } from '../options.js';
import { collectModelFiles } from '../files.js';
import { checkText } from '../load.js';
import { withoutByteOrderMark } from '../../language/model-files.js';
import { IMPORT_ROOT_OPTION, loadModel, reportOptions, warnAboutErrors, withImportRoot } from '../model-input.js';
import type { TmServiceSet } from '../../language/tm-module.js';
import type { Model } from '../../language/generated/ast.js';
import { analyzeModel } from '../../domain/analysis.js';
import type { FailCondition } from '../../report/diff.js';
import { diffModels, FAIL_CONDITIONS, gateFailures } from '../../report/diff.js';
import type { FileDiff } from '../../report/diff-format.js';
import { renderDiffMarkdown, renderDiffText } from '../../report/diff-format.js';

export const diffUsage = 'tm diff <old.tm> <new.tm> | tm diff --git <ref> [paths...]  [--format text|md] [--fail-on new-open-fix-now,new-uncovered,risk-up] [--coverage crossing|all|none] [--root DIR]';

const FORMATS = { text: renderDiffText, md: renderDiffMarkdown } as const;

const execFileAsync = promisify(execFile);

export async function runDiff(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...SETTINGS_OPTIONS,
    ...IMPORT_ROOT_OPTION,
    format: { type: 'string', default: 'text' },
    git: { type: 'string' },
    'fail-on': { type: 'string' },
  }, diffUsage);
  const render = FORMATS[values.format as keyof typeof FORMATS];
  if (!render) throw new UsageError(`unknown format '${String(values.format)}' (expected ${Object.keys(FORMATS).join(', ')})`);
  const conditions = failConditions(values['fail-on'] as string | undefined);
  const services = servicesFor(values);

  const pairs = values.git !== undefined
    ? await gitPairs(services, values.git as string, positionals, io, values.root as string | undefined)
    : await filePairs(services, positionals, io, values.root as string | undefined);
  const options = reportOptions(services);
  const files: FileDiff[] = pairs.map(pair => {
    const diff = diffModels(analyzeModel(pair.before), analyzeModel(pair.after), options);
    return { path: pair.path, diff, failures: gateFailures(diff, conditions) };
  });
  io.stdout(render(files));
  return files.some(file => file.failures.length > 0) ? EXIT_FINDINGS : EXIT_OK;
}

interface ModelPair {
  path: string;
  before: Model;
  after: Model;
}

function failConditions(given: string | undefined): FailCondition[] {
  if (given === undefined) return [];
  const names = given.split(',').map(name => name.trim()).filter(name => name !== '');
  for (const name of names) {
    if (!(FAIL_CONDITIONS as readonly string[]).includes(name)) throw new UsageError(`unknown --fail-on condition '${name}' (expected ${FAIL_CONDITIONS.join(', ')})`);
  }
  return names as FailCondition[];
}

async function filePairs(services: TmServiceSet, positionals: string[], io: CliIO, importRoot: string | undefined): Promise<ModelPair[]> {
  if (positionals.length !== 2) throw new UsageError(`give the old and the new model, or --git <ref>\nusage: ${diffUsage}`);
  const before = await loadModel(services, positionals[0], io, importRoot);
  const after = await loadModel(services, positionals[1], io, importRoot);
  warnAboutErrors(before, 'diff', io);
  warnAboutErrors(after, 'diff', io);
  return [{ path: positionals[1], before: before.model, after: after.model }];
}

/**
 * Every `.tm` file under the paths, in the working tree or at the ref: one only at the ref
 * was deleted (everything removed), one only in the working tree is new (everything added).
 */
async function gitPairs(services: TmServiceSet, ref: string, positionals: string[], io: CliIO, importRoot: string | undefined): Promise<ModelPair[]> {
  // A ref starting with `-` would be read by git as an option.
  if (ref === '' || ref.startsWith('-')) throw new UsageError(`--git needs a commit, branch or tag, not '${ref}'`);
  const paths = positionals.length > 0 ? positionals : ['.'];
  await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], io.cwd, `'${ref}' is not a commit in this git repository`);
  // NUL-separated: without -z, git quotes a name with non-ASCII or control characters
  // (`"mod\303\250le.tm"`), which would match no file in the working tree.
  const atRef = (await git(['ls-tree', '-r', '-z', '--name-only', ref, '--', ...paths], io.cwd, `cannot list the files of ${ref}`))
    .split('\0').filter(name => name.endsWith('.tm'));
  // A path deleted since the ref exists only there; ls-tree has listed its files.
  const onDisk = await filterAsync(paths, given => fs.stat(path.resolve(io.cwd, given)).then(() => true, () => false));
  const { files, errors } = await collectModelFiles(onDisk, io.cwd);
  if (errors.length > 0) throw new UsageError(errors[0]);
  const names = [...new Set([...files.map(file => toPosix(path.relative(io.cwd, file.absolutePath))), ...atRef])].sort();

  if (names.length === 0) throw new UsageError(`no .tm file under ${paths.join(', ')} in the working tree or at ${ref}`);
  const pairs: ModelPair[] = [];
  for (const name of names) {
    const absolute = path.resolve(io.cwd, name);
    const beforeText = atRef.includes(name) ? withoutByteOrderMark(await git(['show', `${ref}:./${name}`], io.cwd, `cannot read ${name} at ${ref}`)) : '';
    // Its own document URI, still ending in .tm so the tm services take it.
    const refPath = absolute.replace(/\.tm$/, `@${ref.replace(/[^\w.-]/g, '_')}.tm`);
    // Its imports are read from the working tree, beside the file (docs/reports.md, tm diff).
    const before = await checkText(services, withImportRoot({ displayPath: `${ref}:${name}`, absolutePath: refPath, importRoot: path.dirname(absolute) }, importRoot, io.cwd), beforeText);
    const inTree = files.some(file => file.absolutePath === absolute);
    const after = inTree ? await loadModel(services, name, io, importRoot) : await checkText(services, { displayPath: name, absolutePath: absolute }, '');
    if (inTree) warnAboutErrors(after, 'diff', io);
    pairs.push({ path: name, before: before.model!, after: after.model! });
  }
  return pairs;
}

async function git(args: string[], cwd: string, failure: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const detail = String((error as { stderr?: string }).stderr ?? '').trim().split('\n')[0];
    throw new UsageError(detail ? `${failure}: ${detail}` : failure);
  }
}

async function filterAsync<T>(items: readonly T[], keep: (item: T) => Promise<boolean>): Promise<T[]> {
  const kept = await Promise.all(items.map(keep));
  return items.filter((_, index) => kept[index]);
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}
