import type { Kysely } from 'kysely';
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

  async findByLogin(login: string): Promise<Channel | undefined> {
    const row = await this.db
      .selectFrom('channels')
      .select(columns)
      .where('login', '=', login)
      .executeTakeFirst();
    return row && toChannel(row);
  }

  async findById(id: number): Promise<Channel | undefined> {
    const row = await this.db.selectFrom('channels').select(columns).where('id', '=', id).executeTakeFirst();
    return row && toChannel(row);
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
