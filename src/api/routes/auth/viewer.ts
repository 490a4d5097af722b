import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../../contract/common.ts';
import { viewerCallbackQuerySchema, viewerLoginQuerySchema } from '../../../contract/prizes.ts';
import type { ViewerLogin } from '../../../twitch/viewer-login.ts';
import { requireCsrfToken } from '../../plugins/csrf.ts';

const DEFAULT_NEXT = '/resgatar';

/** `next` with `signin=<outcome>` added, so the page it lands on can say why the sign-in did not happen. */
function withOutcome(next: string, outcome: string): string {
  const url = new URL(next, 'http://kinoyu.invalid');
  url.searchParams.set('signin', outcome);
  return `${url.pathname}${url.search}`;
}

/**
 * The viewers' Twitch sign-in (SPEC §2.8, §7): `GET /twitch/viewer/login?next=/resgatar` redirects to
 * Twitch with no scopes, `GET /twitch/viewer/callback` opens the viewer session (cookie `kinoyu_viewer`,
 * apart from the dashboard's) and lands on `next`, `POST /twitch/viewer/logout` ends it. A sign-in that
 * fails lands on `next` too, with `?signin=denied|invalid_state|exchange_failed`.
 */
export function viewerAuthRoutes(login: ViewerLogin): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/twitch/viewer/login',
      {
        schema: {
          tags: ['viewer'],
          summary: 'Redirect a viewer to Twitch to sign in (no scopes), then back to `next`',
          querystring: viewerLoginQuerySchema,
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return reply.redirect(login.authorizeUrl(request.query.next ?? DEFAULT_NEXT), 302);
      },
    );

    app.get(
      '/twitch/viewer/callback',
      {
        schema: {
          tags: ['viewer'],
          summary: "Twitch's redirect back after a viewer sign-in: opens the viewer session",
          querystring: viewerCallbackQuerySchema,
        },
      },
      async (request, reply) => {
        const result = await login.handleCallback(request.query);
        reply.header('cache-control', 'no-store');
        if (result.outcome !== 'signed_in')
          return reply.redirect(withOutcome(result.next, result.outcome), 302);
        reply.startViewerSession(result.viewer);
        request.log.info({ viewer: result.viewer.login }, 'viewer signed in');
        return reply.redirect(result.next, 302);
      },
    );

    app.post(
      '/twitch/viewer/logout',
      {
        schema: {
          tags: ['viewer'],
          summary: 'Sign the viewer out of this browser (needs the X-CSRF-Token of the claim page)',
          response: { 204: z.null(), 403: problemSchema },
        },
      },
      async (request, reply) => {
        const viewer = request.viewerSession;
        if (viewer) requireCsrfToken(request, viewer);
        reply.endViewerSession();
        return reply.status(204).send(null);
      },
    );
  };
}
