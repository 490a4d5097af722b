/** Which database a benchmark run measures. */
export type BenchEngine = 'postgres' | 'pglite';

/** Every figure the benchmark measures, with the label printed in the tables. */
export const FIGURES = {
  snapshotCopy: 'snapshot: COPY, as RaffleRepository.snapshotAndDraw',
  snapshotUnnest: 'snapshot baseline: INSERT … SELECT … FROM unnest($arrays)',
  snapshotSeries: 'snapshot upper bound: INSERT … generate_series (server only)',
  payloadPiece: 'piece: building the COPY payload in JS only (sorting by user id included)',
  makeRaffle: 'make_raffle, freezing the snapshot in the same call',
  freeze: 'freeze_raffle: exclusions and entrants digest (§4.1 step 1)',
  makeRaffleFrozen: 'make_raffle on a frozen snapshot',
  orderByRandom: 'baseline: ORDER BY -ln(random())/weight LIMIT 10',
  runningSum: "baseline: the original's running-sum SQL, 10 draws",
  nodeDraw: 'baseline: draw in Node (load rows, SHA-256, top 10)',
  nodeLoad: 'piece: Node draw, loading the rows only',
  digestPiece: 'piece: entrants digest query (make_raffle step 3)',
  topKPiece: 'piece: top-k key query (make_raffle step 5)',
} as const;

export type Figure = keyof typeof FIGURES;

/** What the parent asks a child process to measure. */
export interface BenchTask {
  readonly engine: BenchEngine;
  readonly size: number;
  readonly repetitions: number;
  /** The bench database on the PostgreSQL server; unset for PGlite. */
  readonly databaseUrl?: string;
}

/** What a child learned besides timings, sent once at the end. */
export interface RunFacts {
  /** `select version()` on the engine (PGlite reports the PostgreSQL it embeds). */
  readonly serverVersion: string;
  readonly settings: Record<string, string>;
  /** EXPLAIN (ANALYZE, COSTS OFF) of the two make_raffle pieces, on the last snapshot. */
  readonly plans: Record<string, string>;
  /** Repetitions whose make_raffle winners equal the Node draw's and the top-k piece's. */
  readonly winnersAgreed: number;
  readonly winnersChecked: number;
  readonly peakRssMb: number;
}

/** Messages a child sends to the parent over the IPC channel. */
export type ChildMessage =
  | { readonly type: 'repetition'; readonly index: number }
  | { readonly type: 'sample'; readonly figure: Figure; readonly ms: number }
  | { readonly type: 'done'; readonly facts: RunFacts }
  | { readonly type: 'failed'; readonly reason: string };
