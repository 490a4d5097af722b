// One engine at one size, in a process of its own (started by bench/run.ts): a million entrants on
// PGlite may run out of memory or time, and the parent must live on to report it.
import { type Database, openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrator.ts';
import {
  RaffleRepository,
  type SnapshotEntrant,
  snapshotCopyPayload,
} from '../src/raffles/raffle-repository.ts';
import {
  clearRaffles,
  createBenchChannel,
  engineFacts,
  installBaselines,
  query,
  raffleSeed,
} from './bench-database.ts';
import {
  copySnapshot,
  DIGEST_PIECE,
  digestPiece,
  drawWithMakeRaffle,
  drawWithNode,
  drawWithOrderByRandom,
  drawWithRunningSum,
  freezeRaffle,
  TOP_K_PIECE,
  topKPiece,
  warmSnapshot,
} from './draw-steps.ts';
import { generateEntrants } from './entrants.ts';
import { formatCount, formatMs } from './format.ts';
import { type BenchTask, type ChildMessage, FIGURES, type Figure } from './protocol.ts';
import { snapshotWithCopy, snapshotWithGenerateSeries, snapshotWithUnnest } from './snapshot-steps.ts';

const WINNERS = 10;

const task = JSON.parse(process.argv[2] ?? '{}') as BenchTask;
const prefix = `[${task.engine} ${formatCount(task.size)}]`;
// Step by step for the long sizes; one line per repetition is enough for the short ones.
const stepByStep = task.size >= 100_000;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('bench/engine-run.ts is started by bench/run.ts'));
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

function progress(text: string): void {
  process.stdout.write(`${prefix} ${text}\n`);
}

async function measure<T>(figure: Figure, work: () => Promise<T>): Promise<T> {
  if (stepByStep) process.stdout.write(`${prefix}     ${FIGURES[figure]}… `);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  if (stepByStep) process.stdout.write(`${formatMs(ms)} ms\n`);
  await send({ type: 'sample', figure, ms });
  return result;
}

