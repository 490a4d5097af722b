import { type Kysely, sql } from 'kysely';
import type { Tables } from '../db/tables.ts';

/** A chat message as KinoYu keeps it: who, where, when, and Twitch's id for it. */
export interface ChatMessage {
  readonly messageId: string;
  readonly channelId: number;
  readonly userId: string;
  readonly login: string;
  readonly at: Date;
}

// EventSub delivers at least once; a redelivery comes within minutes (twurple keeps 10 minutes too).
const DEDUPE_WINDOW_MS = 10 * 60 * 1000;

/**
 * Records who chatted when (for the "active chatters" mode of SPEC §3 and the claim window), once per
 * Twitch message id however many times EventSub delivers it.
 */
export class ChatActivity {
  readonly #seen = new Map<string, number>();

  constructor(private readonly db: Kysely<Tables>) {}

  /** Records a message; false when this message id was already recorded. */
  async record(message: ChatMessage): Promise<boolean> {
    const now = Date.now();
    for (const [id, at] of this.#seen) {
      if (now - at <= DEDUPE_WINDOW_MS) break;
      this.#seen.delete(id);
    }
    if (this.#seen.has(message.messageId)) return false;
    this.#seen.set(message.messageId, now);
    await this.db
      .insertInto('chat_activity')
      .values({
        channel_id: message.channelId,
        user_id: message.userId,
        login: message.login,
        last_message_at: message.at,
        message_count: 1,
      })
      .onConflict((conflict) =>
        conflict.columns(['channel_id', 'user_id']).doUpdateSet({
          login: message.login,
          last_message_at: sql`greatest(chat_activity.last_message_at, excluded.last_message_at)`,
          message_count: sql`chat_activity.message_count + 1`,
        }),
      )
      .execute();
    return true;
  }

  /** User ids of a channel's viewers who chatted since `since`. */
  async activeSince(channelId: number, since: Date): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('chat_activity')
      .select('user_id')
      .where('channel_id', '=', channelId)
      .where('last_message_at', '>=', since)
      .execute();
    return new Set(rows.map((row) => row.user_id));
  }
}
