import type { AccessToken } from '@twurple/auth';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ChannelRepository } from '../channels/channel-repository.ts';
import type { DiscordLinkRepository } from '../channels/discord-link-repository.ts';
import type { ConnectOutcome } from '../contract/connect.ts';
import type { Tables } from '../db/tables.ts';
import type { EventBus } from '../events/event-bus.ts';
import { consumeToken, spendNonce } from '../security/nonce-store.ts';
import { SignedTokenError, type SignedTokens } from '../security/signed-token.ts';
import { exchangeForUser } from './code-exchange.ts';
import { revokeAtTwitch } from './revoke.ts';
import { BROADCASTER_SCOPES } from './scopes.ts';
import type { TwitchTokenStore } from './token-store.ts';

// A connect link from Discord lives 15 minutes; the OAuth round trip through Twitch, 10.
const LINK_TTL_SECONDS = 15 * 60;
const STATE_TTL_SECONDS = 10 * 60;
const DISCORD_SNOWFLAKE = /^\d{17,20}$/;

/** Where the app's Twitch application lives: the real Twitch, a stand-in, or the sandbox. */
export interface TwitchApplication {
  readonly clientId: string;
  readonly clientSecret: string;
  /** `https://id.twitch.tv/oauth2/authorize`, or the stand-in's `/auth/authorize`. */
  readonly authorizeUrl: string;
}

export interface ConnectResult {
  readonly outcome: ConnectOutcome;
  readonly channel?: string;
  readonly linkedToDiscord?: boolean;
}

/** What the bot tells about a Discord server when it asks for a link: stored when the link is used. */
export interface DiscordLinkPreferences {
  readonly announcementChannelId?: string;
  readonly language?: 'pt-BR' | 'en';
}

/**
 * The connect flow of SPEC §2.1: a signed, single-use link minted for a Discord server, a signed,
 * single-use OAuth `state` carrying that server, the code exchange, encrypted storage, the link, and
 * the `channel.connected` event. Every refusal changes nothing.
 */
export class TwitchConnectService {
  constructor(
    private readonly deps: {
      readonly db: Kysely<Tables>;
      readonly application: TwitchApplication;
      readonly publicUrl: string;
      readonly tokens: SignedTokens;
      readonly channels: ChannelRepository;
      readonly discordLinks: DiscordLinkRepository;
      readonly tokenStore: TwitchTokenStore;
      readonly events: EventBus;
      readonly logger: Logger;
    },
  ) {}

  get redirectUri(): string {
    return `${this.deps.publicUrl}/auth/twitch/callback`;
  }

  /** The URL a moderator's `!conectar` answers with: names the Discord server, signed, single use. */
  mintDiscordLink(
    guildId: string,
    preferences: DiscordLinkPreferences = {},
  ): { url: string; expiresAt: string } {
    if (!DISCORD_SNOWFLAKE.test(guildId)) {
      throw new SignedTokenError('malformed');
    }
    const { announcementChannelId: a, language: l } = preferences;
    const token = this.deps.tokens.sign(
      { purpose: 'discord_link', g: guildId, ...(a && { a }), ...(l && { l }) },
      LINK_TTL_SECONDS,
    );
    return {
      url: `${this.deps.publicUrl}/auth/twitch/login?link=${encodeURIComponent(token)}`,
      expiresAt: new Date(Date.now() + LINK_TTL_SECONDS * 1000).toISOString(),
    };
  }

