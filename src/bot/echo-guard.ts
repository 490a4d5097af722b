/**
 * Remembers, for a short while, the event a command is about to cause in its own server (a session
 * started with `!iniciar` emits `session.started`), so the event listener does not post a second
 * notice where the command already answered. Marked before the API call, so an event arriving before
 * the API's answer is still recognized.
 */
export class EchoGuard {
  readonly #expected = new Map<string, number>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  expect(guildId: string, event: string, channel: string): void {
    this.#expected.set(key(guildId, event, channel), this.now() + this.ttlMs);
  }

  /** True (once) when `guildId` already answered this event itself. */
  consume(guildId: string, event: string, channel: string): boolean {
    const k = key(guildId, event, channel);
    const until = this.#expected.get(k);
    this.#expected.delete(k);
    return until !== undefined && until > this.now();
  }
}

function key(guildId: string, event: string, channel: string): string {
  return `${guildId}\u0000${event}\u0000${channel}`;
}
