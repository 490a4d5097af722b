import type { AccessToken } from '@twurple/auth';
import type { Kysely } from 'kysely';
import type { Executor } from '../db/executor.ts';
import type { Tables } from '../db/tables.ts';
import type { TokenCipher } from '../security/token-cipher.ts';

/** Thrown when a channel has no stored token, or its refresh token is gone. */
export class MissingTwitchTokenError extends Error {
  override name = 'MissingTwitchTokenError';
}

/** Thrown when a channel has no stored token at all: it was disconnected (or never connected). */
export class NoStoredTokenError extends MissingTwitchTokenError {
  override name = 'NoStoredTokenError';
}

/**
 * Twitch tokens at rest: AES-256-GCM with the channel id bound in as associated data, so a
 * ciphertext copied to another channel's row does not decrypt. The plain token never leaves memory.
 */
export class TwitchTokenStore {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly cipher: TokenCipher,
  ) {}

  /** Stores the whole token object Twitch returned (read-modify-write: refresh tokens rotate). */
  async save(channelId: number, token: AccessToken, executor: Executor = this.db): Promise<void> {
    const aad = String(channelId);
    const row = {
      access_token_encrypted: this.cipher.encrypt(token.accessToken, aad),
      refresh_token_encrypted: token.refreshToken ? this.cipher.encrypt(token.refreshToken, aad) : null,
      scopes: token.scope,
      obtained_at: new Date(token.obtainmentTimestamp),
      expires_at:
        token.expiresIn === null ? null : new Date(token.obtainmentTimestamp + token.expiresIn * 1000),
      updated_at: new Date(),
    };
    await executor
      .insertInto('twitch_tokens')
      .values({ channel_id: channelId, ...row })
      .onConflict((conflict) => conflict.column('channel_id').doUpdateSet(row))
      .execute();
  }

  /** The channel's token, decrypted, or undefined when there is none. */
  async load(
    channelId: number,
    executor: Executor = this.db,
    lock = false,
  ): Promise<AccessToken | undefined> {
    let query = executor
      .selectFrom('twitch_tokens')
      .select(['access_token_encrypted', 'refresh_token_encrypted', 'scopes', 'obtained_at', 'expires_at'])
      .where('channel_id', '=', channelId);
    if (lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) return undefined;
    const aad = String(channelId);
    const obtained = row.obtained_at.getTime();
    return {
      accessToken: this.cipher.decrypt(row.access_token_encrypted, aad),
      refreshToken: row.refresh_token_encrypted
        ? this.cipher.decrypt(row.refresh_token_encrypted, aad)
        : null,
      scope: row.scopes,
      obtainmentTimestamp: obtained,
      expiresIn: row.expires_at ? Math.round((row.expires_at.getTime() - obtained) / 1000) : null,
    };
  }

  /**
   * Refreshes the token once across every process sharing the database: the row is locked FOR UPDATE,
   * and if another process already replaced the token the caller saw (`seenObtainment`), that newer
   * token is returned without spending the refresh token again (single-use refresh tokens, SPEC §9).
   */
  refreshOnce(
    channelId: number,
    seenObtainment: number,
    refresh: (refreshToken: string) => Promise<AccessToken>,
  ): Promise<AccessToken> {
    return this.db.transaction().execute(async (transaction) => {
      const current = await this.load(channelId, transaction, true);
      if (!current) throw new NoStoredTokenError(`channel ${channelId} has no Twitch token`);
      if (current.obtainmentTimestamp > seenObtainment) return current;
      if (!current.refreshToken)
        throw new MissingTwitchTokenError(`channel ${channelId} has no refresh token`);
      const fresh = await refresh(current.refreshToken);
      await this.save(channelId, fresh, transaction);
      return fresh;
    });
  }

  /** Forgets a channel's token (after revoking it, or when it is dead). */
  async remove(channelId: number): Promise<void> {
    await this.db.deleteFrom('twitch_tokens').where('channel_id', '=', channelId).execute();
  }

  /** Records a successful /oauth2/validate. */
  async markValidated(channelId: number, at = new Date()): Promise<void> {
    await this.db
      .updateTable('twitch_tokens')
      .set({ validated_at: at })
      .where('channel_id', '=', channelId)
      .execute();
  }
}
