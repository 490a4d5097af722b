import type { Logger } from 'pino';
import type { Channel, ChannelRepository } from '../channels/channel-repository.ts';
import { BEACON_VOID_AFTER_SECONDS, type BeaconDraws, ROUND_GRACE_MS } from './beacon-draws.ts';
import type { DrawAnnouncer } from './draw-announcer.ts';
import type { DrawPipeline } from './draw-pipeline.ts';
import type { RaffleRepository } from './raffle-repository.ts';

export interface BeaconWaiterOptions {
  /** A raffle taken by a waiter is left to it this long before another may take it. Default 5 s. */
  readonly leaseSeconds?: number;
  /** Raffles taken in one pass at most. Default 20. */
  readonly batch?: number;
}

/**
 * Finishes the raffles whose drand round (SPEC §4.1) did not come while someone waited for it: a
 * one-off draw that answered 202, a session tick whose replica died or gave up. Each pass (every
 * replica runs them; a lease in the database gives each raffle to one at a time) asks the relays once
 * more for the round of every raffle more than ROUND_GRACE_MS past its round's time, draws those that
 * came and announces them, and makes void (`beacon_unavailable`, announced as `raffle.voided`, the
 * seed never revealed) those still without it BEACON_VOID_AFTER_SECONDS after the round's time.
 */
export class BeaconWaiter {
  readonly #leaseSeconds: number;
  readonly #batch: number;
  #running: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      raffles: RaffleRepository;
      channels: ChannelRepository;
      beacon: BeaconDraws;
      draws: DrawPipeline;
      announcer: DrawAnnouncer;
      /** Told when it finished a session's draw (counted toward `maxDraws`, the session stopped when due). */
      onSessionDraw?: (channel: Channel, sessionId: number) => Promise<void>;
      logger: Logger;
    },
    options: BeaconWaiterOptions = {},
  ) {
    this.#leaseSeconds = options.leaseSeconds ?? 5;
    this.#batch = options.batch ?? 20;
  }

  /** Starts a pass in the background unless one is running (the scheduler's upkeep calls it every second). */
  kick(): void {
    if (this.#running) return;
    this.#running = this.runOnce()
      .then(() => undefined)
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'beacon waiter pass failed'))
      .finally(() => {
        this.#running = undefined;
      });
  }

  /** Resolves when the pass in flight, if any, is over. */
  async idle(): Promise<void> {
    await this.#running;
  }

  /** One pass, awaited whole; returns how many raffles it drew and how many it made void. */
  async runOnce(): Promise<{ drawn: number; voided: number }> {
    const { raffles, channels, announcer, logger } = this.deps;
    let voided = 0;
    for (const { raffleId, channelId } of await raffles.voidWithoutBeacon(BEACON_VOID_AFTER_SECONDS)) {
      const [channel, result] = await Promise.all([channels.findById(channelId), raffles.result(raffleId)]);
      logger.warn({ raffleId }, 'drand round never came: raffle void (beacon_unavailable), seed kept secret');
      if (channel && result) announcer.announceVoid(channel, result);
      voided += 1;
    }
    const waiting = await raffles.claimAwaitingBeacon(ROUND_GRACE_MS, this.#leaseSeconds, this.#batch);
    const drawn = await Promise.all(
      waiting.map(({ raffleId, channelId }) => this.#retry(raffleId, channelId)),
    );
    return { drawn: drawn.filter(Boolean).length, voided };
  }

  async #retry(raffleId: number, channelId: number): Promise<boolean> {
    const { raffles, channels, beacon, draws, logger } = this.deps;
    try {
      const [channel, pending] = await Promise.all([channels.findById(channelId), raffles.result(raffleId)]);
      if (!channel || pending?.status !== 'pending') return false;
      const drawn = await beacon.drawIfOut(pending);
      if (!drawn) return false;
      const outcome = draws.finishWaited(channel, drawn.result, drawn.drewNow);
      logger.info({ raffleId, kind: outcome.kind }, 'drawn with its drand round, late');
      const { sessionId } = drawn.result;
      if (drawn.drewNow && sessionId !== null) await this.deps.onSessionDraw?.(channel, sessionId);
      return drawn.drewNow;
    } catch (error) {
      logger.warn({ err: error, raffleId }, 'could not finish a raffle waiting for its drand round');
      return false;
    }
  }
}
