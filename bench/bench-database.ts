import { CompiledQuery } from 'kysely';
import type { Database, RawTransaction } from '../src/db/database.ts';

/** Runs one statement outside any explicit transaction (autocommit), as the services do. */
export async function query<R = Record<string, unknown>>(
  database: Database,
  text: string,
  parameters: readonly unknown[] = [],
): Promise<R[]> {
  const result = await database.db.executeQuery<R>(CompiledQuery.raw(text, [...parameters]));
  return [...result.rows];
}

// The original prototype drew one winner at a time: r = random() * total, then the first entrant
// whose running weight sum (window, in user id order) passes r; earlier winners are left out of the
// next round. Written as one PL/pgSQL function so that its ten rounds cost no client round trips,
// which is the kindest reading of it. Created in the bench database only.
const RUNNING_SUM_FUNCTION = `
create or replace function bench_running_sum_draw(p_raffle_id bigint, p_winners integer) returns text[]
language plpgsql
as $$
declare
  v_winners text[] := '{}';
  v_total numeric;
  v_r numeric;
  v_winner text;
begin
  for v_round in 1 .. p_winners loop
    select sum(e.weight) into v_total
      from raffle_entrants e
     where e.raffle_id = p_raffle_id and e.excluded_reason is null and e.user_id <> all (v_winners);
    exit when v_total is null;
    v_r := random()::numeric * v_total;
    select running.user_id into v_winner
      from (select e.user_id, sum(e.weight) over (order by e.user_id) as running
              from raffle_entrants e
             where e.raffle_id = p_raffle_id and e.excluded_reason is null
               and e.user_id <> all (v_winners)) running
     where running.running > v_r
     order by running.running
     limit 1;
    v_winners := v_winners || v_winner;
  end loop;
  return v_winners;
end
$$`;

/** Creates the baseline function the benchmark needs next to the migrated schema. */
export async function installBaselines(database: Database): Promise<void> {
  await query(database, RUNNING_SUM_FUNCTION);
}

/**
 * A channel that draws 10 winners among 3 prizes with quantities, with the default settings (a
 * 30-minute cooldown): a repetition's first draw finds no recent winner (the tables are emptied between
 * repetitions), its draw on a frozen snapshot excludes the 10 that draw made. Quantities outlast every
 * repetition.
 */
export async function createBenchChannel(database: Database, login: string): Promise<number> {
  const [channel] = await query<{ id: number }>(
    database,
    'insert into channels (login, display_name) values ($1, $1) returning id',
    [login],
  );
  if (!channel) throw new Error('the bench channel was not created');
  await query(
    database,
    `insert into items (channel_id, name, weight, quantity)
     values ($1, 'Steam key', 60, 5000), ($1, 'Sub gift', 30, 2000), ($1, 'Headset', 10, 500)`,
    [channel.id],
  );
  return channel.id;
}

/** The seed createPending chose; the top-k piece and the Node draw need it before make_raffle reveals it. */
export async function raffleSeed(database: Database, raffleId: number): Promise<string> {
  const [raffle] = await query<{ seed: string }>(database, 'select seed from raffles where id = $1', [
    raffleId,
  ]);
  if (!raffle) throw new Error(`raffle ${raffleId} does not exist`);
  return raffle.seed;
}

/**
 * Empties the raffle tables between steps, so each insert starts from the same empty table and a
 * PGlite holding a million rows never holds two millions. Channels and prizes stay.
 */
export async function clearRaffles(database: Database): Promise<void> {
  await query(database, 'truncate raffle_winners, raffle_items, raffle_entrants, item_codes, raffles');
}

/** Locks a pending raffle without a snapshot, as snapshotAndDraw does before its COPY. */
export async function lockPendingRaffle(transaction: RawTransaction, raffleId: number): Promise<void> {
  const [raffle] = await transaction.query<{ status: string; snapshot_at: Date | null }>(
    'select status, snapshot_at from raffles where id = $1 for update',
    [raffleId],
  );
  if (raffle?.status !== 'pending' || raffle.snapshot_at !== null) {
    throw new Error(`raffle ${raffleId} is not a pending raffle without a snapshot`);
  }
}

/** The server settings that change these figures most. */
export async function engineFacts(
  database: Database,
): Promise<{ serverVersion: string; settings: Record<string, string> }> {
  const [version] = await query<{ version: string }>(database, 'select version() as version');
  const names = [
    'shared_buffers',
    'work_mem',
    'jit',
    'max_parallel_workers_per_gather',
    'synchronous_commit',
  ];
  const rows = await query<{ name: string; setting: string }>(
    database,
    `select name, coalesce(current_setting(name, true), 'n/a') as setting from unnest($1::text[]) as name`,
    [names],
  );
  return {
    serverVersion: version?.version ?? 'unknown',
    settings: Object.fromEntries(rows.map((row) => [row.name, row.setting])),
  };
}
