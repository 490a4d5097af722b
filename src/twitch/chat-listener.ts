import type { ApiClient } from '@twurple/api';
import type { EventSubSubscription } from '@twurple/eventsub-base';
import { EventSubWsListener } from '@twurple/eventsub-ws';
import type { Logger } from 'pino';
import type { ChatActivity } from './chat-activity.ts';

/**
 * Listens to channel.chat.message over EventSub WebSocket for connected channels, through twurple's
 * listener (welcome window, keepalive, reconnect and resubscription are its job), and records who
 * chatted when. A failure to subscribe is logged, never thrown: chat activity is an extra.
 */
export class ChatListener {
  readonly #listener: EventSubWsListener;
  readonly #subscriptions = new Map<number, EventSubSubscription>();
  #started = false;

  constructor(
    api: ApiClient,
    private readonly activity: ChatActivity,
    private readonly logger: Logger,
  ) {
    this.#listener = new EventSubWsListener({ apiClient: api, logger: { minLevel: 'error' } });
    this.#listener.onSubscriptionCreateFailure((subscription, error) =>
      this.logger.warn({ err: error, subscription: subscription.id }, 'EventSub chat subscription failed'),
    );
  }

  /** Starts listening to one channel's chat (idempotent). */
  listen(channelId: number, broadcasterId: string): void {
    if (this.#subscriptions.has(channelId)) return;
    const subscription = this.#listener.onChannelChatMessage(broadcasterId, broadcasterId, (event) => {
      this.activity
        .record({
          messageId: event.messageId,
          channelId,
          userId: event.chatterId,
          login: event.chatterName,
          at: new Date(),
        })
        .catch((error: unknown) =>
          this.logger.warn({ err: error, channelId }, 'could not record a chat message'),
        );
    });
    this.#subscriptions.set(channelId, subscription);
    if (!this.#started) {
      this.#started = true;
      this.#listener.start();
    }
  }

  /** Resolves once the next subscription is confirmed by Twitch (used by tests and start-up logs). */
  subscribed(): Promise<void> {
    return new Promise((resolve) => this.#listener.onSubscriptionCreateSuccess(() => resolve()));
  }

  stop(): void {
    if (this.#started) this.#listener.stop();
    this.#started = false;
  }
}
