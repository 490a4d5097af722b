import { formatCount, formatMs, formatPercent, formatRatio } from './format.ts';
import type { BenchEngine } from './protocol.ts';
import type { Results } from './statistics.ts';

/** How the tables name each engine. */
export const ENGINE_NAMES: Record<BenchEngine, string> = { postgres: 'PostgreSQL', pglite: 'PGlite' };

/** One performance target with what this run measured against it. */
export interface TargetLine {
  readonly target: string;
  readonly measured: string;
  readonly verdict: string;
}

function verdict(value: number, limit: number): string {
  return value <= limit
    ? `met (${formatPercent(1 - value / limit)} under)`
    : `**missed** by ${formatPercent(value / limit - 1)}`;
}

/** Why a figure is missing: the engine was not there, the size was not asked for, or the run failed. */
function missing(
  results: Results,
  engine: BenchEngine,
  sizes: readonly number[],
  unavailable?: string,
): string {
  if (unavailable) return `not measured (${unavailable})`;
  for (const size of sizes) {
    const run = results.find(engine, size);
    if (!run) return `not measured (BENCH_SIZES has no ${formatCount(size)})`;
    if (run.failure) return `not measured (${formatCount(size)}: ${run.failure})`;
  }
  return 'not measured';
}

const TARGET_WHAT: Record<'makeRaffle' | 'makeRaffleFrozen' | 'snapshotCopy', string> = {
  makeRaffleFrozen:
    '`make_raffle`, 10 winners, on a frozen snapshot (every draw with public randomness, the default, and every session tick)',
  makeRaffle:
    '`make_raffle`, 10 winners, freezing the snapshot in the same call (one-off draws with public randomness off)',
  snapshotCopy: 'entrant snapshot (COPY)',
};

function absoluteTarget(
  results: Results,
  engine: BenchEngine,
  figure: 'makeRaffle' | 'makeRaffleFrozen' | 'snapshotCopy',
  limitMs: number,
  unavailable?: string,
): TargetLine {
  const target = `${TARGET_WHAT[figure]}, 100,000 entrants, ${ENGINE_NAMES[engine]}: ≤ ${formatCount(limitMs)} ms`;
  const value = results.median(engine, 100_000, figure);
  if (value === undefined) {
    return { target, measured: '—', verdict: missing(results, engine, [100_000], unavailable) };
  }
  return { target, measured: `${formatMs(value)} ms`, verdict: verdict(value, limitMs) };
}

function scalingTarget(results: Results, engine: BenchEngine, unavailable?: string): TargetLine {
  const target = `\`make_raffle\`, 1,000,000 entrants, ${ENGINE_NAMES[engine]}: ≤ 12 × the 100,000 figure`;
  const small = results.median(engine, 100_000, 'makeRaffle');
  const large = results.median(engine, 1_000_000, 'makeRaffle');
  if (small === undefined || large === undefined) {
    return { target, measured: '—', verdict: missing(results, engine, [100_000, 1_000_000], unavailable) };
  }
  return {
    target,
    measured: `${formatMs(large)} ms = ${formatRatio(large / small)} of ${formatMs(small)} ms`,
    verdict: verdict(large / small, 12),
  };
}

/** The performance targets `npm run bench` can speak to; `postgresUnavailable` says why PostgreSQL has none. */
export function specTargets(results: Results, postgresUnavailable?: string): TargetLine[] {
  return [
    absoluteTarget(results, 'postgres', 'makeRaffleFrozen', 150, postgresUnavailable),
    absoluteTarget(results, 'postgres', 'makeRaffle', 150, postgresUnavailable),
    absoluteTarget(results, 'pglite', 'makeRaffleFrozen', 1500),
    absoluteTarget(results, 'pglite', 'makeRaffle', 1500),
    scalingTarget(results, 'postgres', postgresUnavailable),
    scalingTarget(results, 'pglite'),
    absoluteTarget(results, 'postgres', 'snapshotCopy', 300, postgresUnavailable),
  ];
}
