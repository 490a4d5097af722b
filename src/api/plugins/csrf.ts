// CSRF protection of the dashboard (SPEC §9): a state-changing request that a browser authenticates
// with the session cookie must also carry a token the page got from us (header `X-CSRF-Token`). Another
// site can make the browser send the cookie, but cannot read the token. Tokens come from @fastify/csrf
// (the token library under @fastify/csrf-protection), bound to the session's own secret: they die with
// the session, and one session's token is worthless for another. @fastify/csrf-protection itself was
// left out because it keeps its secret in a second cookie and answers refusals through its own error
// (FST_CSRF_INVALID_TOKEN), where the API promises the problem+json code `csrf_invalid`.
import { Tokens } from '@fastify/csrf';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { DashboardSession } from './dashboard-session.ts';

/** The request header that carries the token. */
export const CSRF_HEADER = 'x-csrf-token';

// No userInfo: the secret is already the session's own.
const tokens = new Tokens({ userInfo: false });
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A fresh token for the pages of this session (salted: each one differs, all verify). */
export function csrfTokenFor(session: Pick<DashboardSession, 'csrfSecret'>): string {
  return tokens.create(session.csrfSecret);
}

/** Whether this request changes state, and so needs the token when the cookie authenticates it. */
export function changesState(request: FastifyRequest): boolean {
  return !SAFE_METHODS.has(request.method);
}

/** Refuses (403 `csrf_invalid`) a request without a valid token for this session. */
export function requireCsrfToken(
  request: FastifyRequest,
  session: Pick<DashboardSession, 'csrfSecret'>,
): void {
  const token = request.headers[CSRF_HEADER];
  if (typeof token !== 'string' || !tokens.verify(session.csrfSecret, token)) {
    throw new AppError(
      403,
      'csrf_invalid',
      'This change needs the CSRF token of your page (X-CSRF-Token): reload the page and try again.',
    );
  }
}
