import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Tables } from '../db/tables.ts';
import { consumeToken } from '../security/nonce-store.ts';
import { SignedTokenError, type SignedTokens } from '../security/signed-token.ts';
import { exchangeForUser } from './code-exchange.ts';
import type { TwitchApplication } from './connect-service.ts';
import { revokeAtTwitch } from './revoke.ts';

const STATE_TTL_SECONDS = 10 * 60;

/** A viewer who proved to Twitch who they are. */
export interface Viewer {
  readonly userId: string;
  readonly login: string;
}

/** How a viewer sign-in ended. */
export type ViewerLoginResult =
  | { readonly outcome: 'signed_in'; readonly viewer: Viewer; readonly next: string }
  | { readonly outcome: 'invalid_state' | 'denied' | 'exchange_failed'; readonly next: string };

/**
 * The viewers' "Entrar com a Twitch" of the claim and account-link pages (SPEC §2.8): the
 * authorization-code flow with no scopes, apart from the streamer's connection. It only learns who the
 * viewer is: the token is revoked at once and stored nowhere. The `state` is signed and single-use and
 * carries where to land afterwards (a path of this site, checked by the route's schema).
 */
export class ViewerLogin {
  constructor(
    private readonly deps: {
      readonly db: Kysely<Tables>;
      readonly application: TwitchApplication;
      readonly publicUrl: string;
      readonly tokens: SignedTokens;
      readonly logger: Logger;
    },
  ) {}

  get redirectUri(): string {
    return `${this.deps.publicUrl}/auth/twitch/viewer/callback`;
  }

  /** The Twitch authorize URL: no scopes, a signed single-use state naming where to land. */
  authorizeUrl(next: string): string {
    const state = this.deps.tokens.sign({ purpose: 'viewer_state', r: next }, STATE_TTL_SECONDS);
    const url = new URL(this.deps.application.authorizeUrl);
    url.search = new URLSearchParams({
      client_id: this.deps.application.clientId,
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: '',
      state,
    }).toString();
    return url.toString();
  }

  /** Twitch's redirect back: spends the state, exchanges the code, learns the viewer, revokes. */
  async handleCallback(query: { code?: string; state?: string; error?: string }): Promise<ViewerLoginResult> {
    const log = this.deps.logger;
    let next = '/resgatar';
    try {
      const verified = await consumeToken(this.deps.db, this.deps.tokens, query.state ?? '', 'viewer_state');
      next = String(verified.fields.r ?? next);
    } catch (error) {
      if (!(error instanceof SignedTokenError)) throw error;
      log.warn({ reason: error.code }, 'viewer sign-in refused: bad OAuth state');
      return { outcome: 'invalid_state', next };
    }
    if (query.error !== undefined || !query.code) return { outcome: 'denied', next };
    try {
      const { token, user } = await exchangeForUser(this.deps.application, query.code, this.redirectUri);
      revokeAtTwitch(this.deps.application.clientId, token.accessToken).catch((error: unknown) =>
        log.warn({ err: error }, 'Twitch did not revoke the viewer sign-in token'),
      );
      return { outcome: 'signed_in', viewer: user, next };
    } catch (error) {
      log.warn({ err: error }, 'viewer sign-in: Twitch code exchange failed');
      return { outcome: 'exchange_failed', next };
    }
  }
}
