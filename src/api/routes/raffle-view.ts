import { z } from 'zod';
import type { RaffleResult } from '../../raffles/raffle-result.ts';

/** A raffle as the API shows it (SPEC §7): the result of make_raffle plus where to find its proof. */
export const raffleSchema = z
  .object({
    raffleId: z.number(),
    channel: z.string(),
    status: z.enum(['pending', 'drawn', 'void']),
    reason: z.string().nullable(),
    commitment: z.string().meta({ description: 'SHA-256 of the seed, published before the draw' }),
    entrantsDigest: z.string().nullable(),
    seed: z.string().nullable().meta({ description: 'revealed once drawn' }),
    winnersRequested: z.number(),
    eligibleCount: z.number().nullable(),
    excludedCount: z.number().nullable(),
    createdAt: z.string(),
    drawnAt: z.string().nullable(),
    winners: z.array(
      z.object({
        position: z.number(),
        userId: z.string(),
        login: z.string(),
        itemId: z.number().nullable(),
        itemName: z.string().nullable(),
      }),
    ),
    proofUrl: z.string(),
  })
  .meta({ id: 'Raffle' });

export type RaffleView = z.infer<typeof raffleSchema>;

/** Shapes a RaffleResult for the API. */
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
  };
}
