import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { sameSecret } from '../../security/constant-time.ts';

/** The 401 of a request without the credentials a route needs (by default: the service token). */
export const unauthorized = (message = 'A valid service token is required (Authorization: Bearer …).') =>
  new AppError(401, 'unauthorized', message);

/** Refuses (401) a request that does not carry `Authorization: Bearer $API_TOKEN`; constant-time. */
export function requireServiceToken(request: FastifyRequest, apiToken: string): void {
  const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  if (!match?.[1] || !sameSecret(match[1], apiToken)) {
    throw unauthorized();
  }
}
