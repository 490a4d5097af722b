import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../errors.ts';
import { loadProof } from '../../raffles/proof-repository.ts';
import type { Services } from '../services.ts';
import { idParam, problemSchema } from './schemas.ts';

/** The public proof of SPEC §4: anyone can fetch it and recompute the draw. */
export function proofRoutes(services: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/raffles/:id/proof',
      {
        schema: {
          tags: ['raffles'],
          summary: 'The public proof of a draw (no authentication)',
          description:
            'Algorithm `kinoyu-es-sha256-v1` (SPEC §4). Before the draw only the commitment is public: ' +
            '`seed` is null and the lists are empty. Check it with `npx kinoyu verify <id>`.',
          params: z.object({ id: idParam }),
          // No response schema: a proof can list 100,000 entrants, and it is served as stored.
          response: { 200: z.unknown(), 404: problemSchema, 400: problemSchema },
        },
      },
      async (request, reply) => {
        const proof = await loadProof(services.database.db, request.params.id);
        if (!proof) throw notFound('raffle_not_found', `There is no raffle ${request.params.id}.`);
        return reply.header('cache-control', proof.seed ? 'public, max-age=60' : 'no-store').send(proof);
      },
    );
  };
}
