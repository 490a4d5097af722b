import type { RunResult } from './child-runner.ts';
import type { BenchEngine, Figure } from './protocol.ts';

/** Median, minimum and maximum of one figure's samples. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

export function summarize(samples: readonly number[] | undefined): Summary | undefined {
  if (!samples?.length) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted.at(-1) as number, count: sorted.length };
}

/** All runs of a benchmark, looked up by engine and size. */
export class Results {
  constructor(readonly runs: readonly RunResult[]) {}

  find(engine: BenchEngine, size: number): RunResult | undefined {
    return this.runs.find((run) => run.task.engine === engine && run.task.size === size);
  }

  median(engine: BenchEngine, size: number, figure: Figure): number | undefined {
    return summarize(this.find(engine, size)?.samples[figure])?.median;
  }
}

/** The p-th percentile (nearest rank) of some samples; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  return (
    [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? 0
  );
}
