import type { Logger } from 'pino';
import type { Channel } from '../channels/channel-repository.ts';
import type { DrawTrigger } from '../contract/raffles.ts';
import { DRAW_TRIGGERS } from '../contract/raffles.ts';
import type { EventBus, OwedPublication } from '../events/event-bus.ts';
import type { TwitchChatAnnouncer } from '../twitch/chat-announcer.ts';
import type { RaffleResult } from './raffle-result.ts';
import { type RaffleView, toRaffleView } from './raffle-view.ts';

/** Who caused a draw: a command (Discord, dashboard, API), a session tick, or a slot redraw. */
export interface DrawContext {
  readonly trigger: DrawTrigger;
  /** The Discord server whose command caused it: the bot answers there itself. */
  readonly requestedByGuild: string | null;
  readonly position?: number | null;
  /** Who held the slot before a redraw (`reroll`, `unclaimed`). */
  readonly replaced?: { readonly userId: string; readonly login: string } | null;
}

/**
 * Makes a committed draw known: the `raffle.drawn` event (Discord via the bot, the overlay, the
 * dashboard) and the Twitch chat line. Called only by the code that did the draw, so that with several
 * API replicas each draw is announced in chat once. Chat is sent in the background: a slow or failing
 * Twitch never delays or undoes the draw.
 */
export class DrawAnnouncer {
  constructor(
    private readonly deps: {
      events: EventBus;
      chat: TwitchChatAnnouncer | undefined;
      publicUrl: string;
      logger: Logger;
    },
  ) {}

  announce(channel: Channel, result: RaffleResult, context: DrawContext): RaffleView {
    const raffle = toRaffleView(result, channel.login, this.deps.publicUrl);
    if (result.status !== 'drawn') return raffle;
    void this.#publish(channel, result, raffle, context, 'first');
    return raffle;
  }

  /**
   * Before the draws of `draws` commit: their announcements are owed (EventBus.owe). When this process
   * dies between a commit and its announcement, another replica makes it after `dueMs`
   * (`announceOverdue`). With the in-process bus nothing is recorded: there is no other process. Each
   * draw's commitment goes with it: a raffle found under the same id but with another commitment (a
   * database made anew, sharing the Redis of an old one) is not the one that was owed.
   */
  async owe(draws: readonly OwedDraw[], context: DrawContext, dueMs: number): Promise<void> {
    await this.deps.events.owe(
      draws.map(({ raffleId, commitment }) => ({
        key: owedKey(raffleId, context.position),
        context: JSON.stringify({ ...context, commitment } satisfies StoredContext),
      })),
      dueMs,
    );
  }

  /**
   * Makes the announcements that another process owed and did not make after their time (it died between
   * a draw's commit and its announcement): a drawn raffle is announced — once, however many replicas look
   * at the same time —, one not drawn yet is looked at again `retryMs` later, one that will never be
   * drawn (discarded, void) or is not the raffle that was owed (another commitment) is dropped. Returns
   * how many were announced here.
   */
  async announceOverdue(
    source: {
      result(raffleId: number): Promise<RaffleResult | undefined>;
      channel(channelId: number): Promise<Channel | undefined>;
    },
    retryMs: number,
    limit = 20,
  ): Promise<number> {
    const { events, logger } = this.deps;
    let announced = 0;
    for (const { key, context } of await events.overdueAnnouncements(limit)) {
      const raffleId = Number.parseInt(key, 10);
      const stored = parseContext(context);
      const found = stored && Number.isSafeInteger(raffleId) ? await source.result(raffleId) : undefined;
      // The raffle that was owed, not another under the same id (a database made anew).
      const result = found?.commitment === stored?.commitment ? found : undefined;
      if (result?.status === 'pending') {
        await events.postponeOwed(key, Date.now() + retryMs);
        continue;
      }
      const channel = result?.status === 'drawn' ? await source.channel(result.channelId) : undefined;
      if (!result || !channel || !stored) {
        await events.forgetOwed(key);
        continue;
      }
      const raffle = toRaffleView(result, channel.login, this.deps.publicUrl);
      if (await this.#publish(channel, result, raffle, stored, 'overdue')) {
        announced += 1;
        logger.warn(
          { raffleId, position: stored.position ?? null, sessionId: result.sessionId },
          'announced a draw whose process died before announcing it',
        );
      }
    }
    return announced;
  }

