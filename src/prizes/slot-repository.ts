import { sql } from 'kysely';
import type { LedgerEntry, LedgerState } from '../contract/prizes.ts';
import type { Executor } from '../db/executor.ts';

/** The current holder of a slot, with what decides whether they may have its code. */
export interface SlotHolder {
  readonly raffleId: number;
  readonly position: number;
  readonly channelId: number;
  readonly userId: string;
  readonly login: string;
  readonly itemName: string | null;
  readonly claimState: 'awaiting_claim' | 'claimed' | 'forfeited' | null;
  readonly claimDeadline: Date | null;
}

/** A slot's holder may have its code: it was claimed, or it was drawn without a claim window. */
export const deliverable = (holder: Pick<SlotHolder, 'claimState'>) =>
  holder.claimState === null || holder.claimState === 'claimed';

/** A prize a viewer won, as the claim page lists it (codes are fetched one by one, on reveal). */
export interface WonPrize {
  readonly raffleId: number;
  readonly position: number;
  readonly channel: string;
  readonly channelDisplayName: string;
  readonly itemName: string;
  readonly state: LedgerState;
  readonly wonAt: string;
  readonly claimWord: string | null;
  readonly deadline: string | null;
  readonly hasCode: boolean;
}

// One place says how a slot's row and its code make a ledger state (SPEC §2.8).
const LEDGER_STATE = sql<LedgerState>`case
  when w.claim_state = 'forfeited' then 'forfeited'
  when c.delivered_at is not null then 'delivered'
  when w.claim_state = 'awaiting_claim' then 'awaiting_claim'
  else 'claimed' end`;

