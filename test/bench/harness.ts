/**
 * Tiny benchmark harness: run a function several times, report the median. Benchmarks compare against a baseline
 * measured in the same process, so ratios stay meaningful on a noisy machine.
 */
import { performance } from 'node:perf_hooks';

export interface Bench {
  name: string;
  /** Runs the benchmark and returns the lines to print (figures with medians and ratios). */
  run(): Promise<string[]>;
}

/** Runs a full garbage collection when node was started with --expose-gc (`npm run bench` is). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Median of the durations (ms) of `runs` calls of `fn`, after `warmup` unmeasured calls. Each call starts from a
 * collected heap, as a fresh CLI process would: otherwise a sample pays for the garbage of the one before it.
 */
export async function medianMs(fn: () => unknown, runs = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeOnce(fn));
  return median(samples);
}

/** The duration (ms) of one call of `fn`, started from a collected heap. */
export async function timeOnce(fn: () => unknown): Promise<number> {
  collectGarbage();
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
