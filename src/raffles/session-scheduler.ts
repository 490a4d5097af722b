import type { Logger } from 'pino';
import type { Channel, ChannelRepository } from '../channels/channel-repository.ts';
import { AppError } from '../errors.ts';
import { recordTickLateness } from '../metrics/metrics.ts';
import type { DrawOutcome, DrawPipeline } from './draw-pipeline.ts';
import type { ItemService } from './item-service.ts';
import type { RaffleRepository } from './raffle-repository.ts';
import type { Session, SessionRepository } from './session-repository.ts';
import type { SessionService, StopReason } from './session-service.ts';

/** Whether a channel's stream is live (Twitch in production); absent without Twitch. */
export interface SessionTwitch {
  isLive(channel: Channel): Promise<boolean>;
}

export interface SessionSchedulerOptions {
  /** Longest sleep between two looks at the sessions table (other replicas may start sessions). */
  readonly pollMs?: number;
  /** A session draw left pending this long by its scheduler is taken over (the process died). */
  readonly leaseSeconds?: number;
  /** A one-off draw still pending this long after its commitment was interrupted: it is made void. */
  readonly interruptedAfterSeconds?: number;
}

const CLAIM_BATCH = 20;

/**
 * Fires the ticks of automatic sessions (SPEC §2.3). Each loop claims due ticks in one short
 * transaction (FOR UPDATE SKIP LOCKED: one replica per tick; the tick's raffle and commitment are
 * stored with the claim), then fetches the chatters and draws outside any transaction. A draw left
 * pending by a dead process is taken over after a lease, and make_raffle's idempotency makes a
 * double draw impossible — so a restart neither loses nor repeats a tick.
 */
