// Whole processes, cold: a fresh Node process per run, as a user or CI runs `tm check`. The
// child runs under GNU time, which reports its CPU time and peak resident set size; wall time
// is measured around it here with a finer clock than time's centiseconds.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './statistics.js';

export interface ColdRun {
  wallMs: number;
  /** User plus system CPU time of the child: less sensitive than wall time to a busy machine. */
  cpuMs: number;
  peakRssMB: number;
}

const CLI = join(process.cwd(), 'bin', 'tm.js');
/** bench/lower-bound-main.ts, bundled by bench/build.mjs. */
const LOWER_BOUND = join(process.cwd(), 'out', 'bench-lower-bound.cjs');
const GNU_TIME = '/usr/bin/time';
const reportDir = mkdtempSync(join(tmpdir(), 'tm-bench-time-'));

/** Runs `node ...args` once; exit codes above `maxExitCode` are failures. */
function runOnce(args: string[], maxExitCode: number, env: NodeJS.ProcessEnv = process.env): Promise<ColdRun> {
  const report = join(reportDir, 'time.txt');
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(GNU_TIME, ['-f', '%U %S %M', '-o', report, process.execPath, ...args], { stdio: ['ignore', 'ignore', 'inherit'], env });
    child.on('error', reject);
    child.on('exit', code => {
      const wallMs = performance.now() - start;
      if (code === null || code > maxExitCode) return reject(new Error(`node ${args.join(' ')} exited with ${code}`));
      const [user, system, peakKB] = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      resolve({ wallMs, cpuMs: (user + system) * 1000, peakRssMB: peakKB / 1024 });
    });
  });
}

async function medianRun(repeats: number, args: string[], maxExitCode: number, env?: NodeJS.ProcessEnv): Promise<ColdRun> {
  const runs: ColdRun[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await runOnce(args, maxExitCode, env));
  return {
    wallMs: median(runs.map(run => run.wallMs)),
    cpuMs: median(runs.map(run => run.cpuMs)),
    peakRssMB: median(runs.map(run => run.peakRssMB)),
  };
}

let compileCacheWritten = false;

/**
 * `tm check FILE`, as a user runs it again and again: with the compile cache that the first
 * run after a build writes (bin/compile-cache.js). Exit 1 means the model has findings, which
 * the synthetic models do.
 */
export async function coldCheck(file: string, repeats: number): Promise<ColdRun> {
  const args = [CLI, 'check', file, '--today', '2026-11-01'];
  if (!compileCacheWritten) {
    await runOnce(args, 1);
    compileCacheWritten = true;
  }
  return medianRun(repeats, args, 1);
}

/** `tm check FILE` as the first run after a build or a Node upgrade: without a compile cache. */
export function coldCheckWithoutCompileCache(file: string, repeats: number): Promise<ColdRun> {
  return medianRun(repeats, [CLI, 'check', file, '--today', '2026-11-01'], 1, { ...process.env, TM_DISABLE_COMPILE_CACHE: '1' });
}

/** The lower bound as a whole process too: start Node, read the JSON file, parse it, resolve names. */
export function coldLowerBound(jsonFile: string, repeats: number): Promise<ColdRun> {
  return medianRun(repeats, [LOWER_BOUND, jsonFile], 0);
}
