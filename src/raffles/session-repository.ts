import { randomInt } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Tables } from '../db/tables.ts';
import type { SessionView } from '../events/event-bus.ts';
import type { RaffleRepository } from './raffle-repository.ts';

/** A session row as the scheduler and the API use it. */
export interface Session {
  readonly id: number;
  readonly channelId: number;
  readonly status: 'active' | 'stopped';
  readonly intervalSeconds: number;
  readonly chance: number;
  readonly maxDraws: number | null;
  readonly ticksDone: number;
  readonly drawsDone: number;
  readonly nextDrawAt: Date;
  readonly startedAt: Date;
  readonly stoppedAt: Date | null;
  readonly stopReason: string | null;
}

/** What one claimed tick asks the scheduler to do: draw raffle `raffleId`, or nothing (chance said no). */
export interface ClaimedTick {
  readonly session: Session;
  readonly tick: number;
  readonly raffleId: number | null;
  /** The commitment of that raffle (null with no raffle). */
  readonly commitment: string | null;
  /** When the tick was due (its lateness is measured from here). */
  readonly dueAt: Date;
}

/** A session draw left pending by a scheduler that stopped before drawing it. */
export interface StalePendingDraw {
  readonly raffleId: number;
  readonly commitment: string;
  readonly sessionId: number;
  readonly channelId: number;
}

interface SessionRow {
  id: number;
  channel_id: number;
  status: 'active' | 'stopped';
  interval_seconds: number;
  chance: number | string;
  max_draws: number | null;
  ticks_done: number;
  draws_done: number;
  next_draw_at: Date | string;
  started_at: Date | string;
  stopped_at: Date | string | null;
  stop_reason: string | null;
}

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    channelId: row.channel_id,
    status: row.status,
    intervalSeconds: row.interval_seconds,
    chance: Number(row.chance),
    maxDraws: row.max_draws,
    ticksDone: row.ticks_done,
    drawsDone: row.draws_done,
    nextDrawAt: toDate(row.next_draw_at),
    startedAt: toDate(row.started_at),
    stoppedAt: row.stopped_at === null ? null : toDate(row.stopped_at),
    stopReason: row.stop_reason,
  };
}

/** The client view of a session (or of no session at all). */
export function toSessionView(session: Session | undefined): SessionView {
  return {
    active: session?.status === 'active',
    sessionId: session?.id ?? null,
    intervalSeconds: session?.intervalSeconds ?? null,
    chance: session?.chance ?? null,
    maxDraws: session?.maxDraws ?? null,
    drawsDone: session?.drawsDone ?? 0,
    ticksDone: session?.ticksDone ?? 0,
    nextDrawAt: session?.status === 'active' ? session.nextDrawAt.toISOString() : null,
    startedAt: session?.startedAt.toISOString() ?? null,
    stoppedAt: session?.stoppedAt?.toISOString() ?? null,
    stopReason: session?.stopReason ?? null,
  };
}

/** A per-tick coin with probability `chance` (SPEC §3: "an optional chance per tick"). */
const rollChance = (chance: number) => chance >= 1 || randomInt(1_000_000) < Math.round(chance * 1_000_000);

/**
 * Automatic raffle sessions (SPEC §2.3) in the database. Ticks are claimed with FOR UPDATE SKIP LOCKED,
 * so across API replicas each due tick is taken by exactly one scheduler; the tick's pending raffle is
 * stored in the same transaction (unique per session and tick), so a restart can neither lose nor
 * repeat it.
 */