export class SessionScheduler {
  readonly #pollMs: number;
  readonly #leaseSeconds: number;
  readonly #interruptedAfterSeconds: number;
  #running = false;
  /** Set by stop(): nothing more is claimed, and a claimed draw not started is released. */
  #stopping = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(
    private readonly deps: {
      sessions: SessionRepository;
      sessionService: SessionService;
      raffles: RaffleRepository;
      items: ItemService;
      channels: ChannelRepository;
      draws: DrawPipeline;
      twitch: SessionTwitch | undefined;
      logger: Logger;
    },
    options: SessionSchedulerOptions = {},
  ) {
    this.#pollMs = options.pollMs ?? 1000;
    this.#leaseSeconds = options.leaseSeconds ?? 20;
    // Gathering a one-off draw's entrants is bounded well below this (Twitch calls time out after 10 s,
    // retried 3 times, for each page); a draw still pending after it has no process behind it.
    this.#interruptedAfterSeconds = options.interruptedAfterSeconds ?? 300;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopping = false;
    this.#loop = this.#run();
  }

  /**
   * Stops the loop: claims nothing more, lets the draws already started finish, and releases the ticks
   * it claimed but had not started (another replica takes them at once).
   */
  async stop(): Promise<void> {
    this.#running = false;
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
  }

  /** Looks at the sessions now instead of at the end of the current sleep. */
  wake(): void {
    this.#wake?.();
  }

  async #run(): Promise<void> {
    while (this.#running) {
      try {
        await this.runOnce();
      } catch (error) {
        // A database hiccup must not end the loop: the next pass retries.
        this.deps.logger.error({ err: error }, 'session scheduler pass failed');
      }
      if (!this.#running) break;
      await this.#sleep(await this.#untilNextDue());
    }
  }

  async #untilNextDue(): Promise<number> {
    try {
      const next = await this.deps.sessions.nextDueAt();
      if (!next) return this.#pollMs;
      return Math.max(0, Math.min(this.#pollMs, next.getTime() - Date.now()));
    } catch (error) {
      // Not knowing the next due time only makes the scheduler look again after one poll interval.
      this.deps.logger.warn({ err: error }, 'could not read the next due session; polling');
      return this.#pollMs;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  /**
   * One pass: void interrupted one-off draws, take over stale session draws, then claim and fire the due
   * ticks. Returns how many ticks fired.
   */
  async runOnce(): Promise<number> {
    for (const voided of await this.deps.raffles.voidInterrupted(this.#interruptedAfterSeconds)) {
      this.deps.logger.warn(voided, 'one-off draw interrupted before it was drawn: void, seed kept secret');
    }
    if (this.#stopping) return 0;
    const stale = await this.deps.sessions.claimStalePendingDraws(this.#leaseSeconds, CLAIM_BATCH);
    for (const draw of stale) {
      this.deps.logger.warn(
        { raffleId: draw.raffleId, sessionId: draw.sessionId },
        'taking over a session draw',
      );
      const session = await this.deps.sessions.findById(draw.sessionId);
      if (session) await this.#draw(session, draw.raffleId);
    }
    if (this.#stopping) return 0;
    const ticks = await this.deps.sessions.claimDueTicks(CLAIM_BATCH);
    const claimedAt = Date.now();
    for (const { dueAt } of ticks) recordTickLateness(dueAt, claimedAt);
    await Promise.all(
      ticks.map(async ({ session, tick, raffleId }) => {
        const log = this.deps.logger.child({ sessionId: session.id, tick });
        try {
          if (raffleId === null) {
            log.info('session tick passed without a draw (chance per tick)');
            return;
          }
          await this.#draw(session, raffleId);
        } catch (error) {
          log.error({ err: error, raffleId }, 'session tick failed');
        }
      }),
    );
    return ticks.length;
  }

  async #draw(session: Session, raffleId: number): Promise<void> {
    const { channels, raffles, twitch, logger } = this.deps;
    const log = logger.child({ sessionId: session.id, raffleId });
    const channel = await channels.findById(session.channelId);
    if (!channel || !twitch) {
      await raffles.discardPending(raffleId);
      if (channel) await this.#stop(channel, session, 'channel_not_connected');
      return;
    }
    let outcome: DrawOutcome;
    try {
      if ((await this.#settingsSayStopWhenOffline(channel)) && !(await twitch.isLive(channel))) {
        await raffles.discardPending(raffleId);
        await this.#stop(channel, session, 'stream_offline');
        return;
      }
      if (this.#stopping) {
        // Shutting down (SIGTERM): a draw not started yet is left to another replica, at once.
        await this.deps.sessions.releasePendingDraw(raffleId);
        log.info('shutting down: session draw released to another replica');
        return;
      }
      outcome = await this.deps.draws.drawPending(channel, raffleId, {
        trigger: 'session',
        requestedByGuild: null,
      });
    } catch (error) {
      const code = error instanceof AppError ? error.code : undefined;
      if (code === 'channel_not_connected' || code === 'twitch_reconnect_needed') {
        await this.#stop(channel, session, code);
      } else {
        // Twitch did not give the chatter list, or (keyword mode) no entry window was opened yet: the
        // next tick tries again.
        log.warn({ err: error, code }, 'session tick skipped: its entrants could not be gathered');
      }
      return;
    }
    if (outcome.kind === 'drawn_elsewhere') return;
    const { result } = outcome;
    if (outcome.kind === 'void') {
      log.info({ reason: result.reason }, 'session tick drew nothing');
      if (result.reason === 'no_prizes_left') await this.#stop(channel, session, 'no_prizes_left');
      return;
    }
    log.info(
      {
        channel: channel.login,
        eligible: result.eligibleCount,
        winners: result.winners.map((winner) => winner.login),
      },
      'session draw done',
    );
    const counted = await this.deps.sessions.recountDraws(session.id);
    if (counted?.maxDraws != null && counted.drawsDone >= counted.maxDraws) {
      await this.#stop(channel, session, 'max_draws_reached');
    } else if (!(await this.#prizesLeft(channel))) {
      await this.#stop(channel, session, 'no_prizes_left');
    }
  }

  async #prizesLeft(channel: Channel): Promise<boolean> {
    const items = await this.deps.items.list(channel.id);
    return items.some((item) => item.quantity === null || item.quantity > 0);
  }

  async #settingsSayStopWhenOffline(channel: Channel): Promise<boolean> {
    return (await this.deps.sessionService.settingsOf(channel)).stopWhenOffline;
  }

  async #stop(channel: Channel, session: Session, reason: StopReason): Promise<void> {
    await this.deps.sessionService.stop(channel, session, reason);
  }
}
