import { sql } from 'kysely';
import type { EntryState } from '../contract/raffles.ts';
import type { Executor } from '../db/executor.ts';
import { type RaffleResult, toRaffleResult } from './raffle-result.ts';

/** A claim window whose deadline passed. */
export interface DueClaim {
  readonly raffleId: number;
  readonly position: number;
  readonly channelId: number;
  readonly deadline: Date;
}

/** What expire_claim did with a due window (migration 0008). */
export type ExpiryOutcome =
  | { readonly outcome: 'none' }
  | {
      readonly outcome: 'restarted' | 'forfeited';
      readonly result: RaffleResult;
      readonly position: number;
      readonly userId: string;
      readonly login: string;
    }
  | {
      readonly outcome: 'redrawn';
      readonly result: RaffleResult;
      readonly position: number;
      readonly replaced: { readonly userId: string; readonly login: string };
    };

/** A chat message as chat_message_seen takes it. */
export interface SeenMessage {
  readonly channelId: number;
  readonly userId: string;
  readonly login: string;
  /** The text as sent (the first message after a win is shown to moderators). */
  readonly text: string;
  /** normalizeChatWord(text). */
  readonly normalized: string;
  readonly at: Date;
  /** A reason to refuse an entry already known (broadcaster, bot, app account). */
  readonly refusal: string | null;
}

/** What one chat message did: slots claimed, and an entry recorded (null if none). */
export interface SeenOutcome {
  readonly claimed: readonly { raffleId: number; position: number; claimedAt: string }[];
  readonly entry: { windowId: number; state: EntryState; reason: string | null } | null;
}

/**
 * The claim windows' side of the database: the per-message function, the expiry pass, and the
 * heartbeats of API processes that say when someone was listening to chat.
 */
export class ClaimRepository {
  constructor(private readonly db: Executor) {}

  async seen(message: SeenMessage): Promise<SeenOutcome> {
    const { rows } = await sql<{ outcome: SeenOutcome }>`
      select chat_message_seen(${message.channelId}, ${message.userId}, ${message.login},
                               ${message.normalized}, ${message.text}, ${message.at.toISOString()}::timestamptz,
                               ${message.refusal}) as outcome`.execute(this.db);
    return rows[0]?.outcome ?? { claimed: [], entry: null };
  }

  /** Windows past their deadline, oldest first. */
  async due(limit: number): Promise<DueClaim[]> {
    const rows = await this.db
      .selectFrom('raffle_winners')
      .select(['raffle_id', 'position', 'channel_id', 'claim_deadline'])
      .where('claim_state', '=', 'awaiting_claim')
      .where('replaced_at', 'is', null)
      .where('claim_deadline', '<=', sql<Date>`clock_timestamp()`)
      .orderBy('claim_deadline')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      raffleId: row.raffle_id,
      position: row.position,
      channelId: row.channel_id,
      deadline: row.claim_deadline as Date,
    }));
  }

  async expire(raffleId: number, position: number): Promise<ExpiryOutcome> {
    const { rows } = await sql<{
      result: Record<string, unknown>;
    }>`select expire_claim(${raffleId}, ${position}) as result`.execute(this.db);
    const json = rows[0]?.result ?? { outcome: 'none' };
    const outcome = String(json.outcome);
    if (outcome === 'none') return { outcome: 'none' };
    const result = toRaffleResult({ ...json, status: 'drawn' });
    if (outcome === 'redrawn') {
      const rerolled = json.rerolled as { replacedUserId: string; replacedLogin: string };
      return {
        outcome,
        result,
        position,
        replaced: { userId: rerolled.replacedUserId, login: rerolled.replacedLogin },
      };
    }
    return {
      outcome: outcome as 'restarted' | 'forfeited',
      result,
      position,
      userId: String(json.userId),
      login: String(json.login),
    };
  }

  /** Says this process is alive (and so listening to chat); a first beat registers it. */
  async beat(instanceId: string): Promise<void> {
    await sql`
      insert into api_instances (id) values (${instanceId})
      on conflict (id) do update set beat_at = clock_timestamp()`.execute(this.db);
  }

  /** A clean stop: the process stops counting as listening now, not 3 s after its last beat. */
  async stopped(instanceId: string): Promise<void> {
    await sql`update api_instances set stopped_at = clock_timestamp() where id = ${instanceId}`.execute(
      this.db,
    );
  }

  /** Forgets instances gone for a day (their heartbeats matter only to windows that long). */
  async prune(): Promise<void> {
    await sql`delete from api_instances where beat_at < now() - interval '1 day'`.execute(this.db);
  }
}
