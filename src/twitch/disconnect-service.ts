import type { Logger } from 'pino';
import type { Channel, ChannelRepository } from '../channels/channel-repository.ts';
import type { DashboardSessionRepository } from '../channels/dashboard-session-repository.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { ChatListener } from './chat-listener.ts';
import { revokeAtTwitch } from './revoke.ts';
import type { TwitchTokenStore } from './token-store.ts';

/**
 * Disconnects a channel from Twitch at the streamer's request (SPEC §9: a disconnect revokes the
 * token): stops listening to its chat, revokes the token at Twitch, forgets it, marks the channel
 * "disconnected" and ends its dashboard logins (SPEC §9; a new login comes only through Twitch again).
 * Twitch failing to revoke does not keep the channel connected here: the token is forgotten anyway,
 * and the failure is logged.
 */
export class TwitchDisconnectService {
  constructor(
    private readonly deps: {
      readonly clientId: string;
      readonly channels: ChannelRepository;
      readonly dashboardSessions: DashboardSessionRepository;
      readonly tokenStore: TwitchTokenStore;
      readonly chatListener: ChatListener | undefined;
      readonly events: EventBus;
      readonly logger: Logger;
    },
  ) {}

  /** Disconnects `channel`; the state it ends in (a channel never connected stays `not_connected`). */
  async disconnect(channel: Channel): Promise<Channel['connectionState']> {
    const { channels, dashboardSessions, tokenStore, chatListener, events, logger } = this.deps;
    const token = await tokenStore.load(channel.id);
    if (
      !token &&
      (channel.connectionState === 'not_connected' || channel.connectionState === 'disconnected')
    ) {
      await dashboardSessions.endAllOf(channel.id);
      return channel.connectionState;
    }
    // Unsubscribing from the chat needs the token, so it goes first.
    await chatListener?.forget(channel.id);
    if (token) await this.#revoke(channel, token.accessToken);
    await tokenStore.remove(channel.id);
    await channels.setConnectionState(channel.id, 'disconnected');
    const endedLogins = await dashboardSessions.endAllOf(channel.id);
    logger.info(
      { channel: channel.login, channelId: channel.id, endedLogins },
      'Twitch channel disconnected',
    );
    events.publish({ type: 'channel.disconnected', channel: channel.login, channelId: channel.id });
    return 'disconnected';
  }

  async #revoke(channel: Channel, accessToken: string): Promise<void> {
    try {
      await revokeAtTwitch(this.deps.clientId, accessToken);
    } catch (error) {
      this.deps.logger.warn(
        { err: error, channel: channel.login, channelId: channel.id },
        'Twitch did not revoke the token; the channel is disconnected here anyway',
      );
    }
  }
}
