import { z } from 'zod';
import { idParam } from './common.ts';
import { raffleSchema } from './raffle.ts';
import { userText } from './text.ts';

// The bodies and answers of a draw: `POST /api/v1/channels/{login}/raffles` (one-off), its history,
// and `POST /api/v1/raffles/{id}/reroll`.

/** Limits of a one-off draw (SPEC §2.4). */
export const DRAW_LIMITS = { maxWinners: 100, maxEntrants: 1_000_000, maxWeight: 1000 } as const;

/** A weight of SPEC §4: more than 0 once rounded to hundredths, at most two decimals. */
const entrantWeight = z
  .number({ error: 'must be a number' })
  .max(DRAW_LIMITS.maxWeight, `must be at most ${DRAW_LIMITS.maxWeight}`)
  .refine((weight) => Math.round(weight * 100) >= 1, 'must be at least 0.01')
  .refine((weight) => Math.abs(Math.round(weight * 100) - weight * 100) < 1e-6, 'at most two decimals')
  .meta({ description: 'default 1; 0.01 to 1000 with at most two decimals' });

export const entrantSchema = z.object({
  userId: userText(64).meta({ description: 'the Twitch user id' }),
  login: userText(64),
  weight: entrantWeight.optional(),
});

export const drawBodySchema = z
  .object({
    winners: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(DRAW_LIMITS.maxWinners, `must be at most ${DRAW_LIMITS.maxWinners}`)
      .default(1),
    idempotencyKey: userText(200)
      .optional()
      .meta({ description: 'a repeated key returns the first draw instead of drawing again' }),
    entrants: z.array(entrantSchema).max(DRAW_LIMITS.maxEntrants).optional().meta({
      description:
        'the entrants to draw from; omitted = the Twitch chatters of the connected channel, right now',
    }),
  })
  .strict()
  .meta({
    example: {
      winners: 2,
      idempotencyKey: 'discord-message-1234',
      entrants: [
        { userId: '1001', login: 'ana', weight: 1 },
        { userId: '1002', login: 'bruno', weight: 1.5 },
        { userId: '1003', login: 'carla' },
      ],
    },
  });

export type DrawBody = z.infer<typeof drawBodySchema>;

export const raffleHistoryQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: idParam.optional(),
});

export const raffleHistorySchema = z
  .object({ raffles: z.array(raffleSchema), nextBefore: z.number().nullable() })
  .meta({ example: { raffles: [], nextBefore: null } });

export const raffleParams = z.object({ id: idParam });

export const rerollBodySchema = z
  .object({ position: z.number().int('must be a whole number').min(1, 'must be at least 1') })
  .strict()
  .meta({ example: { position: 1 } });
