import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearer, channelParams, channelRouteErrors } from '../../../../../contract/common.ts';
import { entriesQuerySchema, entriesSchema, openEntriesBodySchema } from '../../../../../contract/entries.ts';
import { channelOf, guildOf } from '../../../../plugins/access.ts';
import type { Services } from '../../../../services.ts';

const errors = channelRouteErrors;

/** `POST/DELETE/GET /api/v1/channels/{login}/entries`: the entry window by keyword (SPEC §2.7, §7). */
export function entryRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/:login/entries',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['entries'],
          summary: 'Open an entry window: viewers who type the keyword in Twitch chat enter',
          description:
            "Without `keyword`, the channel's `entryKeyword`. Announced in Twitch chat and as `entries.opened`. " +
            '409 `entries_already_open` while one is open. With `entryMode: "keyword"`, draws take their entrants ' +
            'from the open window, or the last one closed.',
          security: bearer,
          params: channelParams,
          body: openEntriesBodySchema.nullish(),
          response: { 201: entriesSchema, ...errors },
        },
      },
      async (request, reply) => {
        const view = await services.entries.open(channelOf(request), request.body?.keyword, guildOf(request));
        reply.status(201);
        return view;
      },
    );

    app.delete(
      '/:login/entries',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['entries'],
          summary: 'Close the entry window (announced in Twitch chat and as `entries.closed`)',
          description: '409 `entries_not_open` when no window is open. Its entries stay for the draws.',
          security: bearer,
          params: channelParams,
          response: { 200: entriesSchema, ...errors },
        },
      },
      async (request) => services.entries.close(channelOf(request), guildOf(request)),
    );

    app.get(
      '/:login/entries',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['entries'],
          summary: 'The open (or last) entry window: counts, entrants, refused entries and why',
          description:
            'Entries are listed in byte order of `userId`, `limit` (1–1,000, default 100) at a time; ' +
            'pass `after` = the `nextAfter` of the previous page.',
          security: bearer,
          params: channelParams,
          querystring: entriesQuerySchema,
          response: { 200: entriesSchema, ...errors },
        },
      },
      async (request) => services.entries.view(channelOf(request), request.query.limit, request.query.after),
    );
  };
}
