import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Builds the preHandler that admits only `Authorization: Bearer $API_TOKEN`. Both sides are hashed
 * first so the comparison is constant-time whatever the lengths (SPEC §9).
 */
export function serviceTokenGuard(apiToken: string) {
  const expected = digest(apiToken);
  return async function requireServiceToken(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      throw new AppError(401, 'unauthorized', 'A valid service token is required (Authorization: Bearer …).');
    }
  };
}
