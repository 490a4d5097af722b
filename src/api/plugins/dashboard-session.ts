// The streamer's dashboard login (SPEC §7: "a dashboard session, its own channel only"): one signed,
// HttpOnly cookie carrying a random token, and a row in `dashboard_sessions` (named by the token's
// SHA-256) saying which channel it opens and until when. Built on @fastify/cookie rather than
// @fastify/session: its store is memory by default, wrong for several replicas, while the table is
// shared by every replica. The row makes a login revocable (SPEC §9): logout deletes it, disconnecting
// the channel deletes all of the channel's, and the old cookie then gets 401. The cookie stays signed
// with a key derived from SESSION_SECRET, so rotating the secret still ends every session at once.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { DashboardSessionRepository } from '../../channels/dashboard-session-repository.ts';
import type { Config } from '../../config/config.ts';

/** The name of the session cookie. */
export const DASHBOARD_COOKIE = 'kinoyu_session';
/** How long a dashboard login lasts: a streamer opens it a few times a week. */
export const DASHBOARD_SESSION_SECONDS = 7 * 24 * 60 * 60;

// v1 cookies named the channel themselves and had no row: they read as no login.
const FORMAT_PREFIX = 'v2:';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A valid dashboard login: its cookie checked out and its row exists and has not expired. */
export interface DashboardSession {
  /** The row's key, the SHA-256 of the cookie's token. */
  readonly id: string;
  /** The one channel this login may see and change. */
  readonly channelId: number;
  readonly expiresAt: Date;
  /** Derived from the cookie's token; CSRF tokens are made from it (csrf.ts), so they die with the session. */
  readonly csrfSecret: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The dashboard login carried by this request's cookie, if any and still valid on the server. */
    dashboardSession: DashboardSession | null;
  }
  interface FastifyReply {
    /** Logs this browser in to the dashboard of one channel (ending any earlier login of it). */
    startDashboardSession(channelId: number): Promise<void>;
    /** Logs this browser out of the dashboard: its session ends on the server too. */
    endDashboardSession(): Promise<void>;
  }
}

/** The token in a cookie value whose signature already checked out, or null if it holds none. */
export function sessionTokenOf(value: string): string | null {
  if (!value.startsWith(FORMAT_PREFIX)) return null;
  const token = value.slice(FORMAT_PREFIX.length);
  return TOKEN.test(token) ? token : null;
}

/** The key of a session's row: a database reader cannot turn it back into a cookie. */
export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('base64url');
const csrfSecretOf = (token: string) =>
  createHmac('sha256', token).update('kinoyu csrf secret').digest('base64url');

/**
 * The options of both sign-in cookies (the dashboard's and the viewer's): HttpOnly, whole site, Secure
 * behind HTTPS. Lax, not Strict: each sign-in ends with a top-level GET redirect back from Twitch, which
 * must carry the cookie.
 */
export function sessionCookieOptions(config: Config) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.publicUrl.startsWith('https:'),
  };
}

/**
 * Registers @fastify/cookie (signed with a key derived from SESSION_SECRET, so these signatures can
 * never be confused with the OAuth state's) and reads the dashboard session of every request into
 * `request.dashboardSession`: one primary-key lookup when a cookie comes, none otherwise. It runs on
 * `onRequest` before the access hook, which reads the result. Not encapsulated: every route sees it.
 */
export function dashboardSessions(config: Config, sessions: DashboardSessionRepository): FastifyPluginAsync {
  const signingKey = createHmac('sha256', config.sessionSecret).update('kinoyu dashboard cookie').digest();
  const cookieOptions = sessionCookieOptions(config);
  return fp(
    async (app) => {
      await app.register(cookie, { secret: signingKey });
      app.decorateRequest('dashboardSession', null);

      app.addHook('onRequest', async (request: FastifyRequest) => {
        const raw = request.cookies[DASHBOARD_COOKIE];
        if (!raw) return;
        const unsigned = request.unsignCookie(raw);
        const token = unsigned.valid && unsigned.value ? sessionTokenOf(unsigned.value) : null;
        if (!token) return;
        const id = sessionIdOf(token);
        const record = await sessions.findLive(id);
        if (record) request.dashboardSession = { id, ...record, csrfSecret: csrfSecretOf(token) };
      });

      app.decorateReply('startDashboardSession', async function start(this: FastifyReply, channelId: number) {
        const earlier = this.request.dashboardSession;
        if (earlier) await sessions.end(earlier.id);
        const token = randomBytes(32).toString('base64url');
        const expiresAt = new Date(Date.now() + DASHBOARD_SESSION_SECONDS * 1000);
        await sessions.create(sessionIdOf(token), { channelId, expiresAt });
        this.setCookie(DASHBOARD_COOKIE, `${FORMAT_PREFIX}${token}`, {
          ...cookieOptions,
          signed: true,
          maxAge: DASHBOARD_SESSION_SECONDS,
        });
      });

      app.decorateReply('endDashboardSession', async function end(this: FastifyReply) {
        const session = this.request.dashboardSession;
        if (session) await sessions.end(session.id);
        this.clearCookie(DASHBOARD_COOKIE, cookieOptions);
      });
    },
    { name: 'kinoyu-dashboard-sessions' },
  );
}
