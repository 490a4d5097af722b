import type { Logger } from 'pino';
import type { Channel, ChannelRepository } from '../channels/channel-repository.ts';
import type { ChannelSettings, SettingsRepository } from '../channels/settings-repository.ts';
import type { DrawTrigger } from '../contract/raffles.ts';
import { sleepFor } from '../drand/waiting.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { type DrawResultLabel, recordDraw } from '../metrics/metrics.ts';
import type { BeaconDraws } from './beacon-draws.ts';
import type { DrawAnnouncer, DrawContext, OwedDraw } from './draw-announcer.ts';
import { DrawGate } from './draw-gate.ts';
import type { RaffleRepository, SnapshotEntrant } from './raffle-repository.ts';
import type { RaffleResult } from './raffle-result.ts';
import { type EntrantInput, normalizeEntrants, type RaffleService } from './raffle-service.ts';
import { type RaffleView, toRaffleView } from './raffle-view.ts';

/** Where the entrants of a draw come from when the caller does not give them: the Twitch chat list. */
export interface EntrantSource {
  /** `settings`: the channel's settings when the caller just read them (else they are read here). */
  gather(
    channel: Channel,
    settings?: ChannelSettings,
  ): Promise<{ entrants: EntrantInput[]; rosterAt: Date | null }>;
}

/**
 * How a draw ended, for the caller to translate (HTTP status, session stop…): drawn (announced once,
 * by the call that drew it), void (nobody eligible or no prize left), already drawn by another process
 * (a session draw taken over by a replica), or still pending: its drand round (SPEC §4.1) did not come
 * in time, and the beacon waiter finishes it.
 */
export type DrawOutcome =
  | {
      readonly kind: 'drawn';
      readonly result: RaffleResult;
      readonly view: RaffleView;
      readonly replayed: boolean;
    }
  | { readonly kind: 'void'; readonly result: RaffleResult }
  | { readonly kind: 'drawn_elsewhere'; readonly result: RaffleResult }
  | { readonly kind: 'pending'; readonly result: RaffleResult; readonly view: RaffleView };

/** A session draw made ready ahead of its due time: its snapshot frozen, and anchored to its round with a beacon. */
export type PreparedDraw =
  | { readonly kind: 'prepared'; readonly result: RaffleResult; readonly anchored: boolean }
  | DrawOutcome;

/** When and how a prepared draw completes. */
export interface CompleteOptions {
  /** Not drawn before this time (Unix ms): a session tick's due time. */
  readonly notBefore?: number;
  /** Aborts the wait (the scheduler is stopping): the raffle stays pending for another replica. */
  readonly signal?: AbortSignal;
}

/** A one-off draw as a route asks for it. */
export interface DrawNowRequest {
  readonly login: string;
  /** The channel when the caller already resolved it; looked up by login otherwise. */
  readonly channel?: Channel | null | undefined;
  readonly winners: number;
  readonly idempotencyKey?: string | undefined;
  /** Entrants given by the caller (scripts and tests; a channel is created on first use); else Twitch's chat. */
  readonly entrants?: readonly EntrantInput[] | undefined;
  readonly context: DrawContext;
}

/**
 * The one way a draw happens, for a command and for a session tick alike: find (or make) the channel,
 * gather the entrants after the commitment is stored, freeze the snapshot and run make_raffle, then
 * announce — once, by the call that drew. Each attempt is counted in `kinoyu_draws_total`.
 */
export class DrawPipeline {
  /** Closed on SIGTERM: draws asked for from then on get a 503, those in flight finish. */
  readonly gate: DrawGate;

  constructor(
    private readonly deps: {
      channels: ChannelRepository;
      raffles: RaffleService;
      raffleRepository: RaffleRepository;
      announcer: DrawAnnouncer;
      entrants: EntrantSource | undefined;
      settings: SettingsRepository;
      /** Public randomness (SPEC §4.1); without it every draw is of `kinoyu-es-sha256-v1`. */
      beacon?: BeaconDraws | undefined;
      publicUrl: string;
      logger: Logger;
      gate?: DrawGate;
    },
  ) {
    this.gate = deps.gate ?? new DrawGate();
  }

