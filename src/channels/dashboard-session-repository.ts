import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.ts';

/** A dashboard login as the server keeps it: which channel it opens, and until when. */
export interface DashboardSessionRecord {
  readonly channelId: number;
  readonly expiresAt: Date;
}

/**
 * The server side of dashboard logins (`dashboard_sessions`): a row per login, named by the SHA-256 of
 * the token its cookie carries. A login is valid while its row exists and has not expired.
 */
export class DashboardSessionRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Records a new login. */
  async create(tokenHash: string, record: DashboardSessionRecord): Promise<void> {
    await this.db
      .insertInto('dashboard_sessions')
      .values({ token_hash: tokenHash, channel_id: record.channelId, expires_at: record.expiresAt })
      .execute();
  }

  /** The login named by `tokenHash`, unless it ended or expired. */
  async findLive(tokenHash: string, now = new Date()): Promise<DashboardSessionRecord | undefined> {
    const row = await this.db
      .selectFrom('dashboard_sessions')
      .select(['channel_id', 'expires_at'])
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row && { channelId: Number(row.channel_id), expiresAt: new Date(row.expires_at) };
  }

  /** Ends one login (logout). */
  async end(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('dashboard_sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Ends every login of a channel (the channel was disconnected from Twitch); returns how many. */
  async endAllOf(channelId: number): Promise<number> {
    const result = await this.db
      .deleteFrom('dashboard_sessions')
      .where('channel_id', '=', channelId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Deletes the logins that expired before `now`; returns how many went. */
  async purgeExpired(now = new Date()): Promise<number> {
    const result = await this.db
      .deleteFrom('dashboard_sessions')
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
