import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearer, problemSchema } from '../../../../../contract/common.ts';
import { connectLinkBodySchema, connectLinkSchema, guildParams } from '../../../../../contract/discord.ts';
import type { TwitchConnectService } from '../../../../../twitch/connect-service.ts';

/**
 * `POST /api/v1/discord/{guildId}/link`: the connect link the bot hands a streamer in a Discord server
 * (`!conectar`, SPEC §2.1); opening it starts the Twitch connect flow of routes/auth/twitch.ts.
 */
export function discordLinkRoutes(connect: TwitchConnectService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/:guildId/link',
      {
        config: { access: 'service' },
        schema: {
          tags: ['twitch'],
          summary: 'Mint the signed, expiring, single-use connect link for a Discord server',
          security: bearer,
          params: guildParams,
          body: connectLinkBodySchema,
          response: {
            201: connectLinkSchema,
            400: problemSchema,
            401: problemSchema,
            403: problemSchema,
          },
        },
      },
      async (request, reply) => {
        reply.status(201);
        return connect.mintDiscordLink(request.params.guildId, request.body ?? {});
      },
    );
  };
}