  /** Whether this server can anchor draws to drand rounds (it has relays). */
  get hasBeacon(): boolean {
    return this.deps.beacon !== undefined;
  }

  /**
   * How long before its due time a session tick is made ready (gathered, frozen and, with public
   * randomness, anchored): one beacon period + 2 s, so that its round — the first at least 1 s after
   * the snapshot — comes by the due time (SPEC §8: a tick is not later with a beacon). `plainMs`
   * without a beacon or while the chain is unknown.
   */
  prepareAheadMs(plainMs: number): number {
    const period = this.deps.beacon?.knownPeriod();
    return period === undefined ? plainMs : Math.max(plainMs, period * 1000 + 2000);
  }

  /**
   * Claimed session ticks (`draws`): their announcements are owed (DrawAnnouncer.owe), to be made by
   * another replica after `dueMs` if this one dies between a draw's commit and its announcement.
   */
  oweSessionAnnouncements(draws: readonly OwedDraw[], dueMs: number): Promise<void> {
    return this.deps.announcer.owe(draws, { trigger: 'session', requestedByGuild: null }, dueMs);
  }

  /** Announces the draws that a process died before announcing (DrawAnnouncer.announceOverdue). */
  announceOverdue(retryMs: number): Promise<number> {
    return this.deps.announcer.announceOverdue(
      {
        result: (raffleId) => this.deps.raffleRepository.result(raffleId),
        channel: (channelId) => this.deps.channels.findById(channelId),
      },
      retryMs,
    );
  }