async function explain(database: Database, text: string, parameters: unknown[]): Promise<string> {
  const rows = await query<{ 'QUERY PLAN': string }>(
    database,
    `explain (analyze, costs off) ${text}`,
    parameters,
  );
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

/** Whether the Node draw and the top-k queries found make_raffle's winners: the bench measures the same work. */
function sameWinners(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((userId, index) => userId === b[index]);
}

interface PendingRaffle {
  readonly id: number;
  readonly seed: string;
  readonly channelId: number;
}

/** A pending raffle as the services make it (fresh CSPRNG seed, commitment), with its seed read back. */
async function createPendingRaffle(database: Database, channelId: number): Promise<PendingRaffle> {
  const { id } = await new RaffleRepository(database).createPending({ channelId, winnersRequested: WINNERS });
  return { id, seed: await raffleSeed(database, id), channelId };
}

/**
 * The snapshot alternatives, each into the same empty table, then the production path; returns the
 * raffle whose snapshot the draws read.
 */
async function snapshotSteps(
  database: Database,
  channelId: number,
  entrants: readonly SnapshotEntrant[],
): Promise<PendingRaffle> {
  const unnest = await createPendingRaffle(database, channelId);
  await measure('snapshotUnnest', () => snapshotWithUnnest(database, unnest.id, entrants));
  await clearRaffles(database);
  const series = await createPendingRaffle(database, channelId);
  await measure('snapshotSeries', () => snapshotWithGenerateSeries(database, series.id, entrants.length));
  await clearRaffles(database);
  await measure('payloadPiece', async () => snapshotCopyPayload(0, entrants).length);
  const raffle = await createPendingRaffle(database, channelId);
  await measure('snapshotCopy', () => snapshotWithCopy(database, raffle.id, entrants));
  await warmSnapshot(database, raffle.id);
  return raffle;
}

/** Every draw over the frozen snapshot, make_raffle last; returns whether all named the same winners. */
async function drawSteps(database: Database, raffle: PendingRaffle): Promise<boolean> {
  await measure('digestPiece', () => digestPiece(database, raffle.id));
  const topK = await measure('topKPiece', () => topKPiece(database, raffle.id, raffle.seed, WINNERS));
  await measure('orderByRandom', () => drawWithOrderByRandom(database, raffle.id, WINNERS));
  await measure('runningSum', () => drawWithRunningSum(database, raffle.id, WINNERS));
  const node = await measure('nodeDraw', () => drawWithNode(database, raffle.id, raffle.seed, WINNERS));
  await send({ type: 'sample', figure: 'nodeLoad', ms: node.loadMs });
  const winners = await measure('makeRaffle', () => drawWithMakeRaffle(database, raffle.id));
  await frozenDrawSteps(database, raffle);
  return [node.winners, topK].every((other) => sameWinners(winners, other));
}

/**
 * The draw as the product makes it with public randomness on (and as a session tick does): the snapshot
 * frozen first (§4.1 step 1, before the round is waited for), then make_raffle. The same entrants under
 * a second pending raffle, copied untimed.
 */
async function frozenDrawSteps(database: Database, drawn: PendingRaffle): Promise<void> {
  const raffle = await createPendingRaffle(database, drawn.channelId);
  await copySnapshot(database, drawn.id, raffle.id);
  await warmSnapshot(database, raffle.id);
  await measure('freeze', () => freezeRaffle(database, raffle.id));
  await measure('makeRaffleFrozen', () => drawWithMakeRaffle(database, raffle.id));
}

async function piecePlans(database: Database, raffle: PendingRaffle): Promise<Record<string, string>> {
  return {
    [FIGURES.digestPiece]: await explain(database, DIGEST_PIECE, [raffle.id]),
    [FIGURES.topKPiece]: await explain(database, TOP_K_PIECE, [raffle.id, raffle.seed, WINNERS]),
  };
}

/** All repetitions, each from fresh pending raffles; the plans come from the last one. */
async function repeat(database: Database, channelId: number, entrants: readonly SnapshotEntrant[]) {
  let winnersAgreed = 0;
  let plans: Record<string, string> = {};
  for (let index = 1; index <= task.repetitions; index += 1) {
    await send({ type: 'repetition', index });
    const started = performance.now();
    if (stepByStep) progress(`repetition ${index}/${task.repetitions}`);
    const raffle = await snapshotSteps(database, channelId, entrants);
    if (await drawSteps(database, raffle)) winnersAgreed += 1;
    if (index === task.repetitions) plans = await piecePlans(database, raffle);
    await clearRaffles(database);
    if (!stepByStep) {
      progress(`repetition ${index}/${task.repetitions} done in ${formatMs(performance.now() - started)} ms`);
    }
  }
  return { winnersAgreed, plans };
}

async function main(): Promise<void> {
  progress(
    task.engine === 'pglite'
      ? 'starting PGlite in memory (its initdb takes several seconds) and migrating…'
      : 'connecting to PostgreSQL and migrating…',
  );
  const database = await openDatabase(
    task.engine === 'postgres' ? { databaseUrl: task.databaseUrl, poolSize: 1 } : {},
  );
  try {
    await migrate(database);
    await installBaselines(database);
    await clearRaffles(database);
    const channelId = await createBenchChannel(database, `bench_${task.size}_${process.pid}`);
    progress(`generating ${formatCount(task.size)} entrants…`);
    const entrants = generateEntrants(task.size);

    const { winnersAgreed, plans } = await repeat(database, channelId, entrants);
    const { serverVersion, settings } = await engineFacts(database);
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const winnersChecked = task.repetitions;
    await send({
      type: 'done',
      facts: { serverVersion, settings, plans, winnersAgreed, winnersChecked, peakRssMb },
    });
  } finally {
    await database.close();
  }
}

main().then(
  () => process.disconnect?.(),
  async (error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${prefix} failed: ${error instanceof Error ? (error.stack ?? reason) : reason}\n`);
    await send({ type: 'failed', reason }).catch(() => undefined);
    process.exit(1);
  },
);
