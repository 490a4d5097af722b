import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearer, channelParams, channelRouteErrors, problemSchema } from '../../../../../contract/common.ts';
import {
  drawBodySchema,
  raffleHistoryQuerySchema,
  raffleHistorySchema,
} from '../../../../../contract/draws.ts';
import { raffleSchema } from '../../../../../contract/raffle.ts';
import { nothingToDraw } from '../../../../../raffles/raffle-service.ts';
import { toRaffleView } from '../../../../../raffles/raffle-view.ts';
import { channelOf, guildOf } from '../../../../plugins/access.ts';
import type { Services } from '../../../../services.ts';

const errors = channelRouteErrors;

/** `POST /api/v1/channels/{login}/raffles` (a one-off draw) and `GET …/raffles` (history); SPEC §7. */
export function channelRaffleRoutes(services: Services): FastifyPluginAsyncZod {
  const publicUrl = services.config.publicUrl;
  return async (app) => {
    app.post(
      '/:login/raffles',
      {
        config: { access: 'scoped' },
        // 1,000,000 entrants of ~60 bytes each, from the service token only (the access hook holds
        // every other caller to the shared limit).
        bodyLimit: 64 * 1024 * 1024,
        schema: {
          tags: ['raffles'],
          summary: 'Draw now: winners (and their prizes) among the given entrants',
          description:
            'Stores the commitment first, then freezes the entrants and calls make_raffle in one transaction. ' +
            'Nothing to draw (nobody eligible, or every prize given away) is a 409 with code ' +
            '`no_eligible_entrants` or `no_prizes_left`. A repeated `idempotencyKey` returns the first ' +
            'result with status 200. With the channel setting `publicRandomness` (SPEC §4.1) the snapshot is ' +
            'frozen first, the drand round chosen and published (`raffle.snapshot`), and the draw waits for ' +
            'that round: when it has not come 2 s after its time, the answer is 202 with the raffle still ' +
            '`pending` (its `beacon` says which round); `raffle.drawn` or `raffle.voided` follows. No drand ' +
            'relay reachable: 503 `beacon_unavailable`, nothing drawn.',
          security: bearer,
          params: channelParams,
          body: drawBodySchema,
          response: {
            200: raffleSchema,
            201: raffleSchema,
            202: raffleSchema,
            ...errors,
            503: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const outcome = await services.draws.drawNow({
          login: request.params.login,
          winners: request.body.winners,
          idempotencyKey: request.body.idempotencyKey,
          entrants: request.body.entrants,
          context: {
            trigger: request.dashboardSession ? 'dashboard' : 'command',
            requestedByGuild: guildOf(request),
          },
        });
        if (outcome.kind === 'pending') {
          reply.status(202);
          return outcome.view;
        }
        if (outcome.kind !== 'drawn') throw nothingToDraw(outcome.result);
        reply.status(outcome.replayed ? 200 : 201);
        return outcome.view;
      },
    );

    app.get(
      '/:login/raffles',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['raffles'],
          summary: "A channel's raffles, newest first",
          description: 'Pass `nextBefore` of a page as `before` to get the next page.',
          security: bearer,
          params: channelParams,
          querystring: raffleHistoryQuerySchema,
          response: { 200: raffleHistorySchema, ...errors },
        },
      },
      async (request) => {
        const channel = channelOf(request);
        const { limit, before } = request.query;
        const page = await services.raffleRepository.history(channel.id, limit, before);
        const last = page.at(-1);
        return {
          raffles: page.map((result) => toRaffleView(result, channel.login, publicUrl)),
          nextBefore: page.length === limit && last ? last.raffleId : null,
        };
      },
    );
  };
}
