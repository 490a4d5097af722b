import type { ApiClient } from '@twurple/api';
import type { EventSubSubscription } from '@twurple/eventsub-base';
import { EventSubWsListener } from '@twurple/eventsub-ws';
import type { Logger } from 'pino';
import type { IncomingChatMessage } from './viewer-chat.ts';

// How long a disconnect waits for Twitch to delete the chat subscription before going on without it.
const DELETION_WAIT_MS = 10_000;

/**
 * Listens to channel.chat.message over EventSub WebSocket for connected channels, through twurple's
 * listener (welcome window, keepalive, reconnect and resubscription are its job), and hands each message
 * to `onMessage` (activity, claims, entries: ViewerChat). A failure to subscribe is logged, never thrown.
 */
export class ChatListener {
  readonly #listener: EventSubWsListener;
  readonly #subscriptions = new Map<number, EventSubSubscription>();
  #started = false;

  constructor(
    api: ApiClient,
    private readonly onMessage: (message: IncomingChatMessage) => Promise<void>,
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
      this.onMessage({
        messageId: event.messageId,
        channelId,
        broadcasterId,
        userId: event.chatterId,
        login: event.chatterName,
        text: event.messageText,
        at: new Date(),
      }).catch((error: unknown) =>
        this.logger.warn({ err: error, channelId }, 'could not handle a chat message'),
      );
    });
    this.#subscriptions.set(channelId, subscription);
    if (!this.#started) {
      this.#started = true;
      this.#listener.start();
    }
  }

  /**
   * Stops listening to one channel's chat; resolves once Twitch deleted its EventSub subscription (the
   * deletion needs the channel's token, so a disconnect waits for it before revoking the token).
   */
  async forget(channelId: number): Promise<void> {
    const subscription = this.#subscriptions.get(channelId);
    if (!subscription) return;
    this.#subscriptions.delete(channelId);
    // twurple's stop() deletes at Twitch only a subscription Twitch created (one with a Twitch id; its
    // `verified` is for webhooks), and returns nothing: the outcome comes as an event.
    const deleted = subscription._twitchId ? this.#deletionOf(subscription) : Promise.resolve();
    subscription.stop();
    await deleted;
  }

  #deletionOf(subscription: EventSubSubscription): Promise<void> {
    return new Promise((resolve) => {
      const settle = () => {
        success.unbind();
        failure.unbind();
        clearTimeout(timer);
        resolve();
      };
      const success = this.#listener.onSubscriptionDeleteSuccess((deleted) => {
        if (deleted === subscription) settle();
      });
      const failure = this.#listener.onSubscriptionDeleteFailure((deleted, error) => {
        if (deleted !== subscription) return;
        this.logger.warn({ err: error, subscription: deleted.id }, 'EventSub chat subscription not deleted');
        settle();
      });
      const timer = setTimeout(settle, DELETION_WAIT_MS);
    });
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
