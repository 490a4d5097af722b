import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { chattersSchema } from '../../../../../contract/chatters.ts';
import { bearer, channelParams, channelRouteErrors, problemSchema } from '../../../../../contract/common.ts';
import { conflict } from '../../../../../errors.ts';
import { channelOf } from '../../../../plugins/access.ts';
import type { Services } from '../../../../services.ts';

const errors = channelRouteErrors;

/** `GET /api/v1/channels/{login}/chatters`: who a draw would pick from right now (SPEC §7). */
export function chatterRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/:login/chatters',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['twitch'],
          summary: 'Who can be drawn right now: the chat list with weights, and who is left out and why',
          description:
            'All pages of Get Chatters. Blocklist, cooldowns and session limits are decided at draw time, ' +
            'inside make_raffle.',
          security: bearer,
          params: channelParams,
          response: {
            200: chattersSchema,
            ...errors,
            503: problemSchema,
          },
        },
      },
      async (request) => {
        const channel = channelOf(request);
        if (!services.roster)
          throw conflict('twitch_not_configured', 'This server has no Twitch connection.');
        const entrants = await services.roster.entrants(channel);
        return {
          chatters: entrants
            .filter((entrant) => !entrant.excludedReason)
            .map((entrant) => ({
              userId: entrant.userId,
              login: entrant.login,
              weight: entrant.weight ?? 1,
            })),
          excluded: entrants.flatMap(({ userId, login, excludedReason }) =>
            excludedReason ? [{ userId, login, reason: excludedReason }] : [],
          ),
          total: entrants.length,
        };
      },
    );
  };
}
