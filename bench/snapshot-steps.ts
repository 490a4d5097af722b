import type { Database } from '../src/db/database.ts';
import {
  ENTRANT_COLUMNS,
  type SnapshotEntrant,
  snapshotCopyChunks,
} from '../src/raffles/raffle-repository.ts';
import { lockPendingRaffle } from './bench-database.ts';

// Every way of writing a snapshot runs in the same transaction shape as
// RaffleRepository.snapshotAndDraw: lock the pending raffle, insert, stamp snapshot_at, commit.
// The timed span starts with the JS array in hand and ends at commit.

const MARK_SNAPSHOT = 'update raffles set snapshot_at = now() where id = $1';

/** The production path: COPY of the text payload in pieces, made by the repository's own snapshotCopyChunks. */
export function snapshotWithCopy(database: Database, raffleId: number, entrants: readonly SnapshotEntrant[]) {
  return database.withRawTransaction(async (transaction) => {
    await lockPendingRaffle(transaction, raffleId);
    await transaction.copyFrom('raffle_entrants', ENTRANT_COLUMNS, snapshotCopyChunks(raffleId, entrants));
    await transaction.query(MARK_SNAPSHOT, [raffleId]);
  });
}

/** The usual alternative: one INSERT … SELECT from unnest of one array per column. */
export function snapshotWithUnnest(
  database: Database,
  raffleId: number,
  entrants: readonly SnapshotEntrant[],
) {
  return database.withRawTransaction(async (transaction) => {
    await lockPendingRaffle(transaction, raffleId);
    await transaction.query(
      `insert into raffle_entrants (raffle_id, user_id, login, weight, excluded_reason)
       select $1, u.user_id, u.login, u.weight, u.excluded_reason
         from unnest($2::text[], $3::text[], $4::numeric[], $5::text[]) as u(user_id, login, weight, excluded_reason)`,
      [
        raffleId,
        entrants.map((entrant) => entrant.userId),
        entrants.map((entrant) => entrant.login.toLowerCase()),
        entrants.map((entrant) => entrant.weight),
        entrants.map((entrant) => entrant.excludedReason ?? null),
      ],
    );
    await transaction.query(MARK_SNAPSHOT, [raffleId]);
  });
}

/**
 * The upper bound for a snapshot: rows made on the server, nothing sent, ids in
 * key order. No client path can beat it.
 */
export function snapshotWithGenerateSeries(database: Database, raffleId: number, count: number) {
  return database.withRawTransaction(async (transaction) => {
    await lockPendingRaffle(transaction, raffleId);
    await transaction.query(
      `insert into raffle_entrants (raffle_id, user_id, login, weight)
       select $1, (100000000 + g)::text, 'viewer_' || g, case when g % 10 = 0 then 2 else 1 end
         from generate_series(1, $2::integer) as g`,
      [raffleId, count],
    );
    await transaction.query(MARK_SNAPSHOT, [raffleId]);
  });
}
