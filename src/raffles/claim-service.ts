import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Channel, ChannelRepository } from '../channels/channel-repository.ts';
import type { EventBus } from '../events/event-bus.ts';
import { chatTexts, type TwitchChatAnnouncer } from '../twitch/chat-announcer.ts';
import type { ClaimRepository, ExpiryOutcome } from './claim-repository.ts';
import type { DrawAnnouncer } from './draw-announcer.ts';
import type { RaffleRepository } from './raffle-repository.ts';
import { toRaffleView } from './raffle-view.ts';

export interface ClaimServiceOptions {
  /** How often a pass looks for windows past their deadline (SPEC §8: handled ≤ 1 s after it). */
  readonly passMs?: number;
  /** How often this process says it is alive (listening to chat). */
  readonly beatMs?: number;
}

const DUE_BATCH = 50;

/**
 * Claim windows (SPEC §2.6): announces claims that chat_message_seen recorded, and runs the expiry
 * pass — every API process runs it; expire_claim locks the raffle row, so each due window is handled
 * once however many replicas look at it, and only the process that handled it announces the outcome.
 * The process's heartbeat (api_instances) is what tells a window that ran while nobody listened to
 * chat: expire_claim starts such a window again instead of judging it.
 */
export class ClaimService {
  readonly #instanceId = randomUUID();
  readonly #passMs: number;
  readonly #beatMs: number;
  #timers: NodeJS.Timeout[] = [];
  #passing: Promise<void> | undefined;
  #running = false;

  constructor(
    private readonly deps: {
      claims: ClaimRepository;
      raffles: RaffleRepository;
      channels: ChannelRepository;
      announcer: DrawAnnouncer;
      events: EventBus;
      chat: TwitchChatAnnouncer | undefined;
      publicUrl: string;
      logger: Logger;
    },
    options: ClaimServiceOptions = {},
  ) {
    this.#passMs = options.passMs ?? 250;
    this.#beatMs = options.beatMs ?? 1000;
  }

  /** Registers this process as listening, then beats and runs the expiry pass on timers. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.deps.claims.beat(this.#instanceId);
    await this.deps.claims.prune().catch(() => undefined);
    this.#timers = [
      setInterval(() => {
        this.deps.claims
          .beat(this.#instanceId)
          .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'claim heartbeat failed'));
      }, this.#beatMs),
      setInterval(() => {
        if (this.#passing) return;
        this.#passing = this.runOnce()
          .then(() => undefined)
          .catch((error: unknown) => this.deps.logger.error({ err: error }, 'claim expiry pass failed'))
          .finally(() => {
            this.#passing = undefined;
          });
      }, this.#passMs),
    ];
  }

  /** Stops the timers, lets a pass in hand finish, and says this process no longer listens. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    await this.#passing;
    await this.deps.claims
      .stopped(this.#instanceId)
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not record the stop'));
  }

  /** One expiry pass: handles every window past its deadline. Returns how many it changed. */
  async runOnce(): Promise<number> {
    let changed = 0;
    for (const due of await this.deps.claims.due(DUE_BATCH)) {
      const outcome = await this.deps.claims.expire(due.raffleId, due.position);
      if (outcome.outcome === 'none') continue;
      changed += 1;
      const lateMs = Date.now() - due.deadline.getTime();
      const channel = await this.deps.channels.findById(due.channelId);
      if (!channel) continue;
      this.deps.logger.info(
        { raffleId: due.raffleId, position: due.position, outcome: outcome.outcome, lateMs },
        'claim window ended',
      );
      this.#announceExpiry(channel, outcome);
    }
    return changed;
  }

  /**
   * Announces slots claimed by a chat message (recorded by chat_message_seen, once across replicas) or by
   * the Discord "Resgatar" button of a linked holder.
   */
  async announceClaimed(
    channel: Channel,
    claimed: readonly { raffleId: number; position: number; claimedAt: string }[],
  ): Promise<void> {
    for (const claim of claimed) {
      const result = await this.deps.raffles.result(claim.raffleId);
      const winner = result?.winners.find((slot) => slot.position === claim.position);
      if (!result || !winner) continue;
      const raffle = toRaffleView(result, channel.login, this.deps.publicUrl);
      this.deps.events.publish({
        type: 'raffle.claimed',
        channel: channel.login,
        channelId: channel.id,
        raffleId: claim.raffleId,
        position: claim.position,
        userId: winner.userId,
        login: winner.login,
        claimedAt: new Date(claim.claimedAt).toISOString(),
        raffle,
      });
      void this.deps.chat?.say(
        channel,
        [
          winner.hasCode
            ? `${chatTexts(channel.language).claimed(winner.login, winner.itemName)} ${chatTexts(channel.language).collect} ${raffle.claimPageUrl}`
            : chatTexts(channel.language).claimed(winner.login, winner.itemName),
        ],
        {
          raffleId: claim.raffleId,
        },
      );
    }
  }

  #announceExpiry(channel: Channel, outcome: Exclude<ExpiryOutcome, { outcome: 'none' }>): void {
    const texts = chatTexts(channel.language);
    const result = outcome.result;
    switch (outcome.outcome) {
      case 'redrawn':
        void this.deps.chat?.say(channel, [texts.unclaimed(outcome.replaced.login)], {
          raffleId: result.raffleId,
        });
        this.deps.announcer.announce(channel, result, {
          trigger: 'unclaimed',
          requestedByGuild: null,
          position: outcome.position,
          replaced: outcome.replaced,
        });
        return;
      case 'forfeited': {
        const slot = result.winners.find((winner) => winner.position === outcome.position);
        this.deps.events.publish({
          type: 'raffle.forfeited',
          channel: channel.login,
          channelId: channel.id,
          raffleId: result.raffleId,
          position: outcome.position,
          userId: outcome.userId,
          login: outcome.login,
          raffle: toRaffleView(result, channel.login, this.deps.publicUrl),
        });
        void this.deps.chat?.say(channel, [texts.forfeited(outcome.login, slot?.itemName ?? null)], {
          raffleId: result.raffleId,
        });
        return;
      }
      case 'restarted': {
        const slot = result.winners.find((winner) => winner.position === outcome.position);
        this.deps.events.publish({
          type: 'raffle.claim_restarted',
          channel: channel.login,
          channelId: channel.id,
          raffleId: result.raffleId,
          position: outcome.position,
          userId: outcome.userId,
          login: outcome.login,
          deadline: slot?.claim?.deadline ?? new Date().toISOString(),
          raffle: toRaffleView(result, channel.login, this.deps.publicUrl),
        });
        if (result.claimWord !== null && result.claimSeconds !== null) {
          void this.deps.chat?.say(
            channel,
            [texts.claimAgain(outcome.login, result.claimWord, result.claimSeconds)],
            { raffleId: result.raffleId },
          );
        }
        return;
      }
    }
  }
}
