import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearer, channelParams, channelRouteErrors } from '../../../../../contract/common.ts';
import { sessionSchema } from '../../../../../contract/sessions.ts';
import { sessionChance } from '../../../../../contract/settings.ts';
import { conflict } from '../../../../../errors.ts';
import { channelOf, guildOf } from '../../../../plugins/access.ts';
import type { Services } from '../../../../services.ts';

const startBody = z
  .object({
    intervalSeconds: z
      .number({ error: 'must be a number' })
      .int('must be a whole number of seconds')
      .min(1, 'must be at least 1 second')
      .max(86400, 'must be at most 86,400 seconds (a day)')
      .optional()
      .meta({ description: "default: the channel's sessionIntervalSeconds" }),
    chance: sessionChance
      .optional()
      .meta({ description: "probability that a tick draws; default: the channel's sessionChance" }),
    maxDraws: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100000, 'must be at most 100,000')
      .nullable()
      .optional()
      .meta({ description: "stop after this many draws; null = no limit; default: the channel's setting" }),
  })
  .strict()
  .meta({ example: { intervalSeconds: 30, chance: 0.5, maxDraws: 10 } });

const errors = channelRouteErrors;

/** `POST/DELETE/GET /api/v1/channels/{login}/session`: the automatic raffle session (SPEC §2.3, §7). */
export function sessionRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/:login/session',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['sessions'],
          summary: 'Start the automatic session: a draw of one prize every interval',
          description:
            'Needs a prize in stock (409 `no_prizes_left`) and no running session (409 `session_already_active`). ' +
            'The first draw is one interval from now. The session stops by itself when prizes run out, after ' +
            '`maxDraws` draws, or (setting) when the stream goes offline.',
          security: bearer,
          params: channelParams,
          body: startBody.nullish(),
          response: { 201: sessionSchema, ...errors },
        },
      },
      async (request, reply) => {
        const channel = channelOf(request);
        if (!services.roster) {
          throw conflict(
            'twitch_not_configured',
            'This server has no Twitch connection to draw chatters from.',
          );
        }
        const guild = guildOf(request);
        const session = await services.sessions.start(channel, {
          ...(request.body ?? {}),
          startedBy: guild ? `discord:${guild}` : request.dashboardSession ? 'dashboard' : 'api',
          requestedByGuild: guild,
        });
        reply.status(201);
        return session;
      },
    );

    app.delete(
      '/:login/session',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['sessions'],
          summary: 'Stop the automatic session',
          security: bearer,
          params: channelParams,
          response: { 200: sessionSchema, ...errors },
        },
      },
      async (request) => services.sessions.stopByUser(channelOf(request), guildOf(request)),
    );

    app.get(
      '/:login/session',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['sessions'],
          summary: 'The automatic session: running or not, draws done, next draw',
          description: 'With no running session, the last one (or nulls when there never was one).',
          security: bearer,
          params: channelParams,
          response: { 200: sessionSchema, ...errors },
        },
      },
      async (request) => services.sessions.get(channelOf(request)),
    );
  };
}
