import { performance } from "node:perf_hooks";

/** One line of the benchmark table. */
export interface BenchResult {
  /** What was measured, in words. */
  name: string;
  value: number;
  unit: string;
  /** The target in words ("≤ 3x"); absent for figures shown for context. */
  target?: string;
  /** Whether the target is met; absent when there is no target. */
  pass?: boolean;
}

/** A bench module: bench/index.ts runs each one and prints their results together. */
export interface BenchModule {
  title: string;
  run(): Promise<BenchResult[]>;
}

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  iterations: number;
}

/**
 * Times `work` after `warmup` unmeasured runs (so the JIT has settled) and reports the median of
 * `iterations` runs, which is steadier than the mean on a shared machine.
 */
export function time(work: () => unknown, options: { warmup?: number; iterations?: number } = {}): Timing {
  const warmup = options.warmup ?? 3;
  const iterations = Math.max(1, options.iterations ?? 9);
  for (let i = 0; i < warmup; i++) work();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: median(samples), minMs: samples[0]!, maxMs: samples[samples.length - 1]!, iterations };
}

/**
 * Times several pieces of work in alternation (a, b, a, b, …) so that a slow spell on a shared
 * machine hits all of them alike, which keeps their ratio honest.
 */
export function timeInterleaved<K extends string>(
  work: Record<K, () => unknown>,
  options: { warmup?: number; iterations?: number } = {},
): Record<K, Timing> {
  const names = Object.keys(work) as K[];
  const warmup = options.warmup ?? 3;
  const iterations = Math.max(1, options.iterations ?? 9);
  for (let i = 0; i < warmup; i++) for (const name of names) work[name]();
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < iterations; i++) {
    for (const name of names) {
      const start = performance.now();
      work[name]();
      samples[name].push(performance.now() - start);
    }
  }
  return Object.fromEntries(names.map((name) => {
    const sorted = [...samples[name]].sort((a, b) => a - b);
    return [name, { medianMs: median(sorted), minMs: sorted[0]!, maxMs: sorted[sorted.length - 1]!, iterations }];
  })) as Record<K, Timing>;
}

export function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
