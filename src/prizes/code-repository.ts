import { sql } from 'kysely';
import type { CodeState } from '../contract/prizes.ts';
import type { Executor } from '../db/executor.ts';

/** A code ready to store: its fingerprint and its encrypted form (never the code in clear). */
export interface SealedCode {
  readonly fingerprint: string;
  readonly secret: string;
}

/** A stored code as listed to the streamer: never its secret. */
export interface CodeSummary {
  readonly id: number;
  readonly state: CodeState;
  readonly raffleId: number | null;
  readonly position: number | null;
  readonly deliveredAt: string | null;
}

/** A slot's sealed code, with what decides whether its holder may have it. */
export interface SlotCode extends SealedCode {
  readonly codeId: number;
  readonly deliveredAt: Date | null;
}

const stateOf = (row: { raffle_id: number | null; delivered_at: Date | null }): CodeState =>
  row.delivered_at ? 'delivered' : row.raffle_id !== null ? 'assigned' : 'unused';

/** The secret codes of prizes (table item_codes, migration 0009). Takes `db` or a transaction. */
export const codeRepository = {
  /** Locks the prize row (as the draw does) so quantities and codes change together. */
  async lockItem(db: Executor, channelId: number, itemId: number): Promise<boolean> {
    const row = await db
      .selectFrom('items')
      .select('id')
      .where('channel_id', '=', channelId)
      .where('id', '=', itemId)
      .forUpdate()
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Which of `fingerprints` the prize already holds. */
  async existing(db: Executor, itemId: number, fingerprints: readonly string[]): Promise<Set<string>> {
    if (fingerprints.length === 0) return new Set();
    const rows = await db
      .selectFrom('item_codes')
      .select('fingerprint')
      .where('item_id', '=', itemId)
      .where('fingerprint', 'in', [...fingerprints])
      .execute();
    return new Set(rows.map((row) => row.fingerprint));
  },

  async insert(db: Executor, channelId: number, itemId: number, codes: readonly SealedCode[]): Promise<void> {
    await db
      .insertInto('item_codes')
      .values(codes.map((code) => ({ channel_id: channelId, item_id: itemId, ...code })))
      .execute();
  },

  /** Sets the prize's quantity to its number of unused codes (SPEC §2.8); returns it. */
  async syncQuantity(db: Executor, itemId: number): Promise<number> {
    const row = await db
      .updateTable('items')
      .set({
        quantity: sql<number>`(select count(*)::int from item_codes
                                where item_id = ${itemId} and raffle_id is null)`,
        updated_at: new Date(),
      })
      .where('id', '=', itemId)
      .returning('quantity')
      .executeTakeFirstOrThrow();
    return row.quantity ?? 0;
  },

  /** Unused and total codes of each prize of a channel that has any (of one prize, given `itemId`). */
  async counts(
    db: Executor,
    channelId: number,
    itemId?: number,
  ): Promise<Map<number, { unused: number; total: number }>> {
    let query = db
      .selectFrom('item_codes')
      .select((eb) => [
        'item_id',
        eb.fn.countAll<string>().as('total'),
        sql<string>`count(*) filter (where raffle_id is null)`.as('unused'),
      ])
      .where('channel_id', '=', channelId)
      .where('item_id', 'is not', null);
    if (itemId !== undefined) query = query.where('item_id', '=', itemId);
    const rows = await query.groupBy('item_id').execute();
    return new Map(
      rows.map((row) => [Number(row.item_id), { unused: Number(row.unused), total: Number(row.total) }]),
    );
  },

  async hasCodes(db: Executor, itemId: number): Promise<boolean> {
    const row = await db
      .selectFrom('item_codes')
      .select('id')
      .where('item_id', '=', itemId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** A page of a prize's codes by id, without secrets. */
  async list(db: Executor, itemId: number, limit: number, after: number | undefined): Promise<CodeSummary[]> {
    let query = db
      .selectFrom('item_codes')
      .select(['id', 'raffle_id', 'position', 'delivered_at'])
      .where('item_id', '=', itemId)
      .orderBy('id')
      .limit(limit);
    if (after !== undefined) query = query.where('id', '>', after);
    const rows = await query.execute();
    return rows.map((row) => ({
      id: Number(row.id),
      state: stateOf(row),
      raffleId: row.raffle_id === null ? null : Number(row.raffle_id),
      position: row.position,
      deliveredAt: row.delivered_at?.toISOString() ?? null,
    }));
  },

  /** The code given with a slot, if any. */
  async ofSlot(db: Executor, raffleId: number, position: number): Promise<SlotCode | undefined> {
    const row = await db
      .selectFrom('item_codes')
      .select(['id', 'fingerprint', 'secret', 'delivered_at'])
      .where('raffle_id', '=', raffleId)
      .where('position', '=', position)
      .forUpdate()
      .executeTakeFirst();
    return (
      row && {
        codeId: Number(row.id),
        fingerprint: row.fingerprint,
        secret: row.secret,
        deliveredAt: row.delivered_at,
      }
    );
  },

  /** Records the first time the holder had the code (later reveals keep the first time). */
  async markDelivered(db: Executor, codeId: number, via: 'page' | 'discord'): Promise<Date> {
    const row = await db
      .updateTable('item_codes')
      .set({
        delivered_at: sql<Date>`coalesce(delivered_at, now())`,
        delivered_via: sql<'page' | 'discord'>`coalesce(delivered_via, ${via})`,
        sending_until: null,
      })
      .where('id', '=', codeId)
      .returning('delivered_at')
      .executeTakeFirstOrThrow();
    return row.delivered_at as Date;
  },

  /** Lets one process send the code by DM for a minute; false if another one is. */
  async startSending(db: Executor, codeId: number): Promise<boolean> {
    const result = await db
      .updateTable('item_codes')
      .set({ sending_until: sql<Date>`now() + interval '1 minute'` })
      .where('id', '=', codeId)
      .where('delivered_at', 'is', null)
      .where((eb) => eb.or([eb('sending_until', 'is', null), eb('sending_until', '<', sql<Date>`now()`)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  },

  async stopSending(db: Executor, codeId: number): Promise<void> {
    await db.updateTable('item_codes').set({ sending_until: null }).where('id', '=', codeId).execute();
  },
};
