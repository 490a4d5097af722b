// The streamer's dashboard login (SPEC §7: "a dashboard session, its own channel only"): one signed,
// HttpOnly cookie naming one channel by id. Built on @fastify/cookie rather than @fastify/session or
// @fastify/secure-session: the session holds two facts (the channel and a CSRF secret) that fit in a
// signed cookie, so nothing is stored on the server and every API replica sharing SESSION_SECRET reads it
// (@fastify/session keeps sessions in a store: memory by default, wrong for several replicas), and no
// native sodium module is needed (@fastify/secure-session). The cost: a session cannot be revoked
// before it expires except by rotating SESSION_SECRET; logout deletes the cookie in the browser.
import { createHmac, randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config/config.ts';

/** The name of the session cookie. */
export const DASHBOARD_COOKIE = 'kinoyu_session';
/** How long a dashboard login lasts: a streamer opens it a few times a week. */
export const DASHBOARD_SESSION_SECONDS = 7 * 24 * 60 * 60;

const FORMAT_VERSION = 'v1';

/** A valid dashboard login, as read from its cookie. */
export interface DashboardSession {
  /** The one channel this login may see and change. */
  readonly channelId: number;
  readonly expiresAt: Date;
  /** Random per login; CSRF tokens are derived from it (csrf.ts), so they die with the session. */
  readonly csrfSecret: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The dashboard login carried by this request's cookie, if any and valid. */
    dashboardSession: DashboardSession | null;
  }
  interface FastifyReply {
    /** Logs this browser in to the dashboard of one channel (replacing any earlier login). */
    startDashboardSession(channelId: number): void;
    /** Logs this browser out of the dashboard. */
    endDashboardSession(): void;
  }
}

function encode(session: DashboardSession): string {
  const expires = Math.floor(session.expiresAt.getTime() / 1000);
  return [FORMAT_VERSION, session.channelId, expires, session.csrfSecret].join(':');
}

/** The session in a cookie value whose signature already checked out, or null if it is not one or expired. */
export function decodeDashboardSession(value: string, now = Date.now()): DashboardSession | null {
  const [version, channel, expires, csrfSecret, ...rest] = value.split(':');
  if (version !== FORMAT_VERSION || rest.length > 0 || !csrfSecret) return null;
  const channelId = Number(channel);
  const expiresAt = Number(expires) * 1000;
  if (!Number.isSafeInteger(channelId) || channelId <= 0 || !Number.isSafeInteger(expiresAt)) return null;
  if (expiresAt <= now) return null;
  return { channelId, expiresAt: new Date(expiresAt), csrfSecret };
}

/**
 * Registers @fastify/cookie (signed with a key derived from SESSION_SECRET, so these signatures can
 * never be confused with the OAuth state's) and reads the dashboard session of every request into
 * `request.dashboardSession`. Not encapsulated: every route sees it.
 */
export function dashboardSessions(config: Config): FastifyPluginAsync {
  const signingKey = createHmac('sha256', config.sessionSecret).update('kinoyu dashboard cookie').digest();
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    // Lax, not Strict: the login ends with a top-level GET redirect back from Twitch, which must carry it.
    sameSite: 'lax' as const,
    secure: config.publicUrl.startsWith('https:'),
  };
  return fp(
    async (app) => {
      await app.register(cookie, { secret: signingKey });
      app.decorateRequest('dashboardSession', null);

      app.addHook('onRequest', async (request: FastifyRequest) => {
        const raw = request.cookies[DASHBOARD_COOKIE];
        if (!raw) return;
        const unsigned = request.unsignCookie(raw);
        request.dashboardSession =
          unsigned.valid && unsigned.value ? decodeDashboardSession(unsigned.value) : null;
      });

      app.decorateReply('startDashboardSession', function start(this: FastifyReply, channelId: number) {
        const session: DashboardSession = {
          channelId,
          expiresAt: new Date(Date.now() + DASHBOARD_SESSION_SECONDS * 1000),
          csrfSecret: randomBytes(18).toString('base64url'),
        };
        this.setCookie(DASHBOARD_COOKIE, encode(session), {
          ...cookieOptions,
          signed: true,
          maxAge: DASHBOARD_SESSION_SECONDS,
        });
      });

      app.decorateReply('endDashboardSession', function end(this: FastifyReply) {
        this.clearCookie(DASHBOARD_COOKIE, cookieOptions);
      });
    },
    { name: 'kinoyu-dashboard-sessions' },
  );
}
