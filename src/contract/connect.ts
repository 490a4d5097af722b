import { z } from 'zod';

/** How a Twitch connection attempt ended, as the streamer is told (the connect pages of SPEC §2.1). */
export type ConnectOutcome = 'connected' | 'denied' | 'invalid_link' | 'exchange_failed';

/** `GET /auth/twitch/login`: a connect link from Discord, the page language, a reconnect. */
export const twitchLoginQuerySchema = z.object({
  link: z.string().max(2048).optional(),
  lang: z.string().max(10).optional(),
  reconnect: z.enum(['1', 'true']).optional(),
});

/** `GET /auth/twitch/callback`: what Twitch sends the browser back with (more fields are ignored). */
export const twitchCallbackQuerySchema = z
  .object({
    code: z.string().max(512).optional(),
    state: z.string().max(2048).optional(),
    error: z.string().max(200).optional(),
    lang: z.string().max(10).optional(),
  })
  .loose();

/** `GET /auth/session`: this browser's dashboard login and the CSRF token of its changes. */
export const dashboardSessionSchema = z
  .object({
    channel: z.string().meta({ description: 'the Twitch login this dashboard session opens' }),
    displayName: z.string(),
    expiresAt: z.string(),
    csrfToken: z.string().meta({ description: 'send as X-CSRF-Token with every POST, PATCH and DELETE' }),
  })
  .meta({
    id: 'DashboardSession',
    example: {
      channel: 'kinoyu_sandbox',
      displayName: 'KinoYu_Sandbox',
      expiresAt: '2026-12-02T06:00:00.000Z',
      csrfToken: 'q3Jd8a1x-4Yf…',
    },
  });