export class SessionRepository {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly raffles: RaffleRepository,
  ) {}

  /** Starts a session; `undefined` when the channel already has an active one. */
  async start(
    channelId: number,
    options: { intervalSeconds: number; chance: number; maxDraws: number | null; startedBy: string | null },
  ): Promise<Session | undefined> {
    const row = await this.db
      .insertInto('raffle_sessions')
      .values({
        channel_id: channelId,
        interval_seconds: options.intervalSeconds,
        chance: options.chance,
        max_draws: options.maxDraws,
        started_by: options.startedBy,
        next_draw_at: sql<Date>`now() + make_interval(secs => ${options.intervalSeconds})`,
      })
      // The partial unique index allows one active session per channel.
      .onConflict((conflict) =>
        conflict.column('channel_id').where(sql<boolean>`status = 'active'`).doNothing(),
      )
      .returningAll()
      .executeTakeFirst();
    return row && toSession(row);
  }

  /** The channel's active session, else its latest one. */
  async current(channelId: number): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('raffle_sessions')
      .selectAll()
      .where('channel_id', '=', channelId)
      .orderBy(sql`status = 'active'`, 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toSession(row);
  }

  async findById(sessionId: number): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('raffle_sessions')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirst();
    return row && toSession(row);
  }

  /** Stops a session if it is still active; returns it only when this call stopped it. */
  async stop(sessionId: number, reason: string): Promise<Session | undefined> {
    // In the same statement, the session's tick made ready ahead of its due time and not anchored to a
    // beacon round is discarded: the replica holding it finds it gone when it comes due and draws
    // nothing, so a tick needs no second look at its session. A tick being drawn holds its raffle's lock:
    // the delete waits for it, then finds it drawn and leaves it. A tick anchored to a round was announced
    // as waiting for it, and is always finished.
    const row = await this.db
      .with('stopped', (db) =>
        db
          .updateTable('raffle_sessions')
          .set({ status: 'stopped', stopped_at: new Date(), stop_reason: reason })
          .where('id', '=', sessionId)
          .where('status', '=', 'active')
          .returningAll(),
      )
      .with('discarded', (db) =>
        db
          .deleteFrom('raffles')
          .using('stopped')
          // A session's only pending raffle is its latest tick's (claimDueTicks): one unique-key lookup.
          .whereRef('raffles.session_id', '=', 'stopped.id')
          .whereRef('raffles.session_tick', '=', 'stopped.ticks_done')
          .where('raffles.status', '=', 'pending')
          .where('raffles.beacon_round', 'is', null)
          .returning('raffles.id'),
      )
      .selectFrom('stopped')
      .selectAll('stopped')
      .executeTakeFirst();
    return row && toSession(row);
  }

  /**
   * Recounts a session's successful draws from its raffles (idempotent, whoever drew them), and says
   * whether its channel still has a prize to give.
   */
  async recountDraws(sessionId: number): Promise<(Session & { prizesLeft: boolean }) | undefined> {
    const row = await this.db
      .updateTable('raffle_sessions')
      .set({
        draws_done: sql<number>`(select count(*)::int from raffles
          where session_id = ${sessionId} and status = 'drawn')`,
      })
      .where('id', '=', sessionId)
      .returningAll()
      // In the same round trip: whether the channel has a prize left to give (or gives none at all).
      .returning(
        sql<boolean>`not exists (select 1 from items i where i.channel_id = raffle_sessions.channel_id)
          or exists (select 1 from items i where i.channel_id = raffle_sessions.channel_id
                      and (i.quantity is null or i.quantity > 0))`.as('prizes_left'),
      )
      .executeTakeFirst();
    return row && { ...toSession(row), prizesLeft: row.prizes_left };
  }

  /**
   * Claims up to `limit` due ticks. For each: the tick number advances, the next one is due an interval
   * later, and — when the per-tick chance says so — the tick's pending raffle is stored with its
   * commitment. One transaction. A tick that came due up to `catchUpSeconds` ago keeps its place: after a
   * short stall (a draw held until another replica took it over, a quick restart) the ticks due meanwhile
   * are fired one after another, none lost. After a longer downtime the next tick is due an interval from
   * now: the missed ones are not fired in a burst.
   * `aheadMs`: ticks due within this long are claimed too (the scheduler makes them ready before their
   * due time, and draws them at it). A session whose last tick is still pending gets no other: one draw
   * of a session at a time, so ticks claimed ahead never pile up behind a slow one. Nor does a session
   * that has made its `maxDraws` (its stop may not be recorded yet: it comes right after the draw, and a
   * tick claimed ahead and anchored to its drand round would be drawn whatever comes after).
   */
  async claimDueTicks(limit: number, aheadMs = 0, catchUpSeconds = 0): Promise<ClaimedTick[]> {
    return this.db.transaction().execute(async (transaction) => {
      const due = await transaction
        .selectFrom('raffle_sessions')
        .selectAll()
        .where('status', '=', 'active')
        .where('next_draw_at', '<=', sql<Date>`now() + make_interval(secs => ${aheadMs / 1000})`)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              // Its latest tick's raffle, the only one that can be pending (none is claimed while one
              // is): a lookup by the unique (session_id, session_tick) key. Looking for any pending raffle
              // of the session went through the partial index of pending session draws, whose entries for
              // raffles drawn since stay until a vacuum: the claim grew slower with every tick drawn.
              selectFrom('raffles as r')
                .select('r.id')
                .whereRef('r.session_id', '=', 'raffle_sessions.id')
                .whereRef('r.session_tick', '=', 'raffle_sessions.ticks_done')
                .where('r.status', '=', 'pending'),
            ),
          ),
        )
        .where(({ or, eb, selectFrom }) =>
          or([
            eb('max_draws', 'is', null),
            eb(
              selectFrom('raffles as r')
                .select(sql<number>`count(*)::int`.as('drawn'))
                .whereRef('r.session_id', '=', 'raffle_sessions.id')
                .where('r.status', '=', 'drawn'),
              '<',
              eb.ref('max_draws'),
            ),
          ]),
        )
        .orderBy('next_draw_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      const claimed: ClaimedTick[] = [];
      for (const row of due) {
        const session = toSession(row);
        const tick = session.ticksDone + 1;
        const raffle = rollChance(session.chance)
          ? await this.raffles.createPending(
              {
                channelId: session.channelId,
                winnersRequested: 1,
                sessionId: session.id,
                sessionTick: tick,
                dueAt: new Date(row.next_draw_at),
              },
              transaction,
            )
          : undefined;
        const updated = await transaction
          .updateTable('raffle_sessions')
          .set({
            ticks_done: tick,
            next_draw_at: sql<Date>`case
              when next_draw_at + make_interval(secs => interval_seconds)
                   > now() - make_interval(secs => ${catchUpSeconds})
              then next_draw_at + make_interval(secs => interval_seconds)
              else now() + make_interval(secs => interval_seconds) end`,
          })
          .where('id', '=', session.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        claimed.push({
          session: toSession(updated),
          tick,
          raffleId: raffle?.id ?? null,
          commitment: raffle?.commitment ?? null,
          dueAt: session.nextDrawAt,
        });
      }
      return claimed;
    });
  }

  /** Takes over session draws left pending longer than `leaseSeconds` (their scheduler stopped). */
  async claimStalePendingDraws(leaseSeconds: number, limit: number): Promise<StalePendingDraw[]> {
    return this.db.transaction().execute(async (transaction) => {
      const stale = await transaction
        .selectFrom('raffles')
        .select(['id', 'commitment', 'session_id', 'channel_id'])
        .where('status', '=', 'pending')
        .where('session_id', 'is not', null)
        // A draw anchored to its drand round is the beacon waiter's to finish (SPEC §4.1).
        .where('beacon_round', 'is', null)
        .where('draw_attempt_at', '<', sql<Date>`now() - make_interval(secs => ${leaseSeconds})`)
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (stale.length === 0) return [];
      await transaction
        .updateTable('raffles')
        .set({ draw_attempt_at: new Date() })
        .where(
          'id',
          'in',
          stale.map((row) => row.id),
        )
        .execute();
      return stale.map((row) => ({
        raffleId: row.id,
        commitment: row.commitment,
        sessionId: row.session_id ?? 0,
        channelId: row.channel_id,
      }));
    });
  }

  /**
   * The channels running a session, with the roles their draws need (warm rosters, issue 13): the
   * broadcaster's Twitch id, whether moderators are excluded, and whether any multiplier is on.
   */
  async activeRosterChannels(): Promise<
    { broadcasterId: string; wanted: { moderators: boolean; weights: boolean } }[]
  > {
    const rows = await this.db
      .selectFrom('raffle_sessions as s')
      .innerJoin('channels as c', 'c.id', 's.channel_id')
      .innerJoin('channel_settings as t', 't.channel_id', 's.channel_id')
      .select([
        'c.twitch_user_id',
        't.exclude_moderators',
        't.subscriber_tier1_multiplier',
        't.subscriber_tier2_multiplier',
        't.subscriber_tier3_multiplier',
        't.vip_multiplier',
      ])
      .where('s.status', '=', 'active')
      .where('c.connection_state', '=', 'connected')
      .execute();
    return rows.flatMap((row) =>
      row.twitch_user_id
        ? [
            {
              broadcasterId: row.twitch_user_id,
              wanted: {
                moderators: row.exclude_moderators,
                weights:
                  Number(row.vip_multiplier) > 1 ||
                  Number(row.subscriber_tier1_multiplier) > 1 ||
                  Number(row.subscriber_tier2_multiplier) > 1 ||
                  Number(row.subscriber_tier3_multiplier) > 1,
              },
            },
          ]
        : [],
    );
  }

  /**
   * Gives up a session draw this scheduler claimed but did not start (it is shutting down): its lease
   * ends now, so the next pass of any replica takes it over instead of waiting `leaseSeconds`.
   */
  async releasePendingDraw(raffleId: number): Promise<void> {
    await this.db
      .updateTable('raffles')
      .set({ draw_attempt_at: new Date(0) })
      .where('id', '=', raffleId)
      .where('status', '=', 'pending')
      .execute();
  }

  /** When the next active session is due, if any (the scheduler sleeps until then). */
  async nextDueAt(): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('raffle_sessions')
      .select((eb) => eb.fn.min('next_draw_at').as('next'))
      .where('status', '=', 'active')
      .executeTakeFirst();
    return row?.next ? toDate(row.next as Date | string) : undefined;
  }
}