interface LedgerRow {
  raffle_id: string | number;
  position: number;
  user_id: string;
  login: string;
  item_id: string | number | null;
  item_name: string;
  state: LedgerState;
  won_at: Date;
  claimed_at: Date | null;
  delivered_at: Date | null;
  forfeited_at: Date | null;
  has_code: boolean;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The slots that gave a prize: the ledger, a viewer's wins, and the holder checks of deliveries. */
export const slotRepository = {
  /** A slot's current holder, its raffle row locked first (the lock order of every redraw). */
  async lockHolder(db: Executor, raffleId: number, position: number): Promise<SlotHolder | undefined> {
    await db.selectFrom('raffles').select('id').where('id', '=', raffleId).forUpdate().executeTakeFirst();
    const row = await db
      .selectFrom('raffle_winners')
      .select([
        'raffle_id',
        'position',
        'channel_id',
        'user_id',
        'login',
        'item_name',
        'claim_state',
        'claim_deadline',
      ])
      .where('raffle_id', '=', raffleId)
      .where('position', '=', position)
      .where('replaced_at', 'is', null)
      .executeTakeFirst();
    return (
      row && {
        raffleId: Number(row.raffle_id),
        position: row.position,
        channelId: Number(row.channel_id),
        userId: row.user_id,
        login: row.login,
        itemName: row.item_name,
        claimState: row.claim_state,
        claimDeadline: row.claim_deadline,
      }
    );
  },

  /** Claims an awaiting slot for its holder, now, if its window still runs. */
  async claim(db: Executor, raffleId: number, position: number, userId: string): Promise<Date | undefined> {
    const row = await db
      .updateTable('raffle_winners')
      .set({ claim_state: 'claimed', claimed_at: sql<Date>`clock_timestamp()` })
      .where('raffle_id', '=', raffleId)
      .where('position', '=', position)
      .where('user_id', '=', userId)
      .where('replaced_at', 'is', null)
      .where('claim_state', '=', 'awaiting_claim')
      .where('claim_started_at', '<=', sql<Date>`clock_timestamp()`)
      .where('claim_deadline', '>=', sql<Date>`clock_timestamp()`)
      .returning('claimed_at')
      .executeTakeFirst();
    return row?.claimed_at ?? undefined;
  },

  /**
   * The channel's prize ledger, newest raffle first: `limit` rows at most, never cutting a raffle in
   * two (a raffle larger than the page comes whole), and the raffle id to page on from.
   */
  async ledger(
    db: Executor,
    channelId: number,
    limit: number,
    before: number | undefined,
  ): Promise<{ prizes: LedgerEntry[]; nextBefore: number | null }> {
    const page = (upTo: number | undefined, rows: number | null, only?: number) =>
      sql<LedgerRow>`
        select w.raffle_id, w.position, w.user_id, w.login, w.item_id, w.item_name, ${LEDGER_STATE} as state,
               w.won_at, coalesce(w.claimed_at, case when w.claim_state is null then w.won_at end) as claimed_at,
               c.delivered_at,
               case when w.claim_state = 'forfeited' then w.claim_deadline end as forfeited_at,
               c.id is not null as has_code
          from raffle_winners w
          left join item_codes c on c.raffle_id = w.raffle_id and c.position = w.position
         where w.channel_id = ${channelId} and w.replaced_at is null and w.item_name is not null
           and (${upTo ?? null}::bigint is null or w.raffle_id < ${upTo ?? null}::bigint)
           and (${only ?? null}::bigint is null or w.raffle_id = ${only ?? null}::bigint)
         order by w.raffle_id desc, w.position
         limit ${rows}`.execute(db);
    let { rows } = await page(before, limit + 1);
    let nextBefore: number | null = null;
    if (rows.length > limit) {
      const cut = Number(rows[limit]?.raffle_id);
      const whole = rows.slice(0, limit).filter((row) => Number(row.raffle_id) !== cut);
      // One raffle with more slots than the page: it comes whole.
      rows = whole.length > 0 ? whole : (await page(undefined, null, cut)).rows;
      nextBefore = Number(rows[rows.length - 1]?.raffle_id);
    }
    return {
      prizes: rows.map((row) => ({
        raffleId: Number(row.raffle_id),
        position: row.position,
        userId: row.user_id,
        login: row.login,
        itemId: row.item_id === null ? null : Number(row.item_id),
        itemName: row.item_name,
        state: row.state,
        wonAt: new Date(row.won_at).toISOString(),
        claimedAt: iso(row.claimed_at && new Date(row.claimed_at)),
        deliveredAt: iso(row.delivered_at && new Date(row.delivered_at)),
        forfeitedAt: iso(row.forfeited_at && new Date(row.forfeited_at)),
        hasCode: row.has_code,
      })),
      nextBefore,
    };
  },

  /** Every prize a viewer holds, in any channel, newest first (the claim page). */
  async wonBy(db: Executor, userId: string, limit: number): Promise<WonPrize[]> {
    const { rows } = await sql<{
      raffle_id: string | number;
      position: number;
      login: string;
      display_name: string | null;
      item_name: string;
      state: LedgerState;
      won_at: Date;
      claim_word: string | null;
      claim_deadline: Date | null;
      has_code: boolean;
    }>`
      select w.raffle_id, w.position, ch.login, ch.display_name, w.item_name, ${LEDGER_STATE} as state,
             w.won_at, r.claim_word, w.claim_deadline, c.id is not null as has_code
        from raffle_winners w
        join raffles r on r.id = w.raffle_id
        join channels ch on ch.id = w.channel_id
        left join item_codes c on c.raffle_id = w.raffle_id and c.position = w.position
       where w.user_id = ${userId} and w.replaced_at is null and w.item_name is not null
       order by w.won_at desc, w.raffle_id desc, w.position
       limit ${limit}`.execute(db);
    return rows.map((row) => ({
      raffleId: Number(row.raffle_id),
      position: row.position,
      channel: row.login,
      channelDisplayName: row.display_name ?? row.login,
      itemName: row.item_name,
      state: row.state,
      wonAt: new Date(row.won_at).toISOString(),
      claimWord: row.state === 'awaiting_claim' ? row.claim_word : null,
      deadline:
        row.state === 'awaiting_claim' && row.claim_deadline
          ? new Date(row.claim_deadline).toISOString()
          : null,
      hasCode: row.has_code,
    }));
  },

  /** The current holders of a raffle who linked a Discord account, with whether their code is due. */
  async linkedHolders(
    db: Executor,
    raffleId: number,
  ): Promise<{ position: number; userId: string; discordUserId: string; deliverable: boolean }[]> {
    const { rows } = await sql<{
      position: number;
      user_id: string;
      discord_user_id: string;
      deliverable: boolean;
    }>`
      select w.position, w.user_id, l.discord_user_id,
             (c.id is not null and c.delivered_at is null
              and (w.claim_state is null or w.claim_state = 'claimed')) as deliverable
        from raffle_winners w
        join account_links l on l.twitch_user_id = w.user_id
        left join item_codes c on c.raffle_id = w.raffle_id and c.position = w.position
       where w.raffle_id = ${raffleId} and w.replaced_at is null
       order by w.position`.execute(db);
    return rows.map((row) => ({
      position: row.position,
      userId: row.user_id,
      discordUserId: row.discord_user_id,
      deliverable: row.deliverable,
    }));
  },
};
