import type { Logger } from 'pino';
import type { Channel, ChannelRepository } from '../channels/channel-repository.ts';
import { sleepFor } from '../drand/waiting.ts';
import { AppError } from '../errors.ts';
import { recordTickLateness } from '../metrics/metrics.ts';
import type { BeaconWaiter } from './beacon-waiter.ts';
import type { DrawOutcome, DrawPipeline } from './draw-pipeline.ts';
import type { RaffleRepository } from './raffle-repository.ts';
import type { RaffleResult } from './raffle-result.ts';
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
  /** How many ticks this process draws at once at most (default 32); ticks waiting for their due time do not count. */
  readonly maxInFlight?: number;
  /**
   * How long before its due time a tick is made ready (entrants gathered, snapshot frozen) when no
   * beacon sets it (default 1000 ms): at the due time only make_raffle is left, so a burst of ticks
   * due at one instant is not a burst of Helix reads and snapshots.
   */
  readonly prepareAheadMs?: number;
}

const CLAIM_BATCH = 20;
// A pass claims, with the first tick it wakes up for, the ticks due up to this much later: one claim
// transaction (lock, insert, commit) for several ticks instead of one each. They are made ready that
// much sooner and still drawn at their own due time. At 400 channels of 5-second sessions (80 ticks a
// second over 3 replicas) a replica claimed one tick per transaction before.
const CLAIM_WINDOW_MS = 500;
// The upkeep of a pass (voiding interrupted one-off draws, taking over stale session draws) runs at
// most this often, however often the loop claims ticks.
const UPKEEP_EVERY_MS = 1000;

/**
 * Fires the ticks of automatic sessions (SPEC §2.3). The loop claims due ticks in one short
 * transaction (FOR UPDATE SKIP LOCKED: one replica per tick; the tick's raffle and commitment are
 * stored with the claim), then fetches the chatters and draws outside any transaction. A draw left
 * pending by a dead process is taken over after a lease, and make_raffle's idempotency makes a
 * double draw impossible — so a restart neither loses nor repeats a tick.
 *
 * Ticks are drawn as a pipeline, not in batches: the loop claims as many due ticks as it has room for
 * (up to `maxInFlight` draws at once) and goes back for more as soon as one finishes, so a slow draw
 * (Twitch paging a big chat) never holds up the ticks due after it. Waiting for a whole batch before
 * claiming the next one made tick lateness grow with the number of channels (issue 13's measurements).
 */
