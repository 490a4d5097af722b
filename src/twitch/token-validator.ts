import { getTokenInfo, InvalidTokenError } from '@twurple/auth';
import type { Logger } from 'pino';
import type { ChannelRepository } from '../channels/channel-repository.ts';
import type { ChannelAuthProvider } from './auth-provider.ts';
import { isRefusal, ReconnectNeededError } from './auth-provider.ts';
import { TWITCH_AUTH_TIMEOUT_MS, withinTimeout } from './time-limit.ts';
import type { TwitchTokenStore } from './token-store.ts';

/** Twitch requires validating every stored token at start-up and then hourly (shared reference §1.4). */
export const VALIDATION_INTERVAL_MS = 60 * 60 * 1000;

export type ValidationOutcome = 'valid' | 'reconnect_needed' | 'unreachable';

/** /oauth2/validate, bounded in time (a timeout counts as "unreachable", like any other failure). */
const validation = (accessToken: string, clientId: string) =>
  withinTimeout(getTokenInfo(accessToken, clientId), TWITCH_AUTH_TIMEOUT_MS, 'a token validation');

/**
 * Validates the stored tokens with /oauth2/validate. An expired token is refreshed first; a token
 * Twitch calls invalid gets one refresh, and if that fails too the channel is marked "reconnect needed"
 * (by the auth provider, which also emits the event) and its token is no longer used. Twitch being
 * unreachable changes nothing: the next round tries again.
 */
export class TokenValidator {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      readonly clientId: string;
      readonly provider: ChannelAuthProvider;
      readonly channels: ChannelRepository;
      readonly store: TwitchTokenStore;
      readonly connectedChannels: () => Promise<{ id: number; twitchUserId: string }[]>;
      readonly logger: Logger;
    },
  ) {}

  /** Validates every connected channel now, one after the other. */
  async validateAll(): Promise<Map<number, ValidationOutcome>> {
    const outcomes = new Map<number, ValidationOutcome>();
    for (const channel of await this.deps.connectedChannels()) {
      outcomes.set(channel.id, await this.validate(channel.id, channel.twitchUserId));
    }
    return outcomes;
  }

  /** Validates one channel's token. */
  async validate(channelId: number, twitchUserId: string): Promise<ValidationOutcome> {
    const { provider, clientId, store, logger } = this.deps;
    try {
      let token = await provider.getAccessTokenForUser(twitchUserId);
      if (!token) return 'reconnect_needed';
      try {
        await validation(token.accessToken, clientId);
      } catch (error) {
        if (!(error instanceof InvalidTokenError)) throw error;
        token = await provider.refreshAccessTokenForUser(twitchUserId);
        await validation(token.accessToken, clientId);
      }
      await store.markValidated(channelId);
      return 'valid';
    } catch (error) {
      if (error instanceof ReconnectNeededError) return 'reconnect_needed';
      if (error instanceof InvalidTokenError || isRefusal(error)) {
        await provider.markReconnectNeeded(channelId, error);
        return 'reconnect_needed';
      }
      logger.warn({ err: error, channelId }, 'could not validate the Twitch token; will try again');
      return 'unreachable';
    }
  }

  /** Validates now (in the background) and then every hour. */
  start(): void {
    const run = () =>
      void this.validateAll().catch((error: unknown) =>
        this.deps.logger.error({ err: error }, 'Twitch token validation round failed'),
      );
    run();
    this.#timer = setInterval(run, VALIDATION_INTERVAL_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
