import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearer } from '../../../../contract/common.ts';
import {
  type EventRouteOptions,
  eventStreams,
  FRAME_FORMAT,
  streamResponse,
} from '../../../event-streams.ts';
import type { Services } from '../../../services.ts';

/**
 * `GET /api/v1/events`: every channel's events, for the service token (the bot listens here; SPEC §7);
 * with `X-Discord-Guild`, only the events of the channel linked to that server.
 */
export function eventRoutes(services: Services, options: EventRouteOptions = {}): FastifyPluginAsyncZod {
  return async (app) => {
    const serve = await eventStreams(app, services.events, options);

    app.get(
      '/events',
      {
        sse: 'only',
        config: { access: 'service' },
        schema: {
          tags: ['events'],
          summary: "Every channel's events (the bot listens here)",
          description: FRAME_FORMAT,
          security: bearer,
          response: streamResponse,
        },
      },
      (request, reply) => {
        // With X-Discord-Guild, the access hook resolved that server's channel: only its events.
        const channel = request.channel;
        return serve(request, reply, channel ? (event) => event.channelId === channel.id : () => true);
      },
    );
  };
}
