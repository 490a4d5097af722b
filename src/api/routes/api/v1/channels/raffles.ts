import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearer, channelParams, channelRouteErrors, idParam } from '../../../../../contract/common.ts';
import { raffleSchema } from '../../../../../contract/raffle.ts';
import { DRAW_LIMITS, nothingToDraw } from '../../../../../raffles/raffle-service.ts';
import { toRaffleView } from '../../../../../raffles/raffle-view.ts';
import { channelOf, guildOf } from '../../../../plugins/access.ts';
import type { Services } from '../../../../services.ts';

const entrant = z.object({
  userId: z.string().min(1, 'cannot be empty').max(64, 'must be at most 64 characters'),
  login: z.string().min(1, 'cannot be empty').max(64, 'must be at most 64 characters'),
  weight: z
    .number({ error: 'must be a number' })
    .positive('must be greater than 0')
    .max(DRAW_LIMITS.maxWeight, `must be at most ${DRAW_LIMITS.maxWeight}`)
    .optional()
    .meta({ description: 'default 1; at most two decimals' }),
});

const drawBody = z
  .object({
    winners: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(DRAW_LIMITS.maxWinners, `must be at most ${DRAW_LIMITS.maxWinners}`)
      .default(1),
    idempotencyKey: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'a repeated key returns the first draw instead of drawing again' }),
    entrants: z.array(entrant).max(DRAW_LIMITS.maxEntrants).optional().meta({
      description:
        'the entrants to draw from; omitted = the Twitch chatters of the connected channel, right now',
    }),
  })
  .strict()
  .meta({
    example: {
      winners: 2,
      idempotencyKey: 'discord-message-1234',
      entrants: [
        { userId: '1001', login: 'ana', weight: 1 },
        { userId: '1002', login: 'bruno', weight: 1.5 },
        { userId: '1003', login: 'carla' },
      ],
    },
  });

const errors = channelRouteErrors;

/** `POST /api/v1/channels/{login}/raffles` (a one-off draw) and `GET …/raffles` (history); SPEC §7. */
export function channelRaffleRoutes(services: Services): FastifyPluginAsyncZod {
  const publicUrl = services.config.publicUrl;
  return async (app) => {
    app.post(
      '/:login/raffles',
      {
        config: { access: 'scoped' },
        // 1,000,000 entrants of ~60 bytes each.
        bodyLimit: 64 * 1024 * 1024,
        schema: {
          tags: ['raffles'],
          summary: 'Draw now: winners (and their prizes) among the given entrants',
          description:
            'Stores the commitment first, then freezes the entrants and calls make_raffle in one transaction. ' +
            'Nothing to draw (nobody eligible, or every prize given away) is a 409 with code ' +
            '`no_eligible_entrants` or `no_prizes_left`. A repeated `idempotencyKey` returns the first ' +
            'result with status 200.',
          security: bearer,
          params: channelParams,
          body: drawBody,
          response: { 200: raffleSchema, 201: raffleSchema, ...errors },
        },
      },
      async (request, reply) => {
        const outcome = await services.draws.drawNow({
          login: request.params.login,
          winners: request.body.winners,
          idempotencyKey: request.body.idempotencyKey,
          entrants: request.body.entrants,
          context: { trigger: 'command', requestedByGuild: guildOf(request) },
        });
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
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(100).default(20),
            before: idParam.optional(),
          }),
          response: {
            200: z
              .object({ raffles: z.array(raffleSchema), nextBefore: z.number().nullable() })
              .meta({ example: { raffles: [], nextBefore: null } }),
            ...errors,
          },
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
