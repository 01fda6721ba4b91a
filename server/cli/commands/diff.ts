// `tm diff <old.tm> <new.tm>` and `tm diff --git <ref> [paths]`: the semantic diff of a model
// for review, and a gate for pull requests (`--fail-on`).
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
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
  // The old versions are checked inside a copy of every .tm file of the repository at the ref, so
  // that their imports are the libraries as they were then (docs/ci.md, tm diff).
  const snapshot = await modelsAtRef(ref, io.cwd);
  try {
    const pairs: ModelPair[] = [];
    for (const name of names) {
      const absolute = path.resolve(io.cwd, name);
      const beforeText = atRef.includes(name) ? withoutByteOrderMark(await git(['show', `${ref}:./${name}`], io.cwd, `cannot read ${name} at ${ref}`)) : '';
      const atSnapshot = snapshot.of(absolute);
      const beforeRoot = importRoot === undefined ? path.dirname(atSnapshot) : snapshot.of(path.resolve(io.cwd, importRoot));
      const before = await checkText(services, withImportRoot({ displayPath: `${ref}:${name}`, absolutePath: atSnapshot }, beforeRoot, io.cwd), beforeText);
      const inTree = files.some(file => file.absolutePath === absolute);
      const after = inTree ? await loadModel(services, name, io, importRoot) : await checkText(services, { displayPath: name, absolutePath: absolute }, '');
      if (inTree) warnAboutErrors(after, 'diff', io);
      pairs.push({ path: name, before: before.model!, after: after.model! });
    }
    return pairs;
  } finally {
    await fs.rm(snapshot.folder, { recursive: true, force: true });
  }
}

/**
 * Every `.tm` file of the repository at `ref`, written into a new temporary folder at its path in
 * the repository; `of` maps a path of the working tree (under `cwd`) to its place there (a path
 * outside the repository to the copy's root: nothing outside it was recorded at the ref).
 */
async function modelsAtRef(ref: string, cwd: string): Promise<{ folder: string; of: (absolute: string) => string }> {
  const prefix = (await git(['rev-parse', '--show-prefix'], cwd, 'not inside a git work tree')).trim();
  // `<mode> <type> <object>\t<path>` per entry, NUL-separated; objects are read by id, so no name is parsed by git twice.
  const blobs = (await git(['ls-tree', '-r', '-z', '--full-tree', ref], cwd, `cannot list the files of ${ref}`)).split('\0')
    .map(line => /^\d+ blob ([0-9a-f]+)\t(.*\.tm)$/s.exec(line)).filter(match => match !== null)
    .map(match => ({ id: match[1], name: match[2] }));
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'tm-diff-'));
  const top = path.resolve(cwd, prefix.split('/').filter(part => part !== '').map(() => '..').join('/') || '.');
  const of = (absolute: string) => {
    const relative = path.relative(top, absolute);
    return relative.startsWith('..') || path.isAbsolute(relative) ? folder : path.join(folder, relative);
  };
  try {
    const contents = await readBlobs(blobs.map(blob => blob.id), cwd);
    for (const [index, { name }] of blobs.entries()) {
      const target = path.join(folder, name);
      // git refuses `..` in a tree, but a crafted object store need not.
      if (path.relative(folder, target).startsWith('..')) continue;
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, contents[index]);
    }
  } catch (error) {
    await fs.rm(folder, { recursive: true, force: true });
    throw error;
  }
  return { folder, of };
}

/** The contents of git objects by id, in one `git cat-file --batch`. */
function readBlobs(ids: readonly string[], cwd: string): Promise<Buffer[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', error => reject(new UsageError(`cannot run git: ${error.message}`)));
    child.on('close', code => {
      const output = Buffer.concat(chunks);
      const blobs: Buffer[] = [];
      // Each object: `<id> blob <size>\n<content>\n`.
      for (let offset = 0; blobs.length < ids.length;) {
        const header = output.indexOf(0x0a, offset);
        const size = header < 0 ? NaN : Number(/ blob (\d+)$/.exec(output.toString('utf8', offset, header))?.[1]);
        if (!Number.isInteger(size)) return reject(new UsageError(`cannot read the models at the ref (git cat-file exited with ${code})`));
        blobs.push(output.subarray(header + 1, header + 1 + size));
        offset = header + 1 + size + 1;
      }
      resolve(blobs);
    });
    child.stdin.end(ids.map(id => `${id}\n`).join(''));
  });
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
