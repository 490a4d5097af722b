import { z } from 'zod';

/** Why a session ended, as events and `GET …/session` say it. */
export const STOP_REASONS = [
  'stopped_by_user',
  'no_prizes_left',
  'max_draws_reached',
  'stream_offline',
  'channel_not_connected',
  'twitch_reconnect_needed',
] as const;

export type StopReason = (typeof STOP_REASONS)[number];

/** An automatic session as clients see it (`GET …/session` and `session.*` events). */
export const sessionSchema = z
  .object({
    active: z.boolean(),
    sessionId: z.number().nullable(),
    intervalSeconds: z.number().nullable(),
    chance: z.number().nullable().meta({ description: 'probability that a tick draws' }),
    maxDraws: z.number().nullable(),
    drawsDone: z.number(),
    ticksDone: z.number(),
    nextDrawAt: z.string().nullable(),
    startedAt: z.string().nullable(),
    stoppedAt: z.string().nullable(),
    stopReason: z
      .string()
      .nullable()
      .meta({ description: STOP_REASONS.join(', ') }),
  })
  .meta({
    id: 'Session',
    example: {
      active: true,
      sessionId: 3,
      intervalSeconds: 30,
      chance: 1,
      maxDraws: null,
      drawsDone: 4,
      ticksDone: 4,
      nextDrawAt: '2026-11-25T20:17:30.000Z',
      startedAt: '2026-11-25T20:15:30.000Z',
      stoppedAt: null,
      stopReason: null,
    },
  });

export type SessionView = z.infer<typeof sessionSchema>;