  /** A one-off draw now; a repeated idempotency key gives the first result back, not announced again. */
  drawNow(request: DrawNowRequest): Promise<DrawOutcome> {
    return counted(request.context.trigger, () => this.gate.pass(() => this.#drawNow(request)), outcomeLabel);
  }

  /** Redraws slot `position` of a drawn raffle (same prize, next entrant by key) and announces it. */
  redraw(channel: Channel, raffleId: number, position: number, requestedByGuild: string | null) {
    return counted(
      'reroll',
      () =>
        this.gate.pass(async () => {
          const result = await this.deps.raffles.reroll(raffleId, position);
          return this.deps.announcer.announce(channel, result, {
            trigger: 'reroll',
            requestedByGuild,
            position,
          });
        }),
      () => 'drawn',
    );
  }

  async #drawNow(request: DrawNowRequest): Promise<DrawOutcome> {
    const given = request.entrants;
    // Entrants given in the body are checked before anything is written: a refused request creates
    // no channel and no raffle.
    if (given) normalizeEntrants(given);
    const channel = given
      ? (request.channel ?? (await this.deps.channels.ensure(request.login)))
      : await this.#existing(request);
    const settings = this.deps.beacon ? await this.deps.settings.get(channel.id) : undefined;
    const gather = given
      ? async () => ({ entrants: given, rosterAt: null })
      : this.#gatherer(channel, settings);
    const { result, replayed } = await this.deps.raffles.draw({
      channelId: channel.id,
      winners: request.winners,
      idempotencyKey: request.idempotencyKey,
      entrants: gather,
      freezeOnly: settings?.publicRandomness === true,
    });
    if (result.status === 'pending') {
      const prepared = await this.#anchor(channel, result, request.context);
      if (prepared.kind !== 'prepared') return prepared;
      return this.#complete(channel, prepared.result, request.context, {});
    }
    return this.#finish(channel, result, !replayed, request.context);
  }

  /**
   * Draws a raffle that is already pending with its commitment (a session tick's, taken over from a
   * replica that stopped): prepare, then complete at once.
   */
  drawPending(
    channel: Channel,
    raffleId: number,
    context: DrawContext,
    settings?: ChannelSettings,
  ): Promise<DrawOutcome> {
    return counted(
      context.trigger,
      async () => {
        const prepared = await this.#prepare(channel, raffleId, context, settings);
        return prepared.kind === 'prepared'
          ? this.#complete(channel, prepared.result, context, {})
          : prepared;
      },
      outcomeLabel,
    );
  }

  /**
   * Makes a pending raffle ready to draw (a session tick, ahead of its due time): gathers the entrants
   * and freezes the snapshot; with public randomness on, anchors it to its round and publishes
   * `raffle.snapshot`. A failure to gather discards the pending raffle (it was never drawn nor shown)
   * and is thrown for the caller to judge.
   */
  async prepare(
    channel: Channel,
    raffleId: number,
    context: DrawContext,
    settings?: ChannelSettings,
  ): Promise<PreparedDraw> {
    try {
      return await this.#prepare(channel, raffleId, context, settings);
    } catch (error) {
      const refused = error instanceof AppError && error.status < 500;
      recordDraw(context.trigger, refused ? 'refused' : 'failed');
      throw error;
    }
  }

  /** Draws a prepared raffle: at `notBefore` at the earliest, with its round when it has one. */
  complete(
    channel: Channel,
    prepared: RaffleResult,
    context: DrawContext,
    options: CompleteOptions,
  ): Promise<DrawOutcome> {
    return counted(context.trigger, () => this.#complete(channel, prepared, context, options), outcomeLabel);
  }

  async #prepare(
    channel: Channel,
    raffleId: number,
    context: DrawContext,
    settings: ChannelSettings | undefined,
  ): Promise<PreparedDraw> {
    let entrants: SnapshotEntrant[];
    let rosterAt: Date | null;
    const rules = settings ?? (await this.deps.settings.get(channel.id));
    try {
      const gathered = await this.#gatherer(channel, rules)();
      entrants = normalizeEntrants(gathered.entrants);
      rosterAt = gathered.rosterAt;
    } catch (error) {
      await this.deps.raffleRepository.discardPending(raffleId);
      throw error;
    }
    const frozen = await this.deps.raffleRepository.snapshotAndFreeze(raffleId, entrants, rosterAt);
    if (frozen.status !== 'pending') return this.#finish(channel, frozen, false, context);
    if (!(this.deps.beacon && rules.publicRandomness)) {
      return { kind: 'prepared', result: frozen, anchored: false };
    }
    return this.#anchor(channel, frozen, context);
  }

  /**
   * §4.1 step 2 for a frozen raffle: its round chosen and stored, `raffle.snapshot` published (by the
   * call that anchored it). A raffle nobody can win is not anchored: it is drawn (void) at once. When
   * no relay gives the chain, the raffle is discarded (nothing about it was published) and the 503
   * `beacon_unavailable` thrown.
   */
  async #anchor(channel: Channel, frozen: RaffleResult, context: DrawContext): Promise<PreparedDraw> {
    const beacon = this.deps.beacon;
    if (!beacon || (frozen.eligibleCount === 0 && !frozen.beacon)) {
      return { kind: 'prepared', result: frozen, anchored: false };
    }
    let anchored: { result: RaffleResult; anchoredNow: boolean };
    try {
      anchored = await beacon.anchor(frozen);
    } catch (error) {
      await this.deps.raffleRepository.discardPending(frozen.raffleId);
      throw error;
    }
    if (anchored.anchoredNow) this.deps.announcer.announceSnapshot(channel, anchored.result, context);
    return { kind: 'prepared', result: anchored.result, anchored: true };
  }

