import type { Kysely } from 'kysely';
import type { Tables } from '../../src/db/tables.ts';

/**
 * Moves the current claim windows of a raffle to before any API process of this database started: a
 * 60 s window that began two minutes before the first start and ran out a minute before it, while
 * nobody listened to chat. Returns that first start (the window restarts from it, SPEC §2.6).
 */
export async function windowRanWhileNobodyListened(db: Kysely<Tables>, raffleId: number): Promise<Date> {
  const firstStart = (
    await db.selectFrom('api_instances').select('started_at').orderBy('started_at').executeTakeFirstOrThrow()
  ).started_at;
  await db
    .updateTable('raffle_winners')
    .set({
      claim_started_at: new Date(firstStart.getTime() - 120_000),
      claim_deadline: new Date(firstStart.getTime() - 60_000),
    })
    .where('raffle_id', '=', raffleId)
    .where('replaced_at', 'is', null)
    .execute();
  return firstStart;
}

/** Ends a slot's current claim window now (as if its deadline had passed), leaving its start as it was. */
export function runOutClaimWindow(db: Kysely<Tables>, raffleId: number, position: number) {
  return db
    .updateTable('raffle_winners')
    .set({ claim_deadline: new Date(Date.now() - 1) })
    .where('raffle_id', '=', raffleId)
    .where('position', '=', position)
    .where('replaced_at', 'is', null)
    .execute();
}
