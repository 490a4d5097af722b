import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.ts';

/** The secret of each channel's OBS overlay URL (`channels.overlay_key`). */
export class OverlayKeyRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async ofChannel(channelId: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('channels')
      .select('overlay_key')
      .where('id', '=', channelId)
      .executeTakeFirst();
    return row?.overlay_key;
  }

  /** Replaces the channel's key with `key`: the old overlay URL stops working at once. */
  async replace(channelId: number, key: string): Promise<void> {
    await this.db
      .updateTable('channels')
      .set({ overlay_key: key, updated_at: new Date() })
      .where('id', '=', channelId)
      .execute();
  }
}
