import { LRUCache } from 'lru-cache';

/**
 * Remembers, for a short while, the event a command is about to cause in its own server (a session
 * started with `!iniciar` emits `session.started`), so the event listener does not post a second
 * notice where the command already answered. Marked before the API call, so an event arriving before
 * the API's answer is still recognized.
 */
export class EchoGuard {
  readonly #expected: LRUCache<string, true>;

  constructor(ttlMs = 30_000, now: () => number = Date.now) {
    // Bounded so a flood of commands whose events never come cannot grow it without end.
    this.#expected = new LRUCache({ max: 10_000, ttl: ttlMs, ttlResolution: 0, perf: { now } });
  }

  expect(guildId: string, event: string, channel: string): void {
    this.#expected.set(key(guildId, event, channel), true);
  }

  /** True (once) when `guildId` already answered this event itself. */
  consume(guildId: string, event: string, channel: string): boolean {
    const k = key(guildId, event, channel);
    const expected = this.#expected.get(k) === true;
    this.#expected.delete(k);
    return expected;
  }
}

function key(guildId: string, event: string, channel: string): string {
  return `${guildId}\u0000${event}\u0000${channel}`;
}