  /** `raffle.drawn`, then (only when this call published it) the Twitch chat line, in the background. */
  #publish(
    channel: Channel,
    result: RaffleResult,
    raffle: RaffleView,
    context: DrawContext,
    as: OwedPublication,
  ): Promise<boolean> {
    const position = context.position ?? null;
    const published = this.deps.events.publishOwed(
      {
        type: 'raffle.drawn',
        channel: channel.login,
        channelId: channel.id,
        raffleId: result.raffleId,
        trigger: context.trigger,
        requestedByGuild: context.requestedByGuild,
        sessionId: result.sessionId,
        position,
        replaced: context.replaced ?? null,
        raffle,
      },
      owedKey(result.raffleId, position),
      as,
    );
    const chat = this.deps.chat;
    return published.then((done) => {
      if (!done || !chat) return done;
      chat
        .announce(
          channel,
          raffle,
          context.trigger === 'reroll' || context.trigger === 'unclaimed' ? position : null,
          result.claimWord !== null && result.claimSeconds !== null
            ? { word: result.claimWord, seconds: result.claimSeconds }
            : null,
        )
        .catch((error: unknown) => {
          this.deps.logger.warn({ err: error, raffleId: result.raffleId }, 'Twitch chat announcement failed');
        });
      return done;
    });
  }

  /**
   * SPEC §4.1 step 2: publishes a frozen raffle's digest and the drand round it waits for (the
   * `raffle.snapshot` event), before that round exists. Called once, by the code that anchored it.
   */
  announceSnapshot(channel: Channel, result: RaffleResult, context: DrawContext): RaffleView {
    const raffle = toRaffleView(result, channel.login, this.deps.publicUrl);
    const { beacon, entrantsDigest, snapshotAt } = result;
    if (!beacon || entrantsDigest === null || snapshotAt === null) return raffle;
    this.deps.events.publish({
      type: 'raffle.snapshot',
      channel: channel.login,
      channelId: channel.id,
      raffleId: result.raffleId,
      entrantsDigest,
      snapshotAt,
      round: beacon.round,
      chainHash: beacon.chainHash,
      roundAt: beacon.roundAt,
      trigger: context.trigger,
      requestedByGuild: context.requestedByGuild,
      sessionId: result.sessionId,
      raffle,
    });
    return raffle;
  }

  /** A raffle announced by `raffle.snapshot` ended void (its round never came): `raffle.voided`. */
  announceVoid(channel: Channel, result: RaffleResult): RaffleView {
    const raffle = toRaffleView(result, channel.login, this.deps.publicUrl);
    this.deps.events.publish({
      type: 'raffle.voided',
      channel: channel.login,
      channelId: channel.id,
      raffleId: result.raffleId,
      reason: result.reason ?? 'beacon_unavailable',
      sessionId: result.sessionId,
      raffle,
    });
    return raffle;
  }
}

/** The key of a draw's announcement among the owed ones: the raffle, and the slot of a redraw (0: the draw). */
function owedKey(raffleId: number, position: number | null | undefined): string {
  return `${raffleId}:${position ?? 0}`;
}

/** A draw whose announcement is owed: its raffle and that raffle's commitment. */
export interface OwedDraw {
  readonly raffleId: number;
  readonly commitment: string;
}

/** What is kept with an owed announcement: how to announce it, and which raffle it is. */
interface StoredContext extends DrawContext {
  readonly commitment: string;
}

/** A stored context (`owe`), or undefined when it does not read as one. */
function parseContext(text: string): StoredContext | undefined {
  try {
    const context = JSON.parse(text) as Partial<StoredContext> | null;
    if (!context || !(DRAW_TRIGGERS as readonly unknown[]).includes(context.trigger)) return undefined;
    if (typeof context.commitment !== 'string') return undefined;
    return {
      trigger: context.trigger as DrawContext['trigger'],
      requestedByGuild: typeof context.requestedByGuild === 'string' ? context.requestedByGuild : null,
      position: typeof context.position === 'number' ? context.position : null,
      replaced: context.replaced ?? null,
      commitment: context.commitment,
    };
  } catch {
    return undefined;
  }
}
