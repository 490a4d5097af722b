import type { RaffleResult, Winner } from './raffle-result.ts';

/**
 * A raffle as clients see it (API responses and `raffle.drawn` events): the result of make_raffle
 * without its internal ids, named by channel login, plus where to find its proof.
 */
export type RaffleView = Omit<RaffleResult, 'channelId' | 'sessionId' | 'reason' | 'winners'> & {
  readonly channel: string;
  readonly reason: string | null;
  readonly winners: Winner[];
  /** The proof as JSON (SPEC §7). */
  readonly proofUrl: string;
  /** The public proof page people open (SPEC §5). */
  readonly proofPageUrl: string;
};

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
