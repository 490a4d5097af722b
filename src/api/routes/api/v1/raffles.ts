import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { bearer, channelRouteErrors, problemSchema } from '../../../../contract/common.ts';
import { raffleParams, rerollBodySchema } from '../../../../contract/draws.ts';
import { raffleSchema } from '../../../../contract/raffle.ts';
import { notFound } from '../../../../errors.ts';
import { loadProof } from '../../../../raffles/proof-repository.ts';
import { toRaffleView } from '../../../../raffles/raffle-view.ts';
import { channelOf, guildOf } from '../../../plugins/access.ts';
import type { Services } from '../../../services.ts';

const errors = channelRouteErrors;

/**
 * One raffle by id: `GET /api/v1/raffles/{id}/proof`, the public proof of SPEC §4 (anyone can fetch it
 * and recompute the draw), and `POST /api/v1/raffles/{id}/reroll`, a redraw of one slot (SPEC §7).
 */
export function raffleRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/raffles/:id/proof',
      {
        config: { access: 'public' },
        schema: {
          tags: ['raffles'],
          summary: 'The public proof of a draw (no authentication)',
          description:
            'Algorithm `kinoyu-es-sha256-v1` (SPEC §4). Before the draw only the commitment is public: ' +
            '`seed` is null and the lists are empty. Check it with `npx kinoyu verify <id>`.',
          params: raffleParams,
          // No response schema: a proof can list 100,000 entrants, and it is served as stored.
          response: {
            200: z.unknown().meta({
              description: 'The proof (schema: src/raffles/proof.ts)',
              example: {
                algorithm: 'kinoyu-es-sha256-v1',
                raffleId: 42,
                channel: 'kinoyu_sandbox',
                createdAt: '2026-11-25T20:15:00.000Z',
                drawnAt: '2026-11-25T20:15:00.210Z',
                commitment: '9f2b5c3e0d1a4b6c8e7f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d',
                entrantsDigest: '3c1e0a9b8d7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918f7e6d5c',
                seed: 'a41f0c2e9b8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29180f7e6d5c4b3a291807',
                entrants: [
                  { userId: '50213', login: 'ana_gamer', weight: 1 },
                  { userId: '50377', login: 'bruno', weight: 1.5 },
                ],
                excluded: [{ userId: '19264', login: 'nightbot', reason: 'bot' }],
                items: [{ id: 7, name: 'skin dourada', weight: 50, quantity: 2 }],
                winners: [
                  { position: 1, userId: '50213', login: 'ana_gamer', itemId: 7, itemName: 'skin dourada' },
                ],
                replaced: [],
              },
            }),
            404: problemSchema,
            400: problemSchema,
          },
        },
      },
      async (request, reply) => {
        const proof = await loadProof(services.database.db, request.params.id);
        if (!proof) throw notFound('raffle_not_found', `There is no raffle ${request.params.id}.`);
        // A proof changes while a claim window runs (claimed, redrawn, forfeited): cached only once settled.
        const settled =
          proof.seed && !proof.winners.some((winner) => winner.claim?.state === 'awaiting_claim');
        return reply.header('cache-control', settled ? 'public, max-age=60' : 'no-store').send(proof);
      },
    );

    app.get(
      '/raffles/:id',
      {
        config: { access: 'scoped' },
        schema: {
          tags: ['raffles'],
          summary: 'One raffle: status, winners with their claim window, prizes, and replaced holders',
          description:
            "With claims on (SPEC §2.6) each winner's `claim` says `awaiting_claim` (with its deadline), " +
            '`claimed` or `forfeited`, and shows their first chat message since the draw.',
          security: bearer,
          params: raffleParams,
          response: { 200: raffleSchema, ...errors },
        },
      },
      async (request) => {
        const channel = channelOf(request);
        const result = await services.raffleRepository.result(request.params.id);
        if (!result) throw notFound('raffle_not_found', `There is no raffle ${request.params.id}.`);
        return toRaffleView(result, channel.login, services.config.publicUrl);
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
          params: raffleParams,
          body: rerollBodySchema,
          response: { 200: raffleSchema, ...errors },
        },
      },
      async (request) => {
        return services.draws.redraw(
          channelOf(request),
          request.params.id,
          request.body.position,
          guildOf(request),
        );
      },
    );
  };
}
