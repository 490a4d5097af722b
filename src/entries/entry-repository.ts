import { sql } from 'kysely';
import type { EntryState } from '../contract/raffles.ts';
import type { Executor } from '../db/executor.ts';

/** An entry window of a channel (SPEC §2.7). */
export interface EntryWindow {
  readonly id: number;
  readonly channelId: number;
  readonly keyword: string;
  readonly openedAt: Date;
  readonly closedAt: Date | null;
}

/** One viewer's entry in a window. */
export interface Entry {
  readonly userId: string;
  readonly login: string;
  readonly enteredAt: Date;
  readonly state: EntryState;
  readonly reason: string | null;
}

/** What the anti-alt checks decided about one pending entry. */
export interface EntryVerdict {
  readonly userId: string;
  readonly state: 'entered' | 'refused';
  readonly reason: string | null;
}

export interface EntryCounts {
  readonly entered: number;
  readonly refused: number;
  readonly pending: number;
}

const toWindow = (row: {
  id: number;
  channel_id: number;
  keyword: string;
  opened_at: Date;
  closed_at: Date | null;
}): EntryWindow => ({
  id: row.id,
  channelId: row.channel_id,
  keyword: row.keyword,
  openedAt: row.opened_at,
  closedAt: row.closed_at,
});

/**
 * Entry windows and their entries. Entries are written by chat_message_seen (migration 0008), in the
 * round trip that handles each chat message; this repository opens and closes windows, reads them,
 * and records the anti-alt verdicts.
 */
export class EntryRepository {
  constructor(private readonly db: Executor) {}

  /** Opens a window; undefined when one is already open (at most one per channel, by unique index). */
  async open(channelId: number, keyword: string, openedBy: string | null): Promise<EntryWindow | undefined> {
    const row = await this.db
      .insertInto('entry_windows')
      .values({ channel_id: channelId, keyword, opened_by: openedBy })
      .onConflict((conflict) => conflict.column('channel_id').where('closed_at', 'is', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ? toWindow(row) : undefined;
  }

  /** Closes the open window; undefined when none is open. */
  async close(channelId: number): Promise<EntryWindow | undefined> {
    const row = await this.db
      .updateTable('entry_windows')
      .set({ closed_at: sql`clock_timestamp()` })
      .where('channel_id', '=', channelId)
      .where('closed_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row ? toWindow(row) : undefined;
  }

  /** The open window, or the last one closed; undefined when the channel never opened one. */
  async latest(channelId: number): Promise<EntryWindow | undefined> {
    const row = await this.db
      .selectFrom('entry_windows')
      .selectAll()
      .where('channel_id', '=', channelId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toWindow(row) : undefined;
  }

  async counts(windowId: number): Promise<EntryCounts> {
    const rows = await this.db
      .selectFrom('entries')
      .select(['state', (eb) => eb.fn.countAll<string>().as('count')])
      .where('window_id', '=', windowId)
      .groupBy('state')
      .execute();
    const count = (state: EntryState) => Number(rows.find((row) => row.state === state)?.count ?? 0);
    return { entered: count('entered'), refused: count('refused'), pending: count('pending_check') };
  }

  /** A page of a window's entries in byte order of user id, after `after`. */
  async page(windowId: number, limit: number, after: string | undefined): Promise<Entry[]> {
    let query = this.db
      .selectFrom('entries')
      .select(['user_id', 'login', 'entered_at', 'state', 'reason'])
      .where('window_id', '=', windowId);
    if (after !== undefined) query = query.where('user_id', '>', after);
    const rows = await query.orderBy('user_id').limit(limit).execute();
    return rows.map(toEntry);
  }

  /** Every entry of a window (a draw's entrants), in byte order of user id. */
  async all(windowId: number): Promise<Entry[]> {
    const rows = await this.db
      .selectFrom('entries')
      .select(['user_id', 'login', 'entered_at', 'state', 'reason'])
      .where('window_id', '=', windowId)
      .orderBy('user_id')
      .execute();
    return rows.map(toEntry);
  }

  /** The user ids of a window's entries still waiting for their anti-alt checks. */
  async pending(windowId: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('entries')
      .select('user_id')
      .where('window_id', '=', windowId)
      .where('state', '=', 'pending_check')
      .execute();
    return rows.map((row) => row.user_id);
  }

  /** Records verdicts on entries still pending (an entry already decided is left as it is). */
  async decide(windowId: number, verdicts: readonly EntryVerdict[]): Promise<void> {
    if (verdicts.length === 0) return;
    await sql`
      update entries e
         set state = v.state, reason = v.reason, checked_at = clock_timestamp()
        from jsonb_to_recordset(${JSON.stringify(verdicts)}::jsonb)
             as v("userId" text, state text, reason text)
       where e.window_id = ${windowId} and e.user_id = v."userId" and e.state = 'pending_check'`.execute(
      this.db,
    );
  }
}

function toEntry(row: {
  user_id: string;
  login: string;
  entered_at: Date;
  state: EntryState;
  reason: string | null;
}): Entry {
  return {
    userId: row.user_id,
    login: row.login,
    enteredAt: row.entered_at,
    state: row.state,
    reason: row.reason,
  };
}
