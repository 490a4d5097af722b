import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearer, channelParams, problemSchema } from '../../../../../contract/common.ts';
import { overlayKeySchema } from '../../../../../contract/overlay.ts';
import { channelOf } from '../../../../plugins/access.ts';
import type { Services } from '../../../../services.ts';

/** The service token, or the channel's own dashboard session. */
const bearerOrDashboard = [...bearer, { dashboardSession: [] }];

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/**
 * `GET/POST /api/v1/channels/{login}/overlay-key`: the OBS overlay's secret (SPEC §5, §7): read it, or
 * replace it when it leaked.
 */
export function overlayKeyRoutes(services: Services): FastifyPluginAsyncZod {
  const keys = services.overlayKeys;
  const overlayUrl = (login: string, key: string) =>
    `${services.config.publicUrl}/overlay/${encodeURIComponent(login)}?key=${key}`;

  return async (app) => {
    app.get(
      '/:login/overlay-key',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['channels'],
          summary: "The overlay URL of a channel, with its key (the streamer's dashboard shows it)",
          security: bearerOrDashboard,
          params: channelParams,
          response: { 200: overlayKeySchema, ...errors },
        },
      },
      async (request) => {
        const channel = channelOf(request);
        const key = (await keys.ofChannel(channel.id)) ?? '';
        return { key, url: overlayUrl(channel.login, key) };
      },
    );

    app.post(
      '/:login/overlay-key',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['channels'],
          summary: 'Replace the overlay key: the old overlay URL stops working at once',
          security: bearerOrDashboard,
          params: channelParams,
          response: { 200: overlayKeySchema, ...errors },
        },
      },
      async (request) => {
        const channel = channelOf(request);
        // 32 bytes from the system's strong random source: the key is all an overlay URL has.
        const key = randomBytes(32).toString('hex');
        await keys.replace(channel.id, key);
        request.log.info({ channel: channel.login, channelId: channel.id }, 'overlay key replaced');
        return { key, url: overlayUrl(channel.login, key) };
      },
    );
  };
}
