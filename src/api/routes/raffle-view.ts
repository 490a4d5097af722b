import { z } from 'zod';
import type { RaffleView } from '../../raffles/raffle-view.ts';

export { toRaffleView } from '../../raffles/raffle-view.ts';

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
    proofUrl: z.string().meta({ description: 'the proof as JSON' }),
    proofPageUrl: z.string().meta({ description: 'the public proof page, /r/{raffleId}' }),
  })
  .meta({ id: 'Raffle' }) satisfies z.ZodType<RaffleView>;
