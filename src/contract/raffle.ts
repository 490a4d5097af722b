import { z } from 'zod';
import { CLAIM_STATES, RAFFLE_STATUSES, REPLACED_REASONS } from './raffles.ts';

/** A slot's claim window (SPEC §2.6); null when the raffle has none. */
export const claimSchema = z
  .object({
    state: z.enum(CLAIM_STATES),
    deadline: z.string().nullable().meta({ description: 'when the current window ends (ISO time)' }),
    claimedAt: z.string().nullable(),
    /** The holder's first chat message after they got the slot: moderators see they are really there. */
    firstMessage: z.string().nullable(),
    firstMessageAt: z.string().nullable(),
  })
  .nullable();

export type Claim = z.infer<typeof claimSchema>;

/** A raffle as the API and the `raffle.drawn` event show it: the result of make_raffle plus where to find its proof. */
export const raffleSchema = z
  .object({
    raffleId: z.number(),
    channel: z.string(),
    status: z.enum(RAFFLE_STATUSES),
    reason: z.string().nullable(),
    commitment: z.string().meta({ description: 'SHA-256 of the seed, published before the draw' }),
    entrantsDigest: z.string().nullable(),
    seed: z.string().nullable().meta({ description: 'revealed once drawn' }),
    winnersRequested: z.number(),
    eligibleCount: z.number().nullable(),
    excludedCount: z.number().nullable(),
    createdAt: z.string(),
    drawnAt: z.string().nullable(),
    sessionTick: z
      .number()
      .nullable()
      .meta({ description: "a session draw's tick (null for a one-off draw)" }),
    dueAt: z
      .string()
      .nullable()
      .meta({ description: 'when that session tick was due; its lateness is drawnAt minus dueAt' }),
    snapshotAt: z
      .string()
      .nullable()
      .meta({ description: 'when the entrant list was frozen (ISO time, whole milliseconds)' }),
    beacon: z
      .object({
        chainHash: z.string(),
        round: z.number(),
        roundAt: z.string().meta({ description: 'when the round comes (ISO time)' }),
        randomness: z.string().nullable().meta({ description: "the round's randomness, once fetched" }),
      })
      .nullable()
      .meta({
        description:
          'the drand round the draw depends on (SPEC §4.1); null without public randomness. A pending raffle with a beacon is waiting for its round',
      }),
    winners: z.array(
      z.object({
        position: z.number(),
        userId: z.string(),
        login: z.string(),
        itemId: z.number().nullable(),
        itemName: z.string().nullable(),
        hasCode: z
          .boolean()
          .meta({ description: 'a secret code goes with the prize: the winner collects it at claimPageUrl' }),
        claim: claimSchema,
      }),
    ),
    replaced: z
      .array(
        z.object({
          position: z.number(),
          userId: z.string(),
          login: z.string(),
          reason: z.enum(REPLACED_REASONS),
        }),
      )
      .meta({ description: 'earlier holders replaced by redraws, oldest first' }),
    proofUrl: z.string().meta({ description: 'the proof as JSON' }),
    proofPageUrl: z.string().meta({ description: 'the public proof page, /r/{raffleId}' }),
    claimPageUrl: z.string().meta({ description: "the winners' claim page, /resgatar (SPEC §2.8)" }),
  })
  .meta({
    id: 'Raffle',
    example: {
      raffleId: 42,
      channel: 'kinoyu_sandbox',
      status: 'drawn',
      reason: null,
      commitment: '9f2b5c3e0d1a4b6c8e7f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d',
      entrantsDigest: '3c1e0a9b8d7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c',
      seed: 'a41f0c2e9b8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29180f7e6d5c4b3a291807',
      winnersRequested: 1,
      eligibleCount: 312,
      excludedCount: 4,
      createdAt: '2026-11-25T20:15:00.000Z',
      drawnAt: '2026-11-25T20:15:00.210Z',
      sessionTick: null,
      dueAt: null,
      snapshotAt: '2026-11-25T20:14:58.905Z',
      beacon: {
        chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
        round: 34278112,
        roundAt: '2026-11-25T20:15:00.000Z',
        randomness: '6c1b0ff2e1c0d1b1b5b3e7c7a2f6a4f9b0c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6',
      },
      winners: [
        {
          position: 1,
          userId: '50213',
          login: 'ana_gamer',
          itemId: 7,
          itemName: 'skin dourada',
          hasCode: false,
          claim: {
            state: 'claimed',
            deadline: '2026-11-25T20:16:00.210Z',
            claimedAt: '2026-11-25T20:15:21.730Z',
            firstMessage: '!claim',
            firstMessageAt: '2026-11-25T20:15:21.730Z',
          },
        },
      ],
      replaced: [],
      proofUrl: 'http://localhost:3000/api/v1/raffles/42/proof',
      proofPageUrl: 'http://localhost:3000/r/42',
      claimPageUrl: 'http://localhost:3000/resgatar',
    },
  });

/** A raffle as clients see it (API answers and `raffle.drawn` events). */
export type RaffleView = z.infer<typeof raffleSchema>;
