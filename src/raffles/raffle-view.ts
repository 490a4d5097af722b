import type { RaffleResult, Winner } from './raffle-result.ts';

/** A raffle as clients see it (API responses and `raffle.drawn` events): the result plus its proof link. */
export interface RaffleView {
  readonly raffleId: number;
  readonly channel: string;
  readonly status: 'pending' | 'drawn' | 'void';
  readonly reason: string | null;
  readonly commitment: string;
  readonly entrantsDigest: string | null;
  readonly seed: string | null;
  readonly winnersRequested: number;
  readonly eligibleCount: number | null;
  readonly excludedCount: number | null;
  readonly createdAt: string;
  readonly drawnAt: string | null;
  readonly winners: Winner[];
  /** The proof as JSON (SPEC §7). */
  readonly proofUrl: string;
  /** The public proof page people open (SPEC §5). */
  readonly proofPageUrl: string;
}

/** Shapes a RaffleResult for clients. */
export function toRaffleView(result: RaffleResult, channel: string, publicUrl: string): RaffleView {
  return {
    raffleId: result.raffleId,
    channel,
    status: result.status,
    reason: result.reason,
    commitment: result.commitment,
    entrantsDigest: result.entrantsDigest,
    seed: result.seed,
    winnersRequested: result.winnersRequested,
    eligibleCount: result.eligibleCount,
    excludedCount: result.excludedCount,
    createdAt: result.createdAt,
    drawnAt: result.drawnAt,
    winners: [...result.winners],
    proofUrl: `${publicUrl}/api/v1/raffles/${result.raffleId}/proof`,
    proofPageUrl: `${publicUrl}/r/${result.raffleId}`,
  };
}
