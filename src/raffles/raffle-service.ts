import type { Logger } from 'pino';
import { DRAW_LIMITS } from '../contract/draws.ts';
import type { ExclusionReason } from '../contract/raffles.ts';
import { type AppError, badRequest, conflict, notFound } from '../errors.ts';
import type { RaffleRepository, SnapshotEntrant } from './raffle-repository.ts';
import type { RaffleResult } from './raffle-result.ts';

/** An entrant as a caller gives it; weight defaults to 1. */
export interface EntrantInput {
  readonly userId: string;
  readonly login: string;
  readonly weight?: number | undefined;
  readonly excludedReason?: ExclusionReason | null | undefined;
}

export interface DrawRequest {
  readonly channelId: number;
  readonly winners: number;
  readonly idempotencyKey?: string | undefined;
  /** Produces the entrants once the commitment is stored, and when their chat list was read. */
  readonly entrants: () => Promise<{ entrants: readonly EntrantInput[]; rosterAt: Date | null }>;
  /**
   * Freeze the snapshot without drawing (SPEC §4.1 step 1): the result stays pending, with its digest
   * and snapshotAt, for the caller to anchor to a beacon round.
   */
  readonly freezeOnly?: boolean;
}

/** What the caller learns: the result, and whether it replays an earlier request. */
export interface DrawOutcome {
  readonly result: RaffleResult;
  readonly replayed: boolean;
}

const CONTROL_CHARACTERS = /\p{Cc}/u;

/**
 * Validates entrants and removes repeated user ids (the first wins: Twitch can list a chatter twice
 * while its list moves under the cursor). Weights must be > 0 with at most two decimals (§4).
 */
export function normalizeEntrants(entrants: readonly EntrantInput[]): SnapshotEntrant[] {
  if (entrants.length > DRAW_LIMITS.maxEntrants) {
    throw badRequest('too_many_entrants', `At most ${DRAW_LIMITS.maxEntrants} entrants per draw.`);
  }
  const seen = new Set<string>();
  const result: SnapshotEntrant[] = [];
  for (const entrant of entrants) {
    const { userId, login } = entrant;
    const weight = entrant.weight ?? 1;
    if (userId === '' || userId.length > 64 || CONTROL_CHARACTERS.test(userId)) {
      throw badRequest('invalid_entrant', 'Each entrant needs a userId of 1 to 64 printable characters.', {
        userId: userId.slice(0, 64),
      });
    }
    if (login === '' || login.length > 64 || CONTROL_CHARACTERS.test(login)) {
      throw badRequest(
        'invalid_entrant',
        `Entrant ${userId} needs a login of 1 to 64 printable characters.`,
        {
          userId,
        },
      );
    }
    // In hundredths, as the database stores it: a weight that rounds to 0 (1e-9) is refused here rather
    // than by a CHECK in the middle of the draw.
    const hundredths = Math.round(weight * 100);
    if (!(hundredths >= 1 && weight <= DRAW_LIMITS.maxWeight) || Math.abs(hundredths - weight * 100) > 1e-6) {
      throw badRequest(
        'invalid_entrant',
        `Entrant ${userId} has weight ${weight}: weights go from 0.01 to ${DRAW_LIMITS.maxWeight} with at most two decimals.`,
        { userId },
      );
    }
    if (seen.has(userId)) continue;
    seen.add(userId);
    result.push({ userId, login, weight, excludedReason: entrant.excludedReason ?? null });
  }
  return result;
}

/** Turns a void result into the "nothing to draw" error a user can act on. */
export function nothingToDraw(result: RaffleResult): AppError {
  return result.reason === 'no_prizes_left'
    ? conflict('no_prizes_left', 'Every prize has been given away: add prizes or raise a quantity.', {
        raffleId: result.raffleId,
      })
    : conflict('no_eligible_entrants', 'Nobody can win right now: no eligible entrant.', {
        raffleId: result.raffleId,
      });
}

/** One-off draws, redraws and history over the raffle repository. */
/** The SQLSTATE raised when a delivered slot would be redrawn (migrations/0009_prize_delivery.sql). */
const PRIZE_DELIVERED = 'KY001';

export class RaffleService {
  constructor(
    private readonly raffles: RaffleRepository,
    private readonly logger: Logger,
  ) {}

