/** What the benchmarks share: running requests at a concurrency, percentiles, and plain-text tables. */
import { performance } from 'node:perf_hooks';

export interface Run {
  /** Each request's duration, ms. */
  readonly latencies: number[];
  readonly elapsedMs: number;
}

/** `count` calls of `one`, `concurrency` at a time (each worker starts the next as soon as its last ends). */
export async function runConcurrently(one: () => Promise<void>, count: number, concurrency: number): Promise<Run> {
  const latencies: number[] = [];
  let remaining = count;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (remaining > 0) {
      remaining -= 1;
      const begin = performance.now();
      await one();
      latencies.push(performance.now() - begin);
    }
  }));
  return { latencies, elapsedMs: performance.now() - started };
}

/** The nearest-rank percentile `p` (0–100) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** A table with aligned columns: the first `textColumns` left-aligned, the figures right-aligned. */
export function printTable(header: readonly string[], rows: readonly string[][], textColumns: number): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells
    .map((cell, column) => (column < textColumns ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  rows.forEach((row) => console.log(line(row)));
}
