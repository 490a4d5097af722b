import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearer, channelRouteErrors } from '../../../../../contract/common.ts';
import {
  addCodesBodySchema,
  codeListQuerySchema,
  codeListSchema,
  codeParams,
  codesAddedSchema,
  PRIZE_LIST_LIMITS,
} from '../../../../../contract/prizes.ts';
import { channelOf } from '../../../../plugins/access.ts';
import type { Services } from '../../../../services.ts';

/**
 * `POST/GET /api/v1/channels/{login}/items/{id}/codes`: a prize's secret codes (SPEC §2.8). Added in
 * bulk (all or none) and listed without their secrets: once saved, a code is never shown to the
 * streamer again, only to the winner of its slot.
 */
export function codeRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/:login/items/:id/codes',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['prizes'],
          summary: 'Add secret codes to a prize (1–1,000 a call); its quantity becomes its unused codes',
          description:
            'A code repeated in the list or already stored for the prize is a 409 `duplicate_codes`, and nothing ' +
            'is added. Codes are encrypted at rest and never appear in logs, proofs, events or announcements.',
          security: bearer,
          params: codeParams,
          body: addCodesBodySchema,
          response: { 201: codesAddedSchema, ...channelRouteErrors },
        },
      },
      async (request, reply) => {
        const added = await services.prizes.addCodes(
          channelOf(request),
          request.params.id,
          request.body.codes,
        );
        reply.status(201);
        return added;
      },
    );

    app.get(
      '/:login/items/:id/codes',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['prizes'],
          summary: "A prize's codes, without their secrets: state, slot, delivery time",
          security: bearer,
          params: codeParams,
          querystring: codeListQuerySchema,
          response: { 200: codeListSchema, ...channelRouteErrors },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return services.prizes.listCodes(channelOf(request), request.params.id, {
          limit: request.query.limit ?? PRIZE_LIST_LIMITS.defaultLimit,
          after: request.query.after,
        });
      },
    );
  };
}