  /**
   * The Twitch authorize URL to redirect to. A Discord link is verified here but spent only when the
   * connection completes: Discord's link preview fetches every URL posted in chat, and must not use up
   * the streamer's link. Its server and nonce travel on in the signed state; a raw server id from the
   * URL is never trusted.
   */
  async authorizeUrl(link: string | undefined, options: { forceVerify?: boolean } = {}): Promise<string> {
    const fromLink =
      link === undefined
        ? {}
        : (() => {
            const verified = this.deps.tokens.verify(link, 'discord_link');
            const { g, a, l } = verified.fields;
            return {
              g: String(g),
              ...(a !== undefined && { a: String(a) }),
              ...(l !== undefined && { l: String(l) }),
              ln: verified.nonce,
              le: verified.expiresAt,
            };
          })();
    const state = this.deps.tokens.sign({ purpose: 'oauth_state', ...fromLink }, STATE_TTL_SECONDS);
    const url = new URL(this.deps.application.authorizeUrl);
    url.search = new URLSearchParams({
      client_id: this.deps.application.clientId,
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: BROADCASTER_SCOPES.join(' '),
      state,
      ...(options.forceVerify && { force_verify: 'true' }),
    }).toString();
    return url.toString();
  }

  /** Handles Twitch's redirect back: denial, bad state, failed exchange, or a connected channel. */
  async handleCallback(query: { code?: string; state?: string; error?: string }): Promise<ConnectResult> {
    const log = this.deps.logger;
    let guildId: string | undefined;
    let link: { nonce: string; expiresAt: Date; preferences: DiscordLinkPreferences } | undefined;
    try {
      const verified = await consumeToken(this.deps.db, this.deps.tokens, query.state ?? '', 'oauth_state');
      const { g, a, l, ln, le } = verified.fields;
      if (g !== undefined) {
        guildId = String(g);
        link = {
          nonce: String(ln),
          expiresAt: new Date(Number(le) * 1000),
          preferences: {
            ...(a !== undefined && { announcementChannelId: String(a) }),
            ...((l === 'en' || l === 'pt-BR') && { language: l }),
          },
        };
      }
    } catch (error) {
      if (!(error instanceof SignedTokenError)) throw error;
      log.warn({ reason: error.code }, 'Twitch callback refused: bad OAuth state');
      return { outcome: 'invalid_link' };
    }
    if (query.error !== undefined || !query.code) {
      log.info({ error: query.error }, 'the streamer did not authorize KinoYu on Twitch');
      return { outcome: 'denied' };
    }
    let token: AccessToken;
    let user: { userId: string; login: string };
    try {
      ({ token, user } = await exchangeForUser(this.deps.application, query.code, this.redirectUri));
    } catch (error) {
      log.warn({ err: error }, 'Twitch code exchange failed');
      return { outcome: 'exchange_failed' };
    }
    const channel = await this.deps.db.transaction().execute(async (transaction) => {
      // The Discord link is single-use: the first connection through it spends it, in the same
      // transaction as the link itself, so a failure anywhere leaves the link usable.
      if (link && !(await spendNonce(transaction, link.nonce, 'discord_link', link.expiresAt)))
        return undefined;
      const connected = await this.deps.channels.connect(user.userId, user.login, user.login, transaction);
      await this.deps.tokenStore.save(connected.id, token, transaction);
      if (guildId !== undefined)
        await this.deps.discordLinks.link(guildId, connected.id, link?.preferences, transaction);
      return connected;
    });
    if (!channel) {
      log.warn({ guildId }, 'Twitch callback refused: the Discord link was already used');
      await this.#revokeUnused(token.accessToken, user.login);
      return { outcome: 'invalid_link' };
    }
    log.info({ channel: channel.login, channelId: channel.id, guildId }, 'Twitch channel connected');
    this.deps.events.publish({
      type: 'channel.connected',
      channel: channel.login,
      channelId: channel.id,
      guildId: guildId ?? null,
    });
    return { outcome: 'connected', channel: channel.login, linkedToDiscord: guildId !== undefined };
  }

  /**
   * A token obtained for a connection that was then refused is stored nowhere: revoked at once, so no
   * live grant of the streamer's is left behind. Twitch failing to revoke does not change the answer.
   */
  async #revokeUnused(accessToken: string, login: string): Promise<void> {
    try {
      await revokeAtTwitch(this.deps.application.clientId, accessToken);
    } catch (error) {
      this.deps.logger.warn({ err: error, channel: login }, 'Twitch did not revoke the unused token');
    }
  }
}
