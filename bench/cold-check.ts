// Whole-process `tm check`, cold: a fresh Node process per run, as a user or CI runs it. The
// child runs under GNU time, which reports its peak resident set size; wall time is measured
// around it here with a finer clock than time's centiseconds.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './statistics.js';

export interface ColdCheck {
  wallMs: number;
  /** User plus system CPU time of the child: less sensitive than wall time to a busy machine. */
  cpuMs: number;
  peakRssMB: number;
}

const CLI = join(process.cwd(), 'bin', 'tm.js');
const GNU_TIME = '/usr/bin/time';
const reportDir = mkdtempSync(join(tmpdir(), 'tm-bench-time-'));

function checkOnce(file: string): Promise<ColdCheck> {
  const report = join(reportDir, 'time.txt');
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(GNU_TIME, ['-f', '%U %S %M', '-o', report, process.execPath, CLI, 'check', file, '--today', '2026-11-01'], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', code => {
      const wallMs = performance.now() - start;
      // Exit 1 means the model has findings, which the synthetic models do; 2 and up is a failure.
      if (code === null || code > 1) return reject(new Error(`tm check ${file} exited with ${code}`));
      const [user, system, peakKB] = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      resolve({ wallMs, cpuMs: (user + system) * 1000, peakRssMB: peakKB / 1024 });
    });
  });
}

export async function coldCheck(file: string, repeats: number): Promise<ColdCheck> {
  const runs: ColdCheck[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await checkOnce(file));
  return {
    wallMs: median(runs.map(run => run.wallMs)),
    cpuMs: median(runs.map(run => run.cpuMs)),
    peakRssMB: median(runs.map(run => run.peakRssMB)),
  };
}