export class SessionScheduler {
  readonly #pollMs: number;
  readonly #leaseSeconds: number;
  readonly #interruptedAfterSeconds: number;
  readonly #maxInFlight: number;
  readonly #prepareAheadMs: number;
  readonly #inFlight = new Set<Promise<void>>();
  /** Ticks in flight that are only waiting for their due time (or their round): they hold no slot. */
  #waiting = 0;
  /** Aborted by stop(): ticks waiting for their due time give up at once. */
  #abort = new AbortController();
  #lastUpkeep = 0;
  /** A wake-up came while the loop was not asleep: its next sleep returns at once. */
  #wakePending = false;
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
      channels: ChannelRepository;
      draws: DrawPipeline;
      /** Finishes draws whose drand round came late (SPEC §4.1); run with the upkeep. */
      beaconWaiter?: BeaconWaiter | undefined;
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
    this.#maxInFlight = options.maxInFlight ?? 32;
    this.#prepareAheadMs = options.prepareAheadMs ?? 1000;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopping = false;
    this.#abort = new AbortController();
    this.#loop = this.#run();
  }

  /**
   * Stops the loop: claims nothing more, lets the draws already started finish, and releases the ticks
   * it claimed but had not started (another replica takes them at once).
   */
  async stop(): Promise<void> {
    this.#running = false;
    this.#stopping = true;
    this.#abort.abort(new Error('the session scheduler is stopping'));
    this.#wake?.();
    await this.#loop;
    await Promise.all([...this.#inFlight]);
    await this.deps.beaconWaiter?.idle();
  }

  /** Looks at the sessions now instead of at the end of the current sleep. */
  wake(): void {
    this.#wakePending = true;
    this.#wake?.();
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let full = false;
      try {
        full = (await this.#pass()).full;
      } catch (error) {
        // A database hiccup must not end the loop: the next pass retries.
        this.deps.logger.error({ err: error }, 'session scheduler pass failed');
      }
      if (!this.#running) break;
      // Claimed all it had room for: more may be due; when there is no room left, the next draw to
      // finish wakes the loop.
      if (full && this.#busy() < this.#maxInFlight) continue;
      await this.#sleep(full ? this.#pollMs : await this.#untilNextDue());
    }
  }

  async #untilNextDue(): Promise<number> {
    try {
      const next = await this.deps.sessions.nextDueAt();
      if (!next) return this.#pollMs;
      const ahead = this.deps.draws.prepareAheadMs(this.#prepareAheadMs);
      return Math.max(0, Math.min(this.#pollMs, next.getTime() - ahead - Date.now()));
    } catch (error) {
      // Not knowing the next due time only makes the scheduler look again after one poll interval.
      this.deps.logger.warn({ err: error }, 'could not read the next due session; polling');
      return this.#pollMs;
    }
  }

  #sleep(ms: number): Promise<void> {
    if (this.#wakePending) {
      this.#wakePending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const scheduler = this;
      function done() {
        clearTimeout(timer);
        scheduler.#wakePending = false;
        scheduler.#wake = undefined;
        resolve();
      }
      this.#wake = done;
    });
  }

  /**
   * One pass, awaited whole (tests and tools): void interrupted one-off draws, take over stale session
   * draws, then claim and fire the due ticks. Returns how many ticks fired.
   */
  async runOnce(): Promise<number> {
    this.#lastUpkeep = 0;
    const { claimed, started } = await this.#pass();
    await Promise.all(started);
    await this.deps.beaconWaiter?.idle();
    return claimed;
  }

  /** Draws in flight that hold a slot (not only waiting for their due time). */
  #busy(): number {
    return this.#inFlight.size - this.#waiting;
  }

  /**
   * Claims what is due, as far as there is room, and starts drawing it without waiting. `full` says the
   * claim took as many ticks as it asked for (more may be due).
   */
  async #pass(): Promise<{ claimed: number; full: boolean; started: Promise<void>[] }> {
    const started: Promise<void>[] = [];
    if (this.#stopping) return { claimed: 0, full: false, started };
    if (Date.now() - this.#lastUpkeep >= UPKEEP_EVERY_MS) {
      this.#lastUpkeep = Date.now();
      for (const voided of await this.deps.raffles.voidInterrupted(this.#interruptedAfterSeconds)) {
        this.deps.logger.warn(voided, 'one-off draw interrupted before it was drawn: void, seed kept secret');
      }
      this.deps.beaconWaiter?.kick();
      await this.#announceOverdue();
      const stale = await this.deps.sessions.claimStalePendingDraws(this.#leaseSeconds, CLAIM_BATCH);
      if (stale.length > 0) {
        await this.deps.draws.oweSessionAnnouncements(stale, Date.now() + this.#leaseSeconds * 1000);
      }
      for (const draw of stale) {
        this.deps.logger.warn(
          { raffleId: draw.raffleId, sessionId: draw.sessionId },
          'taking over a session draw',
        );
        started.push(
          this.#track(async () => {
            const session = await this.deps.sessions.findById(draw.sessionId);
            if (session) await this.#draw(session, draw.raffleId, undefined);
          }),
        );
      }
    }
    const room = Math.min(CLAIM_BATCH, this.#maxInFlight - this.#busy());
    if (room <= 0) return { claimed: 0, full: true, started };
    if (this.#stopping) return { claimed: 0, full: false, started };
    const ahead = this.deps.draws.prepareAheadMs(this.#prepareAheadMs);
    // Ticks that came due within a lease keep their place (a session held up by a takeover loses none).
    const ticks = await this.deps.sessions.claimDueTicks(room, ahead + CLAIM_WINDOW_MS, this.#leaseSeconds);
    const owed = ticks.flatMap(({ raffleId, commitment }) =>
      raffleId === null || commitment === null ? [] : [{ raffleId, commitment }],
    );
    if (owed.length > 0) {
      // Announced by another replica if this one dies between a draw's commit and its announcement: the
      // latest due time of the batch, plus the lease (a draw still pending then is looked at again).
      const latestDue = Math.max(...ticks.map(({ dueAt }) => dueAt.getTime()));
      await this.deps.draws.oweSessionAnnouncements(owed, latestDue + this.#leaseSeconds * 1000);
    }
    for (const { session, tick, raffleId, dueAt } of ticks) {
      const log = this.deps.logger.child({ sessionId: session.id, tick });
      if (raffleId === null) {
        log.info('session tick passed without a draw (chance per tick)');
        continue;
      }
      started.push(this.#track(() => this.#draw(session, raffleId, dueAt)));
    }
    return { claimed: ticks.length, full: ticks.length === room, started };
  }

  /**
   * Announces the session draws that another replica committed and died before announcing (their
   * announcement owed past its lease). A failure here (Redis away) only delays them to the next upkeep.
   */
  async #announceOverdue(): Promise<void> {
    try {
      await this.deps.draws.announceOverdue(this.#leaseSeconds * 1000);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not look for draws left unannounced');
    }
  }

  /** Runs one draw in the pipeline: counted in flight, errors logged, the loop woken when it ends. */
  #track(draw: () => Promise<void>): Promise<void> {
    const task: Promise<void> = draw()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'session tick failed'))
      .finally(() => {
        const wasFull = this.#busy() >= this.#maxInFlight;
        this.#inFlight.delete(task);
        if (wasFull) this.wake();
      });
    this.#inFlight.add(task);
    return task;
  }

  /**
   * One tick: made ready as soon as it is claimed (entrants gathered, snapshot frozen, and with public
   * randomness anchored to its round, `raffle.snapshot` published), then drawn at its due time
   * (`dueAt`; at once for a draw taken over from a stopped replica).
   */
  async #draw(session: Session, raffleId: number, dueAt: Date | undefined): Promise<void> {
    const { channels, raffles, twitch, logger } = this.deps;
    const log = logger.child({ sessionId: session.id, raffleId });
    const channel = await channels.findById(session.channelId);
    if (!channel || !twitch) {
      await raffles.discardPending(raffleId);
      if (channel) await this.#stop(channel, session, 'channel_not_connected');
      return;
    }
    const context = { trigger: 'session', requestedByGuild: null } as const;
    let outcome: DrawOutcome;
    let anchored = false;
    try {
      const settings = await this.deps.sessionService.settingsOf(channel);
      if (settings.stopWhenOffline && !(await twitch.isLive(channel))) {
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
      const prepared = await this.deps.draws.prepare(channel, raffleId, context, settings);
      if (prepared.kind !== 'prepared') {
        outcome = prepared;
      } else {
        anchored = prepared.anchored;
        outcome = await this.#whenDue(channel, prepared.result, anchored, dueAt);
      }
    } catch (error) {
      if (this.#abort.signal.aborted && !anchored) {
        // Stopped while the tick waited for its due time: another replica draws it at once.
        await this.deps.sessions.releasePendingDraw(raffleId);
        log.info('shutting down: prepared session draw released to another replica');
        return;
      }
      const code = error instanceof AppError ? error.code : undefined;
      if (code === 'channel_not_connected' || code === 'twitch_reconnect_needed') {
        await this.#stop(channel, session, code);
      } else if ((await this.deps.sessions.findById(session.id))?.status === 'stopped') {
        // Stopped while the tick was being prepared: the stop deleted its raffle (SessionRepository.stop)
        // between two of the steps, and the next step found it gone. Nothing was drawn; nothing to fix.
        log.info({ code }, 'session tick dropped: the session stopped while it was being prepared');
      } else {
        // Twitch did not give the chatter list, or (keyword mode) no entry window was opened yet: the
        // next tick tries again.
        log.warn({ err: error, code }, 'session tick skipped: its entrants could not be gathered');
      }
      return;
    }
    if (outcome.kind === 'drawn_elsewhere') return;
    const { result } = outcome;
    if (outcome.kind === 'pending') {
      log.warn('session tick waits for its drand round: the beacon waiter finishes it');
      return;
    }
    if (outcome.kind === 'void') {
      log.info({ reason: result.reason }, 'session tick drew nothing');
      if (result.reason === 'no_prizes_left') await this.#stop(channel, session, 'no_prizes_left');
      return;
    }
    if (dueAt) recordTickLateness(dueAt);
    log.info(
      {
        channel: channel.login,
        eligible: result.eligibleCount,
        winners: result.winners.map((winner) => winner.login),
      },
      'session draw done',
    );
    await this.settleDraw(channel, session.id);
  }

  /**
   * After a session draw (here, or finished late by the beacon waiter): the draws are counted again,
   * and the session stops once it made its `maxDraws` or gave its last prize.
   */
  async settleDraw(channel: Channel, sessionId: number): Promise<void> {
    const counted = await this.deps.sessions.recountDraws(sessionId);
    if (counted?.maxDraws != null && counted.drawsDone >= counted.maxDraws) {
      await this.#stop(channel, counted, 'max_draws_reached');
    } else if (counted && !counted.prizesLeft) {
      await this.#stop(channel, counted, 'no_prizes_left');
    }
  }

  /**
   * Waits for a prepared tick's due time (holding no pipeline slot meanwhile) and draws it. A tick whose
   * session was stopped while it waited is dropped, as the stop discarded its raffle — unless its round
   * was published already: a draw announced as waiting for a round is always finished.
   */
  async #whenDue(
    channel: Channel,
    prepared: RaffleResult,
    anchored: boolean,
    dueAt: Date | undefined,
  ): Promise<DrawOutcome> {
    const context = { trigger: 'session', requestedByGuild: null } as const;
    const signal = this.#abort.signal;
    this.#waiting += 1;
    try {
      if (!anchored && dueAt) await sleepFor(dueAt.getTime() - Date.now(), signal);
      // A stop while it waited discarded the raffle (SessionRepository.stop): the draw finds it gone.
      return await this.deps.draws.complete(channel, prepared, context, {
        notBefore: dueAt?.getTime(),
        signal: anchored ? undefined : signal,
      });
    } finally {
      this.#waiting -= 1;
    }
  }

  async #stop(channel: Channel, session: Session, reason: StopReason): Promise<void> {
    await this.deps.sessionService.stop(channel, session, reason);
  }
}
