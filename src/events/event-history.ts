import type { PublishedEvent } from './event-bus.ts';

/** An event with the id its stream frame carries (`id:`), as kept for replay. */
export interface NumberedEvent {
  readonly id: number;
  readonly event: PublishedEvent;
}

/**
 * The last `capacity` events this process delivered, oldest first, for `Last-Event-ID` replay after a
 * reconnect. Best effort by design: it lives in memory, holds a bounded number of events and starts
 * empty after a restart; a client away for longer than that misses what fell out.
 */
export class EventHistory {
  readonly #events: (NumberedEvent | undefined)[];
  #next = 0;
  #size = 0;

  constructor(readonly capacity = 1000) {
    this.#events = new Array(capacity);
  }

  add(numbered: NumberedEvent): void {
    this.#events[this.#next] = numbered;
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  /** Buffered events with an id above `lastId`, oldest first. */
  after(lastId: number): NumberedEvent[] {
    const found: NumberedEvent[] = [];
    for (let index = 0; index < this.#size; index += 1) {
      const numbered = this.#events[(this.#next - this.#size + index + this.capacity) % this.capacity];
      if (numbered && numbered.id > lastId) found.push(numbered);
    }
    return found;
  }
}
