import type { PublishedEvent } from './api-types.ts';

type SnapshotEvent = Extract<PublishedEvent, { type: 'raffle.snapshot' }>;

/**
 * One `!sortear` / `/sorteio sortear` waiting for the API's answer. With public randomness the API
 * holds that answer until its drand round comes (SPEC §4.1, 1–4 s), and announces the round before
 * (`raffle.snapshot`): the command learns it here and shows "waiting for round N" in its own reply.
 */
export class DrawInFlight {
  /** The raffle, once known (from its `raffle.snapshot` or the API's answer). */
  raffleId: number | null = null;
  /** Resolves with the draw's `raffle.snapshot` if it arrives while the command waits; never rejects. */
  readonly snapshot: Promise<SnapshotEvent>;
  readonly #resolveSnapshot: (event: SnapshotEvent) => void;
  readonly #held: (() => void)[] = [];

  constructor(
    readonly guildId: string,
    readonly channel: string,
    private readonly registry: Set<DrawInFlight>,
  ) {
    let resolve: (event: SnapshotEvent) => void = () => undefined;
    this.snapshot = new Promise((settle) => {
      resolve = settle;
    });
    this.#resolveSnapshot = resolve;
  }

  /** The command is done: its reply is sent and remembered; what waited for it runs now. */
  end(): void {
    this.registry.delete(this);
    for (const replay of this.#held.splice(0)) replay();
  }

  /** @internal */
  offer(event: SnapshotEvent): void {
    this.raffleId = event.raffleId;
    this.#resolveSnapshot(event);
  }

  /** @internal */
  hold(replay: () => void): void {
    this.#held.push(replay);
  }
}

/**
 * The draw commands in flight in this process, so the event listener can tell which events belong to
 * a command that has not answered yet (the API publishes a draw's events before it answers the call).
 */
export class DrawsInFlight {
  readonly #draws = new Set<DrawInFlight>();

  /** Registers a draw command before it calls the API; call `end()` once its reply is sent. */
  begin(guildId: string, channel: string): DrawInFlight {
    const draw = new DrawInFlight(guildId, channel.toLowerCase(), this.#draws);
    this.#draws.add(draw);
    return draw;
  }

  /**
   * Hands a `raffle.snapshot` caused by a draw command (`requestedByGuild`) to it, when exactly
   * one draw for that channel is in flight in that server; with two at once it cannot tell whose it
   * is, and both simply show their result when it comes. False when no command took it.
   */
  offerSnapshot(event: SnapshotEvent): boolean {
    if (event.trigger !== 'command' || event.requestedByGuild === null) return false;
    const candidates = [...this.#draws].filter(
      (draw) =>
        draw.guildId === event.requestedByGuild &&
        draw.channel === event.channel.toLowerCase() &&
        (draw.raffleId === null || draw.raffleId === event.raffleId),
    );
    const [only] = candidates;
    if (candidates.length !== 1 || !only) return false;
    only.offer(event);
    return true;
  }

  /**
   * Holds `replay` (an event about `raffleId` of `channel` in `guildId`) until the command that drew
   * that raffle there has sent and remembered its reply, so the event edits that reply instead of
   * posting a second message. A draw of that channel whose raffle is not known yet may be it, so it
   * holds the event too (for the few seconds until it answers). False (nothing held) otherwise.
   */
  holdUntilAnswered(guildId: string, channel: string, raffleId: number, replay: () => void): boolean {
    const login = channel.toLowerCase();
    const draw = [...this.#draws].find(
      (candidate) =>
        candidate.guildId === guildId &&
        (candidate.raffleId === raffleId || (candidate.raffleId === null && candidate.channel === login)),
    );
    if (!draw) return false;
    draw.hold(replay);
    return true;
  }
}
