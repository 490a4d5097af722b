import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { problemSchema } from '../../../../contract/common.ts';
import {
  accountLinkCompleteBodySchema,
  accountLinkedSchema,
  revealBodySchema,
  revealedCodeSchema,
  slotParams,
  viewerPrizesSchema,
} from '../../../../contract/prizes.ts';
import type { ViewerSession } from '../../../plugins/viewer-session.ts';
import type { Services } from '../../../services.ts';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const viewerCookie = [{ viewerSession: [] }];

/** The access hook admitted the request only with a viewer session. */
function viewerOf(request: { viewerSession: ViewerSession | undefined }): ViewerSession {
  if (!request.viewerSession) throw new Error('a viewer route ran without a viewer session');
  return request.viewerSession;
}

/**
 * `/api/v1/viewer/…`: what the claim and account-link pages ask for the viewer signed in with Twitch
 * (SPEC §2.8): their prizes in every channel, the code of one of them, and the account link. Each
 * answer is about the signed-in viewer only; changes need the page's CSRF token.
 */
export function viewerRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/prizes',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['viewer'],
          summary: 'Every prize the signed-in viewer won, in any channel, newest first (never a code)',
          security: viewerCookie,
          response: { 200: viewerPrizesSchema, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = viewerOf(request);
        reply.header('cache-control', 'no-store');
        return {
          viewer: { userId: viewer.userId, login: viewer.login, displayName: viewer.displayName },
          prizes: await services.prizes.viewerPrizes(viewer.userId),
          csrfToken: viewer.csrfToken,
        };
      },
    );

    app.post(
      '/prizes/:raffleId/:position/reveal',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['viewer'],
          summary: "The code of one of the viewer's prizes, once claimed; the first reveal delivers it",
          description:
            "404 `raffle_not_found` when the slot is not the viewer's; 409 `not_deliverable` while it awaits its " +
            'claim, after it was forfeited, or when the prize has no code.',
          security: viewerCookie,
          params: slotParams,
          body: revealBodySchema,
          response: { 200: revealedCodeSchema, ...errors },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const { raffleId, position } = request.params;
        return services.prizes.reveal(viewerOf(request).userId, raffleId, position);
      },
    );

    app.post(
      '/account-link',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['viewer'],
          summary: 'Link the Discord account named by an account-link URL to the signed-in Twitch account',
          description:
            'The link is single use: a used or expired one is a 400 with its reason, and changes nothing.',
          security: viewerCookie,
          body: accountLinkCompleteBodySchema,
          response: { 200: accountLinkedSchema, ...errors },
        },
      },
      async (request) => {
        const viewer = viewerOf(request);
        const linked = await services.accountLinks.complete(request.body.link, viewer);
        return {
          discordUserId: linked.discordUserId,
          discordUsername: linked.discordUsername,
          twitchLogin: linked.twitchLogin,
        };
      },
    );
  };
}
