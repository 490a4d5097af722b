import { EventEmitter } from 'node:events';

/** The events of SPEC §7's streams. */
export type KinoYuEvent =
  | { type: 'channel.connected'; channel: string; channelId: number; guildId: string | null }
  | { type: 'channel.reconnect_needed'; channel: string; channelId: number; reason: string }
  | { type: 'raffle.drawn'; channel: string; channelId: number; raffleId: number }
  | { type: 'session.started' | 'session.stopped'; channel: string; channelId: number; sessionId: number };

/**
 * In-process fan-out of events to the SSE streams and the bot. One process for now; with REDIS_URL
 * (a later issue) the same interface will publish across API replicas.
 */
export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Every open event stream is a listener; there may be many.
    this.#emitter.setMaxListeners(0);
  }

  publish(event: KinoYuEvent): void {
    this.#emitter.emit('event', { ...event, at: new Date().toISOString() });
  }

  /** Calls `listener` for every event until the returned function is called. */
  subscribe(listener: (event: KinoYuEvent & { at: string }) => void): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }
}
