import type { PublishedEvent } from './event-bus.ts';

/**
 * The events this bus sent to Redis whose copy has not come back on the channel yet. Each is delivered
 * here exactly once, by whichever comes first: its copy from Redis, or the verdict that no copy will come
 * (the PUBLISH failed, or the subscription was lost). A copy that comes after that verdict (the PUBLISH
 * ran after all, or reached a renewed subscription) is recognised by its token and dropped.
 */
export class OwnPublications {
  readonly #awaited = new Map<string, PublishedEvent>();
  /** Tokens delivered here without their copy; the oldest are forgotten beyond `memory`. */
  readonly #deliveredWithoutCopy = new Set<string>();

  constructor(private readonly memory = 1000) {}

  /** `event` was sent to Redis under `token`. */
  sent(token: string, event: PublishedEvent): void {
    this.#awaited.set(token, event);
  }

  /** A copy came back from the channel: false when its event was delivered here already. */
  copyArrived(token: string): boolean {
    if (this.#awaited.delete(token)) return true;
    return !this.#deliveredWithoutCopy.has(token);
  }

  /** No copy will come for `token`: its event, if it is still to be delivered here. */
  giveUp(token: string): PublishedEvent | undefined {
    const event = this.#awaited.get(token);
    if (!event) return undefined;
    this.#awaited.delete(token);
    this.#remember(token);
    return event;
  }

  /** No copy will come for any awaited event (the subscription is gone): those events, in order. */
  giveUpAll(): PublishedEvent[] {
    const events = [...this.#awaited.values()];
    for (const token of this.#awaited.keys()) this.#remember(token);
    this.#awaited.clear();
    return events;
  }

  #remember(token: string): void {
    this.#deliveredWithoutCopy.add(token);
    if (this.#deliveredWithoutCopy.size <= this.memory) return;
    const oldest = this.#deliveredWithoutCopy.values().next().value;
    if (oldest !== undefined) this.#deliveredWithoutCopy.delete(oldest);
  }
}
