import type { RaffleView } from '../contract/raffle.ts';
import type { RaffleResult } from './raffle-result.ts';

export type { RaffleView };

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
    sessionTick: result.sessionTick,
    dueAt: result.dueAt,
    snapshotAt: result.snapshotAt,
    beacon: result.beacon && {
      chainHash: result.beacon.chainHash,
      round: result.beacon.round,
      roundAt: result.beacon.roundAt,
      randomness: result.beacon.randomness,
    },
    winners: [...result.winners],
    replaced: [...result.replaced],
    proofUrl: `${publicUrl}/api/v1/raffles/${result.raffleId}/proof`,
    proofPageUrl: `${publicUrl}/r/${result.raffleId}`,
    claimPageUrl: `${publicUrl}/resgatar`,
  };
}
