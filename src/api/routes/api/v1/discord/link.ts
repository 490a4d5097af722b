import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearer, problemSchema } from '../../../../../contract/common.ts';
import type { TwitchConnectService } from '../../../../../twitch/connect-service.ts';
import { guildParams } from './guild.ts';

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
          body: z
            .object({
              announcementChannelId: z
                .string()
                .regex(/^\d{17,20}$/, 'must be a Discord channel id (snowflake)')
                .optional()
                .meta({ description: 'where the bot posts draws once linked (the channel of !conectar)' }),
              language: z.enum(['pt-BR', 'en']).optional().meta({ description: "the server's bot language" }),
            })
            .strict()
            .nullish(),
          response: {
            201: z.object({ url: z.string(), expiresAt: z.string() }).meta({ id: 'ConnectLink' }),
            400: problemSchema,
            401: problemSchema,
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
