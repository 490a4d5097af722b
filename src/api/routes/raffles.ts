import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearer, channelParams, channelRouteErrors, idParam, problemSchema } from '../../contract/common.ts';
import { raffleSchema } from '../../contract/raffle.ts';
import { conflict } from '../../errors.ts';
import { DRAW_LIMITS, nothingToDraw } from '../../raffles/raffle-service.ts';
import { toRaffleView } from '../../raffles/raffle-view.ts';
import { channelOf, guildOf } from '../plugins/access.ts';
import type { Services } from '../services.ts';

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

/** One-off draws, redraws and history (SPEC §7). */
export function raffleRoutes(services: Services): FastifyPluginAsyncZod {
  const publicUrl = services.config.publicUrl;
  return async (app) => {
    app.post(
      '/channels/:login/raffles',
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
      '/channels/:login/chatters',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['twitch'],
          summary: 'Who can be drawn right now: the chat list with weights, and who is left out and why',
          description:
            'All pages of Get Chatters. Blocklist, cooldowns and session limits are decided at draw time, ' +
            'inside make_raffle.',
          security: bearer,
          params: channelParams,
          response: {
            200: z
              .object({
                chatters: z.array(z.object({ userId: z.string(), login: z.string(), weight: z.number() })),
                excluded: z.array(z.object({ userId: z.string(), login: z.string(), reason: z.string() })),
                total: z.number(),
              })
              .meta({
                example: {
                  chatters: [
                    { userId: '50213', login: 'ana_gamer', weight: 1 },
                    { userId: '50377', login: 'bruno', weight: 1.5 },
                  ],
                  excluded: [{ userId: '19264', login: 'nightbot', reason: 'bot' }],
                  total: 3,
                },
              }),
            ...errors,
            503: problemSchema,
          },
        },
      },
      async (request) => {
        const channel = channelOf(request);
        if (!services.roster)
          throw conflict('twitch_not_configured', 'This server has no Twitch connection.');
        const entrants = await services.roster.entrants(channel);
        return {
          chatters: entrants
            .filter((entrant) => !entrant.excludedReason)
            .map((entrant) => ({
              userId: entrant.userId,
              login: entrant.login,
              weight: entrant.weight ?? 1,
            })),
          excluded: entrants
            .filter((entrant) => entrant.excludedReason)
            .map((entrant) => ({
              userId: entrant.userId,
              login: entrant.login,
              reason: entrant.excludedReason ?? '',
            })),
          total: entrants.length,
        };
      },
    );

    app.post(
      '/raffles/:id/reroll',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['raffles'],
          summary: 'Redraw one slot ("Sortear de novo"): same prize, next entrant by key',
          security: bearer,
          params: z.object({ id: idParam }),
          body: z
            .object({ position: z.number().int('must be a whole number').min(1, 'must be at least 1') })
            .strict()
            .meta({ example: { position: 1 } }),
          response: { 200: raffleSchema, ...errors },
        },
      },
      async (request) => {
        const result = await services.raffles.reroll(request.params.id, request.body.position);
        const channel = await services.channels.findById(result.channelId);
        if (!channel) return toRaffleView(result, '', publicUrl);
        return services.announcer.announce(channel, result, {
          trigger: 'reroll',
          requestedByGuild: guildOf(request),
          position: request.body.position,
        });
      },
    );

    app.get(
      '/channels/:login/raffles',
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
