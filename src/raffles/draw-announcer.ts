import type { Logger } from 'pino';
import type { Channel } from '../channels/channel-repository.ts';
import type { DrawTrigger } from '../contract/raffles.ts';
import type { EventBus } from '../events/event-bus.ts';
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
    const position = context.position ?? null;
    this.deps.events.publish({
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
    });
    const chat = this.deps.chat;
    if (chat) {
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
    }
    return raffle;
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
