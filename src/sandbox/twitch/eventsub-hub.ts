import {
  type ChatMessageEventBody,
  type EventSubSubscriptionBody,
  notificationFrame,
} from './eventsub-frames.external.ts';
import { EventSubSessions } from './eventsub-sessions.ts';

/** A subscription request that passed the route's checks. */
export interface NewSubscription {
  readonly clientId: string;
  readonly userId: string;
  readonly type: string;
  readonly version: string;
  readonly condition: Record<string, string>;
  readonly sessionId: string;
}

interface Subscription {
  readonly body: EventSubSubscriptionBody;
  readonly clientId: string;
  readonly userId: string;
}

const KEPT_DELIVERIES = 1000;

/**
 * EventSub over WebSocket: the sessions on `/ws`, the subscriptions made through Helix, and the delivery
 * of `channel.chat.message` notifications. The frames sent for each chat message are kept (the latest
 * thousand) so that a test can deliver exactly the same ones again.
 */
export class EventSubHub {
  readonly sessions: EventSubSessions;
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #deliveries = new Map<string, Array<{ sessionId: string; frame: string }>>();

  constructor(wsBaseUrl: () => string, keepaliveSeconds: number) {
    // A subscription lives as long as its session (Twitch marks it websocket_disconnected).
    this.sessions = new EventSubSessions(wsBaseUrl, keepaliveSeconds, (sessionId) => {
      for (const [id, sub] of this.#subscriptions) {
        if (sub.body.transport.session_id === sessionId) this.#subscriptions.delete(id);
      }
    });
  }

  /** The subscriptions of a client (and of one user, when given); all of them without arguments. */
  subscriptions(clientId?: string, userId?: string): EventSubSubscriptionBody[] {
    return [...this.#subscriptions.values()]
      .filter((sub) => (!clientId || sub.clientId === clientId) && (!userId || sub.userId === userId))
      .map((sub) => sub.body);
  }

  /** Adds a subscription to an open session; 'duplicate' when the session has the same one already. */
  subscribe(request: NewSubscription): EventSubSubscriptionBody | 'duplicate' {
    const connectedAt = this.sessions.connectedAt(request.sessionId);
    if (connectedAt === undefined) throw new Error(`no EventSub session ${request.sessionId}`);
    const key = (type: string, version: string, condition: object) =>
      JSON.stringify([type, version, condition]);
    const wanted = key(request.type, request.version, request.condition);
    const existing = this.subscriptions().filter((sub) => sub.transport.session_id === request.sessionId);
    if (existing.some((sub) => key(sub.type, sub.version, sub.condition) === wanted)) return 'duplicate';
    const body: EventSubSubscriptionBody = {
      id: crypto.randomUUID(),
      status: 'enabled',
      type: request.type,
      version: request.version,
      condition: request.condition,
      created_at: new Date().toISOString(),
      transport: { method: 'websocket', session_id: request.sessionId, connected_at: connectedAt },
      cost: 0,
    };
    this.#subscriptions.set(body.id, { body, clientId: request.clientId, userId: request.userId });
    this.sessions.markUsed(request.sessionId);
    return body;
  }

  /** Removes a subscription of a client; false when it has none with this id. */
  unsubscribe(id: string, clientId: string): boolean {
    if (this.#subscriptions.get(id)?.clientId !== clientId) return false;
    return this.#subscriptions.delete(id);
  }

  /** Sends a chat message to every socket subscribed to its channel; returns the number of frames sent. */
  deliverChatMessage(event: ChatMessageEventBody): number {
    const frames: Array<{ sessionId: string; frame: string }> = [];
    for (const { body } of this.#subscriptions.values()) {
      if (
        body.type === 'channel.chat.message' &&
        body.condition.broadcaster_user_id === event.broadcaster_user_id
      ) {
        frames.push({
          sessionId: body.transport.session_id,
          frame: JSON.stringify(notificationFrame(body, event)),
        });
      }
    }
    this.#deliveries.set(event.message_id, frames);
    if (this.#deliveries.size > KEPT_DELIVERIES)
      this.#deliveries.delete(this.#deliveries.keys().next().value ?? '');
    return this.redeliver(event.message_id);
  }

  /** Sends the very same frames of a chat message again (same metadata and message ids). */
  redeliver(messageId: string): number {
    let sent = 0;
    for (const { sessionId, frame } of this.#deliveries.get(messageId) ?? []) {
      if (this.sessions.send(sessionId, frame)) sent++;
    }
    return sent;
  }
}
