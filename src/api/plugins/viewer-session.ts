// The viewer's sign-in on the claim and account-link pages (SPEC §2.8): one HttpOnly cookie holding a
// signed, expiring token (purpose `viewer_session`) that names the Twitch user. Apart from the
// streamer's dashboard session in every way: its own cookie, its own signing key, no channel rights.
// Kept in the cookie rather than in a table: a viewer session opens only the viewer's own prizes, lasts
// 12 hours, and logging out deletes the cookie; nothing on the server needs to find it again.
import { createHmac } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config/config.ts';
import { SignedTokenError, type SignedTokens } from '../../security/signed-token.ts';
import type { Viewer } from '../../twitch/viewer-login.ts';
import { csrfTokenFor } from './csrf.ts';
import { sessionCookieOptions } from './dashboard-session.ts';

/** The name of the viewer's cookie (the dashboard's is `kinoyu_session`). */
export const VIEWER_COOKIE = 'kinoyu_viewer';
/** How long a viewer stays signed in. */
export const VIEWER_SESSION_SECONDS = 12 * 60 * 60;

/** A signed-in viewer. */
export interface ViewerSession {
  readonly userId: string;
  readonly login: string;
  readonly displayName: string;
  /** CSRF tokens of this session are made from it (csrf.ts). */
  readonly csrfSecret: string;
  /** A fresh CSRF token for the page (header `X-CSRF-Token` on every change). */
  readonly csrfToken: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The viewer signed in by this request's cookie, if any. */
    viewerSession: ViewerSession | undefined;
  }
  interface FastifyReply {
    /** Signs this browser in as `viewer` (the claim and account-link pages). */
    startViewerSession(viewer: Viewer): void;
    /** Signs the viewer out of this browser. */
    endViewerSession(): void;
  }
}

/** Reads the viewer of every request into `request.viewerSession` (no database access). */
export function viewerSessions(config: Config, tokens: SignedTokens): FastifyPluginAsync {
  const cookieOptions = sessionCookieOptions(config);
  return fp(
    async (app) => {
      app.decorateRequest('viewerSession', undefined);
      app.addHook('onRequest', async (request: FastifyRequest) => {
        const raw = request.cookies[VIEWER_COOKIE];
        if (!raw) return;
        try {
          const verified = tokens.verify(raw, 'viewer_session');
          const { u, l } = verified.fields;
          if (typeof u !== 'string' || typeof l !== 'string') return;
          const csrfSecret = createHmac('sha256', verified.nonce)
            .update('kinoyu viewer csrf')
            .digest('base64url');
          request.viewerSession = {
            userId: u,
            login: l,
            displayName: l,
            csrfSecret,
            csrfToken: csrfTokenFor({ csrfSecret }),
          };
        } catch (error) {
          if (!(error instanceof SignedTokenError)) throw error;
        }
      });
      app.decorateReply('startViewerSession', function start(this: FastifyReply, viewer: Viewer) {
        const token = tokens.sign(
          { purpose: 'viewer_session', u: viewer.userId, l: viewer.login },
          VIEWER_SESSION_SECONDS,
        );
        this.setCookie(VIEWER_COOKIE, token, { ...cookieOptions, maxAge: VIEWER_SESSION_SECONDS });
      });
      app.decorateReply('endViewerSession', function end(this: FastifyReply) {
        this.clearCookie(VIEWER_COOKIE, cookieOptions);
      });
    },
    { name: 'kinoyu-viewer-sessions', dependencies: ['kinoyu-dashboard-sessions'] },
  );
}
