// Small helpers every section of the benchmark shares.
import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Milliseconds an async action takes. */
export async function timed(action: () => unknown): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/** The median of `repeats` timings, each of a fresh run of `action`. */
export async function medianOf(repeats: number, action: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) times.push(await timed(action));
  return median(times);
}
