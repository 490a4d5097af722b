import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { twitchConnectionSchema } from '../../../../../contract/channels.ts';
import { bearer, channelParams, problemSchema } from '../../../../../contract/common.ts';
import type { TwitchDisconnectService } from '../../../../../twitch/disconnect-service.ts';
import { channelOf } from '../../../../plugins/access.ts';

/** `DELETE /api/v1/channels/{login}/twitch`: disconnecting from Twitch revokes the token (SPEC §7, §9). */
export function twitchConnectionRoutes(disconnect: TwitchDisconnectService): FastifyPluginAsyncZod {
  return async (app) => {
    app.delete(
      '/:login/twitch',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['twitch'],
          summary: 'Disconnect the channel from Twitch: revoke and forget its token, stop reading its chat',
          description:
            'Idempotent. The channel keeps its prizes and history; connecting again through ' +
            '/auth/twitch/login restores it. A token Twitch fails to revoke is forgotten anyway.',
          security: bearer,
          params: channelParams,
          response: {
            200: twitchConnectionSchema,
            400: problemSchema,
            401: problemSchema,
            403: problemSchema,
            404: problemSchema,
          },
        },
      },
      async (request) => {
        const channel = channelOf(request);
        return { channel: channel.login, connectionState: await disconnect.disconnect(channel) };
      },
    );
  };
}
