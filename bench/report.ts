import type { RunResult } from './child-runner.ts';
import { formatCount, formatMs, formatPercent, formatRatio } from './format.ts';
import type { Machine } from './machine.ts';
import { FIGURES, type Figure } from './protocol.ts';
import { type Results, summarize } from './statistics.ts';
import { ENGINE_NAMES, specTargets } from './targets.ts';

const SHORT_NAMES: Record<Figure, string> = {
  snapshotCopy: 'COPY',
  snapshotUnnest: 'INSERT…unnest',
  snapshotSeries: 'INSERT…generate_series',
  payloadPiece: 'payload',
  makeRaffle: 'make_raffle',
  freeze: 'freeze',
  makeRaffleFrozen: 'make_raffle on frozen',
  orderByRandom: 'ORDER BY random()',
  runningSum: 'running sum',
  nodeDraw: 'Node draw',
  nodeLoad: 'loading',
  digestPiece: 'digest piece',
  topKPiece: 'top-k piece',
};

/** Same-run ratios printed beside a figure: figure / each baseline. */
const COMPARISONS: Partial<Record<Figure, readonly Figure[]>> = {
  snapshotCopy: ['snapshotUnnest', 'snapshotSeries'],
  makeRaffle: ['orderByRandom', 'runningSum', 'nodeDraw'],
  makeRaffleFrozen: ['orderByRandom', 'makeRaffle'],
};
/** Figures shown as a share of a larger one they are part of. */
const SHARES: Partial<Record<Figure, Figure>> = {
  payloadPiece: 'snapshotCopy',
  digestPiece: 'makeRaffle',
  topKPiece: 'makeRaffle',
  freeze: 'makeRaffle',
  nodeLoad: 'nodeDraw',
};

