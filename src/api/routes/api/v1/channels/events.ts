import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearer, channelParams, problemSchema } from '../../../../../contract/common.ts';
import { channelStreamQuerySchema } from '../../../../../contract/overlay.ts';
import {
  type EventRouteOptions,
  eventStreams,
  FRAME_FORMAT,
  streamResponse,
} from '../../../../event-streams.ts';
import { channelOf } from '../../../../plugins/access.ts';
import type { Services } from '../../../../services.ts';

/**
 * `GET /api/v1/channels/{login}/events`: one channel's events, for the service token, the channel's
 * dashboard session or its overlay key (`?key=`; SPEC §7).
 */
export function channelEventRoutes(
  services: Services,
  options: EventRouteOptions = {},
): FastifyPluginAsyncZod {
  return async (app) => {
    const serve = await eventStreams(app, services.events, options);

    app.get(
      '/:login/events',
      {
        sse: 'only',
        config: { access: 'stream' },
        schema: {
          tags: ['events'],
          summary: "One channel's events (the overlay listens here with ?key=)",
          description: `Open with the service token or with the channel's overlay key (\`?key=…\`).\n\n${FRAME_FORMAT}`,
          security: [...bearer, {}],
          params: channelParams,
          querystring: channelStreamQuerySchema,
          response: { ...streamResponse, 403: problemSchema, 404: problemSchema },
        },
      },
      async (request, reply) => {
        const channel = channelOf(request);
        await serve(request, reply, (event) => event.channelId === channel.id);
      },
    );
  };
}
