import type { Logger } from 'pino';
import type { KinoYuEvent, PublishedEvent } from '../contract/events.ts';
import type { SessionView } from '../contract/sessions.ts';
import { EventHistory, type NumberedEvent } from './event-history.ts';

export type { KinoYuEvent, PublishedEvent, SessionView };

/** Called with each event and its stream id (strictly increasing within one bus). */
export type EventListener = (event: PublishedEvent, id: number) => void;

/**
 * In-process fan-out of events to the SSE streams and the bot: `publish` delivers to every `subscribe`r
 * of this process, numbers each event and keeps the last ones for replay. `RedisEventBus` (REDIS_URL)
 * extends it to publish across API replicas; `createEventBus` picks one.
 */
export class EventBus {
  readonly #listeners = new Set<EventListener>();
  readonly #history: EventHistory;
  readonly #logger: Logger | undefined;
  #lastId = 0;

  constructor(options: { logger?: Logger; historySize?: number } = {}) {
    this.#logger = options.logger;
    this.#history = new EventHistory(options.historySize);
  }

  publish(event: KinoYuEvent): void {
    this.deliver(this.nextLocalId(), { ...event, at: new Date().toISOString() });
  }

  /** Calls `listener` for every event until the returned function is called. */
  subscribe(listener: EventListener): () => void {
    // A wrapper per call, so subscribing one function twice needs two unsubscribes, like EventEmitter.
    const subscription: EventListener = (event, id) => listener(event, id);
    this.#listeners.add(subscription);
    return () => this.#listeners.delete(subscription);
  }

  /** How many listeners are subscribed (an open stream is one). */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** The buffered events after `lastId`, oldest first: best-effort replay for a stream that reconnects. */
  eventsAfter(lastId: number): NumberedEvent[] {
    return this.#history.after(lastId);
  }

  /** Releases connections (none in process). */
  async close(): Promise<void> {}

  /** Hands an event to this process's listeners; one listener that throws does not stop the others. */
  protected deliver(id: number, event: PublishedEvent): void {
    this.#lastId = Math.max(this.#lastId, id);
    this.#history.add({ id, event });
    for (const listener of [...this.#listeners]) {
      try {
        listener(event, id);
      } catch (error) {
        this.#logger?.error({ err: error, eventType: event.type, eventId: id }, 'an event listener failed');
      }
    }
  }

  /** The id of the last event delivered here (0 before the first). */
  protected get lastId(): number {
    return this.#lastId;
  }

  /**
   * The next id: the clock in milliseconds, or one more than the last id when events come faster. Ids
   * thus keep increasing across restarts (a reconnecting client's Last-Event-ID stays comparable), as
   * long as a process averages under 1,000 events a second.
   */
  protected nextLocalId(): number {
    return Math.max(this.#lastId + 1, Date.now());
  }
}
