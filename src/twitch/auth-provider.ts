import { HttpStatusCodeError } from '@twurple/api-call';
import {
  type AccessToken,
  type AccessTokenMaybeWithUserId,
  type AccessTokenWithUserId,
  type AuthProvider,
  getAppToken,
  refreshUserToken,
} from '@twurple/auth';
import { extractUserId, type UserIdResolvable } from '@twurple/common';
import { recordTokenRefresh } from '../metrics/metrics.ts';
import { TokenDecryptionError } from '../security/token-cipher.ts';
import { TWITCH_AUTH_TIMEOUT_MS, withinTimeout } from './time-limit.ts';
import { MissingTwitchTokenError, NoStoredTokenError, type TwitchTokenStore } from './token-store.ts';

/** Raised when Twitch refused a refresh: the streamer must connect again (SPEC §9). */
export class ReconnectNeededError extends Error {
  override name = 'ReconnectNeededError';

  constructor(
    readonly channelId: number,
    cause: unknown,
  ) {
    super(`the Twitch connection of channel ${channelId} must be renewed`, { cause });
  }
}

// Refresh a minute before Twitch's expiry, as twurple's own providers do.
const EXPIRY_GRACE_MS = 60_000;
// After a refresh, 401s from requests that were already in flight are answered with its result.
const RECENT_REFRESH_MS = 10_000;
// Which channel a Twitch user is, kept this long: a busy channel makes several Helix calls a second, each
// asking for its token. (The token itself is read from the store every time: a token another process
// refreshed or replaced must be the one handed out, or the 401 path cannot tell it from a stale one.)
const CHANNEL_OF_USER_MS = 10_000;
// A refresh runs while the token row is locked: every process waits for it, so it may not take long.
const DEFAULT_REFRESH_TIMEOUT_MS = TWITCH_AUTH_TIMEOUT_MS;

/** Whether an error means Twitch refused the token for good. */
export function isRefusal(error: unknown): boolean {
  if (error instanceof MissingTwitchTokenError) return true;
  return error instanceof HttpStatusCodeError && (error.statusCode === 400 || error.statusCode === 401);
}

/** Whether a token is expired or about to be. */
export function isExpiring(token: AccessToken, now = Date.now()): boolean {
  return (
    token.expiresIn !== null && token.obtainmentTimestamp + token.expiresIn * 1000 - EXPIRY_GRACE_MS <= now
  );
}

export interface ChannelAuthProviderOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly store: TwitchTokenStore;
  /** The channel of a Twitch user id (the broadcaster), or undefined. */
  readonly channelOfUser: (twitchUserId: string) => Promise<number | undefined>;
  /** Told once when a channel's refresh fails: mark it, tell Discord, stop using the token. */
  readonly onReconnectNeeded: (channelId: number, error: unknown) => Promise<void>;
  /** How long a refresh may wait for Twitch, row lock held (default 10 s). */
  readonly refreshTimeoutMs?: number;
}

/**
 * twurple's auth provider, backed by the database instead of memory: tokens are read from
 * TwitchTokenStore and refreshed through its row lock, so 20 racing requests, or two API replicas,
 * spend a refresh token once. (twurple's RefreshingAuthProvider keeps tokens per process and refreshes
 * on concurrent 401s more than once: each 401 of a request in flight starts its own refresh.)
 */
export class ChannelAuthProvider implements AuthProvider {
  readonly clientId: string;
  readonly authorizationType = 'Bearer';
  readonly #options: ChannelAuthProviderOptions;
  readonly #scopes = new Map<string, string[]>();
  readonly #refreshing = new Map<number, Promise<AccessToken>>();
  readonly #recentRefresh = new Map<number, { at: number; token: AccessToken }>();
  readonly #lastHandedOut = new Map<string, number>();
  readonly #channelOf = new Map<string, { channelId: number; until: number }>();
  #appToken: AccessToken | undefined;

  constructor(options: ChannelAuthProviderOptions) {
    this.clientId = options.clientId;
    this.#options = options;
  }

  getCurrentScopesForUser(user: UserIdResolvable): string[] {
    return this.#scopes.get(extractUserId(user)) ?? [];
  }

  async getAccessTokenForUser(user: UserIdResolvable): Promise<AccessTokenWithUserId | null> {
    const userId = extractUserId(user);
    const channelId = await this.#channelOfUser(userId);
    if (channelId === undefined) return null;
    let token = await this.#loadUsable(channelId);
    if (!token) return null;
    if (isExpiring(token)) token = await this.#refresh(channelId, token.obtainmentTimestamp);
    return this.#handOut(userId, token);
  }

  /**
   * The stored token, or — when it no longer decrypts (TOKEN_ENCRYPTION_KEY changed, or the row was
   * tampered with) — the channel marked "reconnect needed": only a new connection can mend it.
   */
  async #loadUsable(channelId: number): Promise<AccessToken | undefined> {
    try {
      return (await this.#options.store.load(channelId)) ?? undefined;
    } catch (error) {
      if (!(error instanceof TokenDecryptionError)) throw error;
      await this.markReconnectNeeded(channelId, error);
      throw new ReconnectNeededError(channelId, error);
    }
  }

