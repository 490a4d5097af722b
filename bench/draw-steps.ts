import type { Database } from '../src/db/database.ts';
import { query } from './bench-database.ts';
import { drawInNode, type LoadedEntrant } from './node-draw.ts';

// The two heavy statements of make_raffle, copied from migrations/0015_faster_freeze.sql (step 3, the
// entrants digest, and step 5, the winners' keys) with the PL/pgSQL variables turned into parameters.
// Keep them in step with the migration: they exist to show where make_raffle's time goes.

/** make_raffle step 3: the snapshot's lines in primary-key order, concatenated and hashed. $1 raffle id. */
export const DIGEST_PIECE = `
select encode(sha256(convert_to(coalesce(
         string_agg(lines.line, '') filter (where lines.excluded_reason is null), ''),
         'UTF8')), 'hex') as digest,
       count(*) filter (where lines.excluded_reason is null) as eligible,
       count(*) filter (where lines.excluded_reason is not null) as excluded
  from (select e.user_id || case when e.weight = 1 then E'\\t1\\n'
                                 else E'\\t' || trim_scale(e.weight)::text || E'\\n' end as line,
               e.excluded_reason
          from raffle_entrants e
         where e.raffle_id = $1
         order by e.user_id) lines`;

/**
 * make_raffle step 5 from 50,000 eligible entrants up, as make_raffle runs it: draw_ranked_entrants_wide
 * (a key per entrant, top k, allowed parallel workers). $1 raffle id, $2 seed, $3 k.
 */
export const TOP_K_PIECE = `
select array_agg(ranked.user_id order by ranked.key, ranked.user_id collate "C") as user_ids,
       array_agg(ranked.login order by ranked.key, ranked.user_id collate "C") as logins
  from draw_ranked_entrants_wide($1, $2, $3) ranked`;

/** Reads every row of a fresh snapshot once, so hint bits are set before anything is timed. */
export async function warmSnapshot(database: Database, raffleId: number): Promise<void> {
  await query(database, 'select count(*), sum(length(login)) from raffle_entrants where raffle_id = $1', [
    raffleId,
  ]);
}

/** The real draw; returns the winners' user ids by position. */
export async function drawWithMakeRaffle(database: Database, raffleId: number): Promise<string[]> {
  const [row] = await query<{ result: { status: string; winners: { userId: string }[] } }>(
    database,
    'select make_raffle($1) as result',
    [raffleId],
  );
  if (row?.result.status !== 'drawn')
    throw new Error(`make_raffle(${raffleId}) returned ${row?.result.status}`);
  return row.result.winners.map((winner) => winner.userId);
}

export async function digestPiece(database: Database, raffleId: number): Promise<void> {
  await query(database, DIGEST_PIECE, [raffleId]);
}

export async function topKPiece(
  database: Database,
  raffleId: number,
  seed: string,
  k: number,
): Promise<string[]> {
  const [row] = await query<{ user_ids: string[] }>(database, TOP_K_PIECE, [raffleId, seed, k]);
  return row?.user_ids ?? [];
}

/** The floor: weighted, one pass, but random() cannot be replayed by anyone. */
export async function drawWithOrderByRandom(database: Database, raffleId: number, k: number): Promise<void> {
  await query(
    database,
    `select user_id from raffle_entrants
      where raffle_id = $1 and excluded_reason is null
      order by -ln(random()) / weight::double precision
      limit $2`,
    [raffleId, k],
  );
}

export async function drawWithRunningSum(database: Database, raffleId: number, k: number): Promise<void> {
  await query(database, 'select bench_running_sum_draw($1, $2)', [raffleId, k]);
}

/** Loads the eligible rows and draws in Node; returns the winners and how long the load took. */
export async function drawWithNode(
  database: Database,
  raffleId: number,
  seed: string,
  k: number,
): Promise<{ winners: string[]; loadMs: number }> {
  const started = performance.now();
  const rows = await query<LoadedEntrant>(
    database,
    'select user_id, weight from raffle_entrants where raffle_id = $1 and excluded_reason is null',
    [raffleId],
  );
  const loadMs = performance.now() - started;
  return { winners: drawInNode(seed, rows, k), loadMs };
}

/** §4.1 step 1 alone: exclusions and the entrants digest fixed, nothing drawn. */
export async function freezeRaffle(database: Database, raffleId: number): Promise<void> {
  const [row] = await query<{ result: { status: string; entrantsDigest: string | null } }>(
    database,
    'select freeze_raffle($1) as result',
    [raffleId],
  );
  if (row?.result.status !== 'pending' || !row.result.entrantsDigest) {
    throw new Error(`freeze_raffle(${raffleId}) did not freeze a pending raffle`);
  }
}

/** Copies a snapshot to another pending raffle, stamped as taken (untimed set-up of the frozen draw). */
export async function copySnapshot(database: Database, from: number, to: number): Promise<void> {
  await query(
    database,
    `insert into raffle_entrants (raffle_id, user_id, login, weight, excluded_reason)
     select $2, user_id, login, weight, null from raffle_entrants where raffle_id = $1`,
    [from, to],
  );
  await query(database, 'update raffles set snapshot_at = now() where id = $1', [to]);
}