  /**
   * Draws now: stores the raffle and its commitment first, then gathers the entrants, then freezes the
   * snapshot and draws in one transaction. A repeated idempotency key returns the first outcome.
   */
  async draw(request: DrawRequest): Promise<DrawOutcome> {
    if (
      !Number.isInteger(request.winners) ||
      request.winners < 1 ||
      request.winners > DRAW_LIMITS.maxWinners
    ) {
      throw badRequest('invalid_winner_count', `Draw from 1 to ${DRAW_LIMITS.maxWinners} winners at a time.`);
    }
    const { id, created } = await this.raffles.createPending({
      channelId: request.channelId,
      winnersRequested: request.winners,
      idempotencyKey: request.idempotencyKey ?? null,
    });
    const log = this.logger.child({ channelId: request.channelId, raffleId: id });
    if (!created) {
      const earlier = await this.raffles.result(id);
      // A repeat of a draw that is frozen and waiting for its beacon round: wait for that round too
      // (the snapshot is taken once; gathering again would change nothing).
      if (earlier?.status === 'pending' && earlier.snapshotAt !== null && request.freezeOnly) {
        return { result: earlier, replayed: false };
      }
      if (earlier && earlier.status !== 'pending') {
        log.info(
          { idempotencyKey: request.idempotencyKey },
          'repeated draw request: returning the first result',
        );
        return { result: earlier, replayed: true };
      }
    }
    let entrants: SnapshotEntrant[];
    let rosterAt: Date | null;
    try {
      const gathered = await request.entrants();
      entrants = normalizeEntrants(gathered.entrants);
      rosterAt = gathered.rosterAt;
    } catch (error) {
      // Bad entrants (or a source that failed) change nothing: the raffle was never drawn nor shown.
      if (created) await this.raffles.discardPending(id);
      throw error;
    }
    let result: RaffleResult;
    let drewNow: boolean;
    try {
      // A retry can find its raffle still pending (the first attempt's connection died and so did its
      // discard): this call then draws it, and must say so, or the draw is never announced.
      if (request.freezeOnly) {
        result = await this.raffles.snapshotAndFreeze(id, entrants, rosterAt);
        drewNow = false;
        if (result.status === 'pending') return { result, replayed: false };
      } else {
        ({ result, drewNow } = await this.raffles.snapshotAndDrawOnce(id, entrants, rosterAt));
      }
    } catch (error) {
      // The draw's transaction rolled back: nothing was drawn, so the pending raffle goes too (only a
      // raffle still pending is deleted: one drawn meanwhile by a retry stays).
      if (created) await this.raffles.discardPending(id);
      throw error;
    }
    log.info(
      {
        status: result.status,
        reason: result.reason,
        eligible: result.eligibleCount,
        winners: result.winners.length,
      },
      'raffle drawn',
    );
    return { result, replayed: !drewNow };
  }

  /** Gives slot `position` to the next entrant by key (SPEC §4); the slot keeps its prize. */
  async reroll(raffleId: number, position: number): Promise<RaffleResult> {
    const outcome = await this.raffles.reroll(raffleId, position).catch((error: unknown) => {
      // migrations/0009: a slot whose code its holder already saw is not redrawn.
      if ((error as { code?: string }).code === PRIZE_DELIVERED) {
        throw conflict(
          'prize_delivered',
          `The code of position ${position} of raffle ${raffleId} was already delivered to its winner: it cannot be redrawn.`,
        );
      }
      throw error;
    });
    switch (outcome.rerollStatus) {
      case 'rerolled':
        this.logger.info({ raffleId, position }, 'raffle slot redrawn');
        return outcome;
      case 'not_found':
        throw notFound('raffle_not_found', `There is no raffle ${raffleId}.`);
      case 'not_drawn':
        throw conflict(
          'raffle_not_drawn',
          `Raffle ${raffleId} gave no winners, so there is nothing to redraw.`,
        );
      case 'no_such_position':
        throw notFound('position_not_found', `Raffle ${raffleId} has no position ${position}.`);
      case 'forfeited':
        throw conflict(
          'slot_forfeited',
          `Position ${position} of raffle ${raffleId} was not claimed in time: its prize went back to stock.`,
        );
      default:
        throw conflict('nobody_left', `Everyone eligible in raffle ${raffleId} already held a slot.`);
    }
  }
}
