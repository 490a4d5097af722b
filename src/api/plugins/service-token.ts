import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { sameSecret } from '../../security/constant-time.ts';

/** Refuses (401) a request that does not carry `Authorization: Bearer $API_TOKEN`; constant-time. */
export function requireServiceToken(request: FastifyRequest, apiToken: string): void {
  const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  if (!match?.[1] || !sameSecret(match[1], apiToken)) {
    throw new AppError(401, 'unauthorized', 'A valid service token is required (Authorization: Bearer …).');
  }
}
