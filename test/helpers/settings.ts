import type { Kysely } from 'kysely';
import type { Tables } from '../../src/db/tables.ts';

/** Puts a channel's rules (or every channel's) back to the schema's defaults. */
export async function resetSettings(db: Kysely<Tables>, channelId?: number): Promise<void> {
  let remove = db.deleteFrom('channel_settings');
  if (channelId !== undefined) remove = remove.where('channel_id', '=', channelId);
  await remove.execute();
  let channels = db.selectFrom('channels').select('id as channel_id');
  if (channelId !== undefined) channels = channels.where('id', '=', channelId);
  await db
    .insertInto('channel_settings')
    .columns(['channel_id'])
    .expression(channels)
    .onConflict((conflict) => conflict.column('channel_id').doNothing())
    .execute();
}
