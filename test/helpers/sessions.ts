import type { Kysely } from 'kysely';
import type { Tables } from '../../src/db/tables.ts';

/** Makes every active session's next tick due now. */
export function makeSessionsDue(db: Kysely<Tables>) {
  return db
    .updateTable('raffle_sessions')
    .set({ next_draw_at: new Date(Date.now() - 1000) })
    .where('status', '=', 'active')
    .execute();
}
