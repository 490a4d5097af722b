import type { Executor } from '../db/executor.ts';
import type { PrizeInput } from './prize-rules.ts';

/** A prize as stored: quantity null means unlimited. */
export interface Item {
  readonly id: number;
  readonly name: string;
  readonly weight: number;
  readonly quantity: number | null;
}

/** The prizes of a channel. Takes `db` or a transaction, so the caller decides the transaction. */
export const itemRepository = {
  list(db: Executor, channelId: number): Promise<Item[]> {
    return db
      .selectFrom('items')
      .select(['id', 'name', 'weight', 'quantity'])
      .where('channel_id', '=', channelId)
      .orderBy('id')
      .execute();
  },

  find(db: Executor, channelId: number, itemId: number): Promise<Item | undefined> {
    return db
      .selectFrom('items')
      .select(['id', 'name', 'weight', 'quantity'])
      .where('channel_id', '=', channelId)
      .where('id', '=', itemId)
      .executeTakeFirst();
  },

  /** Names (lower-cased) among `names` that the channel already has. */
  async existingNames(db: Executor, channelId: number, names: string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const rows = await db
      .selectFrom('items')
      .select('name')
      .where('channel_id', '=', channelId)
      .where((eb) =>
        eb(
          eb.fn('lower', ['name']),
          'in',
          names.map((name) => name.toLowerCase()),
        ),
      )
      .execute();
    return rows.map((row) => row.name);
  },

  insertMany(db: Executor, channelId: number, prizes: readonly PrizeInput[]): Promise<Item[]> {
    return db
      .insertInto('items')
      .values(prizes.map((prize) => ({ channel_id: channelId, ...prize })))
      .returning(['id', 'name', 'weight', 'quantity'])
      .execute();
  },

  update(
    db: Executor,
    channelId: number,
    itemId: number,
    changes: Partial<PrizeInput>,
  ): Promise<Item | undefined> {
    return db
      .updateTable('items')
      .set({ ...changes, updated_at: new Date() })
      .where('channel_id', '=', channelId)
      .where('id', '=', itemId)
      .returning(['id', 'name', 'weight', 'quantity'])
      .executeTakeFirst();
  },

  async remove(db: Executor, channelId: number, itemId: number): Promise<boolean> {
    const result = await db
      .deleteFrom('items')
      .where('channel_id', '=', channelId)
      .where('id', '=', itemId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  },

  async clear(db: Executor, channelId: number): Promise<number> {
    const result = await db.deleteFrom('items').where('channel_id', '=', channelId).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
