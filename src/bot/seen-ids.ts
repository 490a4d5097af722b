import { LRUCache } from 'lru-cache';

/**
 * The ids of the last messages and interactions handled, so one delivered twice (a gateway resume
 * replaying it, two shards…) runs its command once. Oldest forgotten first; draws also carry
 * an idempotency key, which covers a restart of the bot.
 */
export class SeenIds {
  readonly #ids: LRUCache<string, true>;

  constructor(capacity = 5000) {
    this.#ids = new LRUCache({ max: capacity });
  }

  /** True the first time `id` is seen, false every time after. */
  firstTime(id: string): boolean {
    // `has` leaves the order alone, so the oldest id inserted is the first forgotten.
    if (this.#ids.has(id)) return false;
    this.#ids.set(id, true);
    return true;
  }
}
