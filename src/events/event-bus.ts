import type { Logger } from 'pino';
import type { KinoYuEvent, PublishedEvent } from '../contract/events.ts';
import type { SessionView } from '../contract/sessions.ts';
import { EventHistory, type NumberedEvent } from './event-history.ts';

export type { KinoYuEvent, PublishedEvent, SessionView };

/**
 * An announcement a process owes before its draw commits (issue 13): `key` names the draw (raffle and
 * slot), `context` is the caller's own text to rebuild the event from (who asked, which trigger).
 */
export interface OwedAnnouncement {
  readonly key: string;
  readonly context: string;
}

/**
 * How an owed announcement is published. `first`: by the process that drew, unless another one
 * published it as overdue already. `overdue`: by another process, after the first one's lease, only
 * while it is still owed — so whichever of the two comes first publishes it, once.
 */
export type OwedPublication = 'first' | 'overdue';

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

  /**
   * Publishes an owed announcement (`key`, see `owe`); resolves whether it was published. In process
   * nothing is owed (a single process has no other to finish its announcements): always published.
   */
  async publishOwed(event: KinoYuEvent, _key: string, _as: OwedPublication): Promise<boolean> {
    this.publish(event);
    return true;
  }

  /**
   * Records, before a draw commits, the announcements this process owes, each to be published by another
   * process when it is still owed at `dueMs` (this one died between the commit and the publication).
   * Resolves whether they were recorded; in process they are not: there is no other process.
   */
  async owe(_announcements: readonly OwedAnnouncement[], _dueMs: number): Promise<boolean> {
    return false;
  }

  /** The owed announcements whose time passed (at most `limit`), for another process to publish. */
  async overdueAnnouncements(_limit: number): Promise<OwedAnnouncement[]> {
    return [];
  }

  /** Looks at an owed announcement again at `dueMs` (its draw is not committed yet). */
  async postponeOwed(_key: string, _dueMs: number): Promise<void> {}

  /** Drops an owed announcement whose draw will never be announced (discarded, or void). */
  async forgetOwed(_key: string): Promise<void> {}

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