  /**
   * Called by twurple after a 401. twurple does not say which token failed, and requests that were in
   * flight during a refresh come back with 401s for the old token afterwards. So: within
   * RECENT_REFRESH_MS of a refresh by this process, its result is the answer — unless this process
   * has handed out a newer token since (the streamer connected again); otherwise the store refreshes
   * unless the stored token is newer than the one this process last handed out (another process
   * refreshed it).
   */
  async refreshAccessTokenForUser(user: UserIdResolvable): Promise<AccessTokenWithUserId> {
    const userId = extractUserId(user);
    const channelId = await this.#channelOfUser(userId);
    if (channelId === undefined) throw new Error(`no channel for Twitch user ${userId}`);
    const lastHandedOut = this.#lastHandedOut.get(userId) ?? 0;
    const recent = this.#recentRefresh.get(channelId);
    if (
      recent &&
      Date.now() - recent.at < RECENT_REFRESH_MS &&
      recent.token.obtainmentTimestamp >= lastHandedOut
    )
      return this.#handOut(userId, recent.token);
    return this.#handOut(userId, await this.#refresh(channelId, lastHandedOut));
  }

  async getAnyAccessToken(user?: UserIdResolvable): Promise<AccessTokenMaybeWithUserId> {
    if (user !== undefined) {
      const token = await this.getAccessTokenForUser(user);
      if (token) return token;
    }
    return this.getAppAccessToken();
  }

  async getAppAccessToken(forceNew = false): Promise<AccessToken> {
    if (forceNew || !this.#appToken || isExpiring(this.#appToken)) {
      this.#appToken = await withinTimeout(
        getAppToken(this.clientId, this.#options.clientSecret),
        TWITCH_AUTH_TIMEOUT_MS,
        'an app token request',
      );
    }
    return this.#appToken;
  }

  /** Marks a channel "reconnect needed" (a failed validation): its token is not used any more. */
  async markReconnectNeeded(channelId: number, error: unknown): Promise<void> {
    await this.#options.onReconnectNeeded(channelId, error);
  }

  async #channelOfUser(userId: string): Promise<number | undefined> {
    const cached = this.#channelOf.get(userId);
    if (cached && cached.until > Date.now()) return cached.channelId;
    const channelId = await this.#options.channelOfUser(userId);
    // A user with no channel yet may connect any moment: only a found channel is kept.
    if (channelId !== undefined)
      this.#channelOf.set(userId, { channelId, until: Date.now() + CHANNEL_OF_USER_MS });
    return channelId;
  }

  #handOut(userId: string, token: AccessToken): AccessTokenWithUserId {
    this.#scopes.set(userId, token.scope);
    this.#lastHandedOut.set(userId, token.obtainmentTimestamp);
    return { ...token, userId };
  }

  // One refresh in flight per channel in this process; the database lock covers other processes.
  #refresh(channelId: number, seenObtainment: number): Promise<AccessToken> {
    const pending = this.#refreshing.get(channelId);
    if (pending) return pending;
    const { clientId } = this;
    const { clientSecret, store, onReconnectNeeded } = this.#options;
    const timeoutMs = this.#options.refreshTimeoutMs ?? DEFAULT_REFRESH_TIMEOUT_MS;
    const refreshing = store
      .refreshOnce(channelId, seenObtainment, (refreshToken) =>
        countedRefresh(
          withinTimeout(refreshUserToken(clientId, clientSecret, refreshToken), timeoutMs, 'a token refresh'),
        ),
      )
      .then((token) => {
        this.#recentRefresh.set(channelId, { at: Date.now(), token });
        return token;
      })
      .catch(async (error: unknown) => {
        // The token was forgotten meanwhile (a disconnect): nothing to mark, the channel says why.
        if (error instanceof NoStoredTokenError) throw new ReconnectNeededError(channelId, error);
        // Twitch said no (400 "Invalid refresh token", 401), or there is nothing to refresh with: the
        // streamer must connect again. A timeout or a 5xx is not a verdict on the token: rethrown as is.
        if (!isRefusal(error)) throw error;
        await onReconnectNeeded(channelId, error);
        throw new ReconnectNeededError(channelId, error);
      })
      .finally(() => this.#refreshing.delete(channelId));
    this.#refreshing.set(channelId, refreshing);
    return refreshing;
  }
}

/** Counts a refresh this process asked Twitch for: `ok`, `refused` (reconnect needed) or `failed`. */
async function countedRefresh(refresh: Promise<AccessToken>): Promise<AccessToken> {
  try {
    const token = await refresh;
    recordTokenRefresh('ok');
    return token;
  } catch (error) {
    recordTokenRefresh(isRefusal(error) ? 'refused' : 'failed');
    throw error;
  }
}