/** Everything a report is made of. */
export interface ReportInput {
  readonly results: Results;
  readonly machine: Machine;
  readonly postgresVersion?: string;
  readonly postgresSettings?: Record<string, string>;
  readonly postgresUnavailable?: string;
  readonly pgliteServerVersion?: string;
  readonly startedAt: Date;
  readonly elapsedMs: number;
  readonly command: string;
  /** The migrations measured, with their checksums: make_raffle changes between runs. */
  readonly migrations: readonly string[];
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function runTitle(run: RunResult): string {
  return `${ENGINE_NAMES[run.task.engine]} ${formatCount(run.task.size)}`;
}

function comparedWith(run: RunResult, figure: Figure): string {
  const value = summarize(run.samples[figure])?.median;
  if (value === undefined) return '';
  const ratios = (COMPARISONS[figure] ?? []).flatMap((other) => {
    const base = summarize(run.samples[other])?.median;
    return base ? [`${SHORT_NAMES[figure]} / ${SHORT_NAMES[other]} = ${formatRatio(value / base)}`] : [];
  });
  const whole = SHARES[figure];
  const wholeValue = whole && summarize(run.samples[whole])?.median;
  if (whole && wholeValue) ratios.push(`${formatPercent(value / wholeValue)} of ${SHORT_NAMES[whole]}`);
  return ratios.join('; ');
}

function targetsTable(input: ReportInput): string {
  const lines = specTargets(input.results, input.postgresUnavailable);
  return table(
    ['target', 'measured (median)', 'verdict'],
    lines.map((line) => [line.target, line.measured, line.verdict]),
  );
}

function summaryTable(input: ReportInput): string {
  const runs = input.results.runs;
  const rows = (Object.keys(FIGURES) as Figure[]).map((figure) => [
    FIGURES[figure],
    ...runs.map((run) => {
      const summary = summarize(run.samples[figure]);
      return summary ? formatMs(summary.median) : 'not measured';
    }),
  ]);
  return table(['median ms', ...runs.map(runTitle)], rows);
}

function detailRows(run: RunResult): string[][] {
  const rows = (Object.keys(FIGURES) as Figure[]).map((figure) => {
    const summary = summarize(run.samples[figure]);
    if (!summary) return [FIGURES[figure], 'not measured', '—', '0', run.failure ?? ''];
    const range = `${formatMs(summary.min)}–${formatMs(summary.max)}`;
    return [
      FIGURES[figure],
      formatMs(summary.median),
      range,
      String(summary.count),
      comparedWith(run, figure),
    ];
  });
  // The two pieces run alone, so their sum can come out a little above make_raffle: the rest of
  // make_raffle is within the noise when it does.
  const whole = summarize(run.samples.makeRaffle)?.median;
  const digest = summarize(run.samples.digestPiece)?.median;
  const topK = summarize(run.samples.topKPiece)?.median;
  if (whole && digest && topK) {
    const share = `${formatPercent((digest + topK) / whole)} of make_raffle`;
    rows.push(['the two pieces together (derived)', formatMs(digest + topK), '—', '—', share]);
  }
  return rows;
}

function runNotes(run: RunResult): string[] {
  const notes: string[] = [];
  if (run.failure) {
    notes.push(`**Stopped early: ${run.failure}.** The figures above are the repetitions finished before.`);
  }
  if (run.facts) {
    const { winnersAgreed, winnersChecked, peakRssMb } = run.facts;
    const rss = run.task.engine === 'pglite' ? 'PGlite included' : 'the PostgreSQL server not included';
    notes.push(
      `Winners: make_raffle, the top-k piece and the Node draw named the same 10 winners in the same order in ${winnersAgreed}/${winnersChecked} repetitions. Peak RSS of the bench process: ${formatCount(peakRssMb)} MB (${rss}).`,
    );
  }
  return notes;
}

function detailSection(run: RunResult): string {
  const title = `### ${ENGINE_NAMES[run.task.engine]}, ${formatCount(run.task.size)} entrants (${run.task.repetitions} repetitions planned)`;
  const header = ['figure', 'median ms', 'min–max ms', 'n', 'compared in the same run'];
  return [title, '', table(header, detailRows(run)), '', ...runNotes(run)].join('\n').trimEnd();
}

function plansSection(input: ReportInput): string {
  const blocks: string[] = [];
  for (const engine of ['postgres', 'pglite'] as const) {
    const largest = input.results.runs.filter((run) => run.task.engine === engine && run.facts).at(-1);
    for (const [name, plan] of Object.entries(largest?.facts?.plans ?? {})) {
      blocks.push(
        `${ENGINE_NAMES[engine]}, ${formatCount(largest?.task.size ?? 0)} entrants, ${name}:`,
        '```',
        plan,
        '```',
      );
    }
  }
  return blocks.join('\n');
}

/** The tables printed at the end of a run. */
export function renderTables(input: ReportInput): string {
  return [
    targetsTable(input),
    '',
    summaryTable(input),
    '',
    ...input.results.runs.map((run) => `${detailSection(run)}\n`),
  ].join('\n');
}

function machineSection(input: ReportInput): string {
  const { machine } = input;
  const settings = Object.entries(input.postgresSettings ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  return [
    `- CPU: ${machine.cpu}, ${machine.cores} cores; memory ${machine.memoryGiB} GiB (shared machine: expect noise)`,
    `- Node ${machine.node}`,
    input.postgresVersion
      ? `- PostgreSQL: ${input.postgresVersion}${settings ? ` (${settings})` : ''}`
      : `- PostgreSQL: not measured (${input.postgresUnavailable ?? 'unknown reason'})`,
    `- PGlite ${machine.pglite}${input.pgliteServerVersion ? `: ${input.pgliteServerVersion}` : ''}, in memory`,
    `- Migrations measured: ${input.migrations.join(', ')}`,
  ].join('\n');
}

const METHOD = `## How it was measured
- Each engine and size runs in a process of its own (\`bench/engine-run.ts\`), so a failure at one
  million entrants on PGlite is reported instead of ending the run. PostgreSQL runs in a fresh
  database \`kinoyu_bench\`, dropped at the end, through a pool of one connection; autovacuum is off
  on \`raffle_entrants\` there, since make_raffle reads a snapshot before any ANALYZE could see it.
- Entrants are generated with a seeded generator: unique numeric user ids of 6–10 digits (mostly 8–9)
  in no particular order, Twitch-like logins, weights 1 (85 %), 1.5, 2 or 3.
- Each repetition creates a fresh pending raffle for every snapshot way, each written into an empty
  table (truncated between steps), in the transaction shape of \`RaffleRepository.snapshotAndDraw\`:
  lock the raffle, insert, stamp \`snapshot_at\`, commit; timed from the JS array in hand to commit.
  Pending raffles are made by \`RaffleRepository.createPending\` and the COPY payload by the
  repository's \`snapshotCopyPayload\`, with its \`ENTRANT_COLUMNS\`: the code \`snapshotAndDraw\` runs.
- The snapshot written by COPY is then read once, untimed (so hint bits are set), and on it run, each
  as one statement: the digest piece, the top-k piece, \`ORDER BY -ln(random())/weight LIMIT 10\`,
  the running-sum baseline, the Node draw, and last \`make_raffle\` (3 prizes with quantities, the
  default 30-minute cooldown, no recent winner yet), which freezes the snapshot (exclusions, digest) and draws in one call. The pieces are
  make_raffle's steps 3 and 5 copied into \`bench/draw-steps.ts\`.
- Then the same entrants are copied (INSERT … SELECT, untimed) under a second pending raffle, read once,
  frozen by \`freeze_raffle\` (timed: what §4.1 step 1 runs before the round is chosen, and what a
  session tick runs ahead of its due time) and drawn by \`make_raffle\` (timed): the draw as the product
  makes it with public randomness on (the default), where the freeze is done before the wait for the
  round; its cooldown excludes the 10 winners of the one-call draw. A one-off draw with public
  randomness off runs the one-call figure.
- The running-sum baseline is a PL/pgSQL function (\`bench_running_sum_draw\`, created in the bench
  database only): 10 rounds, each \`sum(weight)\` over the remaining entrants, \`r = random() * total\`,
  then the first entrant whose \`sum(weight) over (order by user_id)\` passes \`r\`; earlier winners are
  excluded. One call, so no client round trips are counted against it.
- The Node draw loads \`user_id, weight\` of the eligible rows, then computes the draw algorithm's keys with
  \`crypto.hash('sha256')\` and keeps the 10 smallest; its winners are checked against make_raffle's.
- Figures are medians of the repetitions; ratios compare medians of the same run. Timings are
  reported, never asserted.`;

/** bench/RESULTS.md. */
export function renderReport(input: ReportInput): string {
  const plans = plansSection(input);
  return [
    '# KinoYu benchmark results',
    '',
    `Measured ${input.startedAt.toISOString()} with \`${input.command}\` (${formatMs(input.elapsedMs / 1000)} s in all).`,
    '',
    '## Machine and code measured',
    machineSection(input),
    '',
    '## Results',
    renderTables(input),
    ...(plans
      ? ['## Plans of the two pieces (EXPLAIN ANALYZE, last repetition of the largest size)', plans, '']
      : []),
    METHOD,
    '',
  ].join('\n');
}
