import { sql } from 'kysely';
import type { Executor } from '../db/executor.ts';

/** A chat message as KinoYu keeps it: who, where, when, and Twitch's id for it. */
export interface ChatMessage {
  readonly messageId: string;
  readonly channelId: number;
  readonly userId: string;
  readonly login: string;
  readonly at: Date;
}

/** Who chatted when in each channel (`chat_activity`): one row per viewer, the latest message wins. */
export class ChatActivityRepository {
  constructor(private readonly db: Executor) {}

  /** Counts a message and moves the viewer's last-message time forward (never back: redeliveries come late). */
  async record(message: ChatMessage): Promise<void> {
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
