import type { Logger } from 'pino';
import type { Channel, ChannelRepository } from '../channels/channel-repository.ts';
import type { ChannelSettings } from '../channels/settings-repository.ts';
import type { DrawTrigger } from '../contract/raffles.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { type DrawResultLabel, recordDraw } from '../metrics/metrics.ts';
import type { DrawAnnouncer, DrawContext } from './draw-announcer.ts';
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
 * by the call that drew it), void (nobody eligible or no prize left: never announced), or already
 * drawn by another process (a session draw taken over by a replica).
 */
export type DrawOutcome =
  | {
      readonly kind: 'drawn';
      readonly result: RaffleResult;
      readonly view: RaffleView;
      readonly replayed: boolean;
    }
  | { readonly kind: 'void'; readonly result: RaffleResult }
  | { readonly kind: 'drawn_elsewhere'; readonly result: RaffleResult };

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
      publicUrl: string;
      logger: Logger;
      gate?: DrawGate;
    },
  ) {
    this.gate = deps.gate ?? new DrawGate();
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
    const gather = given ? async () => ({ entrants: given, rosterAt: null }) : this.#gatherer(channel);
    const { result, replayed } = await this.deps.raffles.draw({
      channelId: channel.id,
      winners: request.winners,
      idempotencyKey: request.idempotencyKey,
      entrants: gather,
    });
    return this.#finish(channel, result, !replayed, request.context);
  }

  /**
   * Draws a raffle that is already pending with its commitment (a session tick's): gathers the
   * entrants, then snapshot + make_raffle once. A failure to gather discards the pending raffle (it was
   * never drawn nor shown) and is thrown for the caller to judge.
   */
  drawPending(
    channel: Channel,
    raffleId: number,
    context: DrawContext,
    settings?: ChannelSettings,
  ): Promise<DrawOutcome> {
    return counted(
      context.trigger,
      () => this.#drawPending(channel, raffleId, context, settings),
      outcomeLabel,
    );
  }

  async #drawPending(
    channel: Channel,
    raffleId: number,
    context: DrawContext,
    settings: ChannelSettings | undefined,
  ): Promise<DrawOutcome> {
    let entrants: SnapshotEntrant[];
    let rosterAt: Date | null;
    try {
      const gathered = await this.#gatherer(channel, settings)();
      entrants = normalizeEntrants(gathered.entrants);
      rosterAt = gathered.rosterAt;
    } catch (error) {
      await this.deps.raffleRepository.discardPending(raffleId);
      throw error;
    }
    const { result, drewNow } = await this.deps.raffleRepository.snapshotAndDrawOnce(
      raffleId,
      entrants,
      rosterAt,
    );
    return this.#finish(channel, result, drewNow, context);
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
    if (result.status === 'void') return { kind: 'void', result };
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
  if (outcome.kind === 'drawn_elsewhere') return undefined;
  if (outcome.kind === 'void') return 'void';
  return outcome.replayed ? 'replayed' : 'drawn';
}
