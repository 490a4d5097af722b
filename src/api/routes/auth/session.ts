import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../../contract/common.ts';
import { dashboardSessionSchema } from '../../../contract/connect.ts';
import { AppError } from '../../../errors.ts';
import { csrfTokenFor, requireCsrfToken } from '../../plugins/csrf.ts';
import type { Services } from '../../services.ts';

const notLoggedIn = () =>
  new AppError(401, 'not_logged_in', 'Log in with Twitch on the dashboard first (/auth/twitch/login).');

/**
 * `GET /auth/session` and `POST /auth/logout`: this browser's dashboard login, and logging
 * out (SPEC §7).
 */
export function dashboardSessionRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/session',
      {
        schema: {
          tags: ['dashboard'],
          security: [{ dashboardSession: [] }],
          summary: "This browser's dashboard login (cookie): its channel and a CSRF token",
          response: { 200: dashboardSessionSchema, 401: problemSchema },
        },
      },
      async (request, reply) => {
        const session = request.dashboardSession;
        const channel = session && (await services.channels.findById(session.channelId));
        if (!session || !channel) throw notLoggedIn();
        reply.header('cache-control', 'no-store');
        return {
          channel: channel.login,
          displayName: channel.displayName,
          expiresAt: session.expiresAt.toISOString(),
          csrfToken: csrfTokenFor(session),
        };
      },
    );

    app.post(
      '/logout',
      {
        schema: {
          tags: ['dashboard'],
          security: [{ dashboardSession: [] }],
          summary: 'Log this browser out of the dashboard (needs the X-CSRF-Token of the session)',
          response: { 204: z.null(), 403: problemSchema },
        },
      },
      async (request, reply) => {
        const session = request.dashboardSession;
        // Without the token another site could log the streamer out; harmless, but still a forged change.
        if (session) requireCsrfToken(request, session);
        await reply.endDashboardSession();
        return reply.status(204).send(null);
      },
    );
  };
}
