import { z } from 'zod';
import { EXCLUSION_REASONS } from './raffles.ts';

/** `GET /api/v1/channels/{login}/chatters`: who a draw would pick from now, and who is left out and why. */
export const chattersSchema = z
  .object({
    chatters: z.array(z.object({ userId: z.string(), login: z.string(), weight: z.number() })),
    excluded: z.array(z.object({ userId: z.string(), login: z.string(), reason: z.enum(EXCLUSION_REASONS) })),
    total: z.number(),
  })
  .meta({
    example: {
      chatters: [
        { userId: '50213', login: 'ana_gamer', weight: 1 },
        { userId: '50377', login: 'bruno', weight: 1.5 },
      ],
      excluded: [{ userId: '19264', login: 'nightbot', reason: 'bot' }],
      total: 3,
    },
  });

export type ChattersView = z.infer<typeof chattersSchema>;