  async #complete(
    channel: Channel,
    prepared: RaffleResult,
    context: DrawContext,
    options: CompleteOptions,
  ): Promise<DrawOutcome> {
    const beacon = this.deps.beacon;
    if (prepared.beacon && beacon) {
      const drawn = await beacon.drawWhenOut(prepared, options);
      if (!drawn) {
        const view = toRaffleView(prepared, channel.login, this.deps.publicUrl);
        return { kind: 'pending', result: prepared, view };
      }
      return this.#finish(channel, drawn.result, drawn.drewNow, context);
    }
    await sleepFor((options.notBefore ?? 0) - Date.now(), options.signal);
    const { result, drewNow } = await this.deps.raffleRepository.snapshotAndDrawOnce(
      prepared.raffleId,
      [],
      null,
    );
    return this.#finish(channel, result, drewNow, context);
  }

  /**
   * Finishes a raffle the beacon waiter drew (its requester gave up waiting, or the replica waiting
   * died): announced like any draw, with nobody's command to answer it.
   */
  finishWaited(channel: Channel, result: RaffleResult, drewNow: boolean): DrawOutcome {
    const context: DrawContext = {
      trigger: result.sessionId !== null ? 'session' : 'command',
      requestedByGuild: null,
    };
    const outcome = this.#finish(channel, result, drewNow, context);
    if (outcome.kind !== 'drawn_elsewhere') recordDraw(context.trigger, outcomeLabel(outcome) ?? 'drawn');
    return outcome;
  }

  async #existing(request: DrawNowRequest): Promise<Channel> {
    const channel = request.channel ?? (await this.deps.channels.findByLogin(request.login));
    if (!channel) throw notFound('channel_not_found', `There is no channel "${request.login}" yet.`);
    if (!this.deps.entrants) {
      throw conflict('twitch_not_configured', 'This server has no Twitch connection: send the entrants.');
    }
    return channel;
  }

  #gatherer(
    channel: Channel,
    settings?: ChannelSettings,
  ): () => Promise<{ entrants: readonly EntrantInput[]; rosterAt: Date | null }> {
    const source = this.deps.entrants;
    if (!source) {
      return () => Promise.reject(conflict('twitch_not_configured', 'This server has no Twitch connection.'));
    }
    return () => source.gather(channel, settings);
  }

  #finish(channel: Channel, result: RaffleResult, drewNow: boolean, context: DrawContext): DrawOutcome {
    // A session draw another process finished is that process's to judge and announce.
    if (!drewNow && context.trigger === 'session') return { kind: 'drawn_elsewhere', result };
    if (result.status === 'void') {
      // A raffle whose round was published ends with an event too, whatever voided it.
      if (drewNow && result.beacon) this.deps.announcer.announceVoid(channel, result);
      return { kind: 'void', result };
    }
    if (!drewNow) {
      return {
        kind: 'drawn',
        result,
        view: toRaffleView(result, channel.login, this.deps.publicUrl),
        replayed: true,
      };
    }
    return {
      kind: 'drawn',
      result,
      view: this.deps.announcer.announce(channel, result, context),
      replayed: false,
    };
  }
}

/**
 * Runs one draw attempt and counts how it ended: by `label` when it returns (undefined: not counted
 * here — a session draw another replica made is theirs), `refused` for a 4xx or the shutdown's 503,
 * `failed` for anything else.
 */
async function counted<T>(
  trigger: DrawTrigger,
  draw: () => Promise<T>,
  label: (outcome: T) => DrawResultLabel | undefined,
): Promise<T> {
  let outcome: T;
  try {
    outcome = await draw();
  } catch (error) {
    const refused = error instanceof AppError && (error.status < 500 || error.code === 'shutting_down');
    recordDraw(trigger, refused ? 'refused' : 'failed');
    throw error;
  }
  const result = label(outcome);
  if (result) recordDraw(trigger, result);
  return outcome;
}

function outcomeLabel(outcome: DrawOutcome): DrawResultLabel | undefined {
  if (outcome.kind === 'drawn_elsewhere' || outcome.kind === 'pending') return undefined;
  if (outcome.kind === 'void') return 'void';
  return outcome.replayed ? 'replayed' : 'drawn';
}
