/**
 * The ids of the last messages and interactions handled, so one delivered twice (a gateway resume
 * replaying it, two shards…) runs its command once (SPEC §9). Oldest forgotten first; draws also carry
 * an idempotency key, which covers a restart of the bot.
 */
export class SeenIds {
  readonly #ids = new Set<string>();

  constructor(private readonly capacity = 5000) {}

  /** True the first time `id` is seen, false every time after. */
  firstTime(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) {
      const oldest = this.#ids.values().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
    return true;
  }
}
