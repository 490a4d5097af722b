import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { Tables } from '../db/tables.ts';

/** A channel as the rest of the program sees it. */
export interface Channel {
  readonly id: number;
  readonly login: string;
  readonly displayName: string;
  readonly twitchUserId: string | null;
  readonly language: 'pt-BR' | 'en';
  readonly connectionState: 'not_connected' | 'connected' | 'reconnect_needed' | 'disconnected';
}

const columns = ['id', 'login', 'display_name', 'twitch_user_id', 'language', 'connection_state'] as const;

interface ChannelRow {
  id: number;
  login: string;
  display_name: string;
  twitch_user_id: string | null;
  language: 'pt-BR' | 'en';
  connection_state: Channel['connectionState'];
}

function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    twitchUserId: row.twitch_user_id,
    language: row.language,
    connectionState: row.connection_state,
  };
}

/** Channels: lookup by login, and creation on first use. */
export class ChannelRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  findByLogin(login: string): Promise<Channel | undefined> {
    return this.#findBy('login', login);
  }

  findById(id: number): Promise<Channel | undefined> {
    return this.#findBy('id', id);
  }

  findByTwitchUserId(twitchUserId: string): Promise<Channel | undefined> {
    return this.#findBy('twitch_user_id', twitchUserId);
  }

  async #findBy(
    column: 'login' | 'id' | 'twitch_user_id',
    value: string | number,
  ): Promise<Channel | undefined> {
    const row = await this.db
      .selectFrom('channels')
      .select(columns)
      .where(column, '=', value)
      .executeTakeFirst();
    return row && toChannel(row);
  }

  /**
   * Records a Twitch connection: the channel of this Twitch user, found by user id or else by login (a
   * channel set up before connecting), created if neither exists; marked connected. Logins can change
   * on Twitch, user ids cannot: the id wins and the login follows it.
   */
  async connect(
    twitchUserId: string,
    login: string,
    displayName: string,
    executor: Executor = this.db,
  ): Promise<Channel> {
    const existing =
      (await executor
        .selectFrom('channels')
        .select('id')
        .where('twitch_user_id', '=', twitchUserId)
        .executeTakeFirst()) ??
      (await executor
        .selectFrom('channels')
        .select('id')
        .where('login', '=', login)
        .where('twitch_user_id', 'is', null)
        .executeTakeFirst());
    const values = {
      login,
      display_name: displayName,
      twitch_user_id: twitchUserId,
      connection_state: 'connected' as const,
      updated_at: new Date(),
    };
    const row = existing
      ? await executor
          .updateTable('channels')
          .set(values)
          .where('id', '=', existing.id)
          .returning(columns)
          .executeTakeFirstOrThrow()
      : await executor.insertInto('channels').values(values).returning(columns).executeTakeFirstOrThrow();
    return toChannel(row);
  }

  /** Connected channels that have a stored Twitch token (for the hourly validation). */
  async connectedWithTokens(): Promise<{ id: number; twitchUserId: string }[]> {
    const rows = await this.db
      .selectFrom('channels')
      .innerJoin('twitch_tokens', 'twitch_tokens.channel_id', 'channels.id')
      .select(['channels.id', 'channels.twitch_user_id'])
      .where('channels.connection_state', '=', 'connected')
      .where('channels.twitch_user_id', 'is not', null)
      .orderBy('channels.id')
      .execute();
    return rows.map((row) => ({ id: row.id, twitchUserId: row.twitch_user_id ?? '' }));
  }

  /** Sets the connection state (e.g. reconnect_needed when Twitch refuses the token). */
  async setConnectionState(channelId: number, state: Channel['connectionState']): Promise<void> {
    await this.db
      .updateTable('channels')
      .set({ connection_state: state, updated_at: new Date() })
      .where('id', '=', channelId)
      .execute();
  }

  /** Returns the channel with this login, creating it (not yet connected to Twitch) if needed. */
  async ensure(login: string): Promise<Channel> {
    await this.db
      .insertInto('channels')
      .values({ login, display_name: login })
      .onConflict((conflict) => conflict.column('login').doNothing())
      .execute();
    const channel = await this.findByLogin(login);
    if (!channel) throw new Error(`channel ${login} vanished right after it was created`);
    return channel;
  }
}
