import { performance } from 'node:perf_hooks';

/** One row of a benchmark table; bench/run.ts prints and saves these. */
export interface BenchRow {
  name: string;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * Times `fn` in-process: a warm-up (so the JIT has compiled it), then `iterations` timed calls.
 * Awaits `fn` only when it returns a promise, so synchronous code is timed without microtask noise.
 */
export async function timeIt(name: string, fn: () => unknown, iterations: number, warmup = Math.min(300, iterations)): Promise<BenchRow> {
  for (let i = 0; i < warmup; i++) {
    const r = fn();
    if (r instanceof Promise) await r;
  }
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    const r = fn();
    if (r instanceof Promise) await r;
    samples.push(performance.now() - t);
  }
  const totalMs = performance.now() - start;
  samples.sort((a, b) => a - b);
  return {
    name,
    opsPerSec: Math.round((iterations / totalMs) * 1000),
    p50Ms: +percentile(samples, 50).toFixed(4),
    p99Ms: +percentile(samples, 99).toFixed(4),
  };
}
